import { AuthenticationError, DomainError, ForbiddenError } from '../../shared/errors.js';

/**
 * The workspace requires a second factor and the caller has not enrolled one: only `self` routes
 * (profile, MFA enrolment, sessions, logout) answer until they do. HTTP 403, code MFA_REQUIRED.
 */
export class MfaRequiredError extends DomainError {
  readonly code = 'MFA_REQUIRED';
}

/** A wrong, reused or expired code on a signed-in route (confirm, disable): 403, like a wrong current password. */
export class MfaCodeRejectedError extends ForbiddenError {
  constructor(message = 'invalid code', readonly reason?: string) {
    super(message);
  }
}

/** What the client is told about any failed second-factor login; the precise cause goes to `reason`. */
export const INVALID_MFA_LOGIN = 'invalid or expired MFA token or code';

/** A failed second-factor login (unknown, used, expired or exhausted token; wrong or replayed code): 401. */
export class MfaLoginRejectedError extends AuthenticationError {
  constructor(readonly reason: string) {
    super(INVALID_MFA_LOGIN);
  }
}
