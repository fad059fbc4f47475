import type { Db } from '../../db/connect.js';
import type { AuditSink, CredentialRevoker } from './model.js';
import { SetupService } from './setup.js';
import { UsersService } from './users-service.js';

export type { AuditSink, CredentialRevoker, Member, Membership, User, UserStatus, Workspace } from './model.js';
export { INVALID_SETUP_TOKEN, SetupService, type IssuedSetupToken, type SetupInput } from './setup.js';
export { INVALID_CREDENTIALS, UsersService, type NewUserInput } from './users-service.js';
export { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.js';

export interface IdentityServices {
  users: UsersService;
  setup: SetupService;
}

/** Builds the identity services on one database; the caller supplies the credential revoker. */
export function createIdentityServices(db: Db, deps: { revoker: CredentialRevoker; audit?: AuditSink; clock?: () => Date }): IdentityServices {
  const users = new UsersService(db, deps);
  return { users, setup: new SetupService(db, { users, audit: deps.audit, clock: deps.clock }) };
}
