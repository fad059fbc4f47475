import { DEFAULT_INVITATION_TTL_HOURS, type InvitationSettings } from '../../config/invitations.js';
import type { Db } from '../../db/connect.js';
import type { AuthEventRecorder } from '../auth/auth-events.js';
import type { LoginService } from '../auth/login-service.js';
import type { AuditSink } from '../identity/model.js';
import type { UsersService } from '../identity/users-service.js';
import type { MfaService } from '../mfa/service.js';
import { InvitationAcceptance } from './accept.js';
import { SmtpMailer, type Mailer } from './mailer.js';
import { InvitationService } from './service.js';

export { INVALID_INVITATION, InvitationAcceptance, InvitationMfaRequiredError, InvitationRejectedError } from './accept.js';
export { MailDeliveryError, SmtpMailer, type Mailer } from './mailer.js';
export { INVITE_PATH, invitationLink, type Delivery, type InvitationView } from './model.js';
export { InvitationService, type IssuedInvitation } from './service.js';

/** config.invitations, or a Mailer of the caller's own instead of SMTP settings. */
export type InvitationOptions = Partial<InvitationSettings> & { mailer?: Mailer; clock?: () => Date };

export interface InvitationServices {
  manage: InvitationService;
  acceptance: InvitationAcceptance;
}

export function createInvitationServices(
  db: Db,
  deps: { audit: AuditSink; users: UsersService; login: LoginService; mfa: MfaService; events: AuthEventRecorder; options?: InvitationOptions },
): InvitationServices {
  const o = deps.options ?? {};
  const mailer = o.mailer ?? (o.smtp ? new SmtpMailer(o.smtp) : undefined);
  return {
    manage: new InvitationService(db, { audit: deps.audit, ttlHours: o.ttlHours ?? DEFAULT_INVITATION_TTL_HOURS, mailer, clock: o.clock }),
    acceptance: new InvitationAcceptance(db, { users: deps.users, login: deps.login, mfa: deps.mfa, audit: deps.audit, events: deps.events, clock: o.clock }),
  };
}
