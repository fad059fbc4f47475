/**
 * Domain errors, free of HTTP. The HTTP layer maps each `code` to a status in one place
 * (src/http/error-handler.ts); the CLI prints `message` and exits non-zero.
 */
export interface FieldIssue {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly details?: unknown;
  /** For the operator's log only, never answered: why a server-side failure happened. */
  readonly logDetail?: Record<string, unknown>;
  constructor(message: string, details?: unknown, logDetail?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.details = details;
    if (logDetail) this.logDetail = logDetail;
  }
}

/** An error whose details are one `{path, message}` per offending field. */
abstract class FieldIssuesError extends DomainError {
  declare readonly details: FieldIssue[];
  constructor(message: string, issues: FieldIssue[]) {
    super(message, issues);
  }
}

export class ValidationError extends FieldIssuesError {
  readonly code = 'VALIDATION_FAILED';
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
}

export class ConflictError extends DomainError {
  readonly code = 'ALREADY_EXISTS';
}

/** The change would leave a workspace without an active admin (HTTP 409). */
export class LastAdminError extends DomainError {
  readonly code = 'LAST_ADMIN';
}

export class PreconditionFailedError extends DomainError {
  readonly code = 'PRECONDITION_FAILED';
}

/** A write asks to change a field only the server sets (a version, a timestamp). HTTP 422. */
export class ReadOnlyFieldError extends FieldIssuesError {
  readonly code = 'READ_ONLY_FIELD';
}

/** A write refers to entities that do not exist in the workspace. */
export class UnknownReferenceError extends FieldIssuesError {
  readonly code = 'UNKNOWN_REFERENCE';
}

/**
 * A value outside a closed workspace vocabulary (a classification level, status, severity, tier or
 * metric type); each issue names the field, the known values and the command that adds one. HTTP 422.
 */
export class UnknownValueError extends FieldIssuesError {
  readonly code = 'UNKNOWN_VALUE';
}

/** A vocabulary value is refused removal while metrics use it; details carry how many. HTTP 409. */
export class ValueInUseError extends DomainError {
  readonly code = 'VALUE_IN_USE';
  declare readonly details: { vocabulary: string; value: string; metrics: number };
}

/** A delete is refused because other entities still refer to the target. */
export class StillReferencedError extends DomainError {
  readonly code = 'STILL_REFERENCED';
  declare readonly details: { referrers: Array<{ type: string; id: string; field: string }> };
}

export class BadRequestError extends DomainError {
  readonly code = 'BAD_REQUEST';
}

/** No valid credential (missing, malformed, expired, revoked). Never says which, to the client. */
export class AuthenticationError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
}

/** A valid credential whose role or scopes do not allow the action. */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}

/**
 * An account-wide change (password, status) asked for by the admin of one workspace while the account
 * also belongs to other workspaces, which rely on it too. HTTP 403.
 */
export class AccountSharedError extends DomainError {
  readonly code = 'ACCOUNT_SHARED';
}

/** A cookie-authenticated, state-changing request without its session's CSRF token. */
export class CsrfError extends DomainError {
  readonly code = 'CSRF_FAILED';
}

/** Too many attempts; `details.retryAfterSeconds` says when to try again. */
export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
}

/** An operation that no longer exists; the message says what replaced it. HTTP 410. */
export class GoneError extends DomainError {
  readonly code = 'GONE';
}

/**
 * The database cannot do its part now (storage full, outage): nothing is wrong with the request, so it
 * may be retried after `retryAfterSeconds` (also `details.retryAfterSeconds`). The fault and the driver's
 * code go to the log only (logDetail). Built from driver errors in one place: src/db/errors.ts.
 */
export abstract class DatabaseFaultError extends DomainError {
  constructor(message: string, readonly retryAfterSeconds: number, origin: { fault: string; dbCode: string }) {
    super(message, { retryAfterSeconds }, origin);
  }
}

/** The database's disk (or SQLite's page limit) is full: writes fail, reads still work. HTTP 507. */
export class StorageFullError extends DatabaseFaultError {
  readonly code = 'STORAGE_FULL';
}

/** The database's storage failed to read or write (I/O error). HTTP 503. */
export class StorageError extends DatabaseFaultError {
  readonly code = 'STORAGE_ERROR';
}

/** The database cannot be reached, is restarting, or is out of resources. HTTP 503. */
export class DatabaseUnavailableError extends DatabaseFaultError {
  readonly code = 'DATABASE_UNAVAILABLE';
}
