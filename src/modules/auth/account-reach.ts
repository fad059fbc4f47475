import { DomainError } from '../../shared/errors.js';
import type { Principal } from './permissions.js';
import { provesAccount } from './sessions.js';

/**
 * An account-wide action (two-factor settings) asked for by a session that speaks for one workspace
 * only: sign in with the account's password (and code) to do it. HTTP 403.
 */
export class ReauthenticationRequiredError extends DomainError {
  readonly code = 'REAUTHENTICATION_REQUIRED';
}

/**
 * Actions a person must take signed in, never an API key of any scope: changing a password, deleting a
 * workspace, changing who must use two-factor authentication. A leaked automation key must not do them.
 */
export function requireSession(p: Pick<Principal, 'kind'>, what: string): void {
  if (p.kind !== 'user') throw new ReauthenticationRequiredError(`an API key cannot ${what}: only a session may (sign in with your password)`);
}

export interface MembershipLookup {
  belongsElsewhere(userId: string, workspaceId: string): Promise<boolean>;
}

/**
 * How far a principal's word goes over the account behind it. A password login proves the account,
 * so it reaches all of it. An SSO login proves only what one workspace's identity provider says,
 * and the admins of that workspace choose the provider: while the account also belongs to other
 * workspaces, such a session (like an API key, or a session of unknown method) reaches only its own
 * workspace. It lists and ends only that workspace's sessions, and cannot change two-factor
 * settings, which every workspace of the account relies on.
 */
export class AccountReach {
  constructor(private readonly users: MembershipLookup) {}

  /** undefined: the whole account; otherwise the one workspace the principal may act in. */
  async of(p: Principal): Promise<string | undefined> {
    if (p.kind === 'user' && provesAccount(p.authMethod)) return undefined;
    return (await this.users.belongsElsewhere(p.userId, p.workspaceId)) ? p.workspaceId : undefined;
  }

  /** Throws ReauthenticationRequiredError unless the principal reaches the whole account. */
  async requireWholeAccount(p: Principal, what: string): Promise<void> {
    if ((await this.of(p)) !== undefined) {
      throw new ReauthenticationRequiredError(
        `${what} affects every workspace of your account: sign in with your password (not single sign-on or an API key) to do it`,
      );
    }
  }
}
