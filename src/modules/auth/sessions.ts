import { randomBytes, randomUUID } from 'node:crypto';
import { hashToken, matchesTokenHash } from '../../shared/token-hash.js';
import type { Db } from '../../db/connect.js';
import { asSystem } from '../../db/tenant-context.js';
import { NotFoundError } from '../../shared/errors.js';
import { SessionsRepository, type SessionRow } from './sessions-repository.js';
import { CredentialRejectedError } from './tokens.js';

export const DEFAULT_SESSION_TTL_SECONDS = 30 * 24 * 3600;
export const DEFAULT_REFRESH_TTL_SECONDS = 14 * 24 * 3600;
/** last_used_at is written at most this often by live(). */
const TOUCH_INTERVAL_MS = 60_000;
/** 32 random bytes, base64url without padding. */
const REFRESH_TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export interface SessionServiceOptions {
  /** Absolute session lifetime (default 30 days). */
  sessionTtlSeconds?: number;
  /** Lifetime of each refresh token, capped by the session's expiry (default 14 days). */
  refreshTtlSeconds?: number;
  now?: () => Date;
}

/**
 * How a session was authenticated. `sso+mfa`: the identity provider reported a second factor (an
 * `amr` value the workspace counts). Stored with the session; NULL (older sessions) reads as unknown.
 */
export const AUTH_METHODS = ['password', 'password+mfa', 'sso', 'sso+mfa'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export function authMethodOf(stored: string | null): AuthMethod | undefined {
  return (AUTH_METHODS as readonly string[]).includes(stored ?? '') ? (stored as AuthMethod) : undefined;
}

/** A second factor the identity provider vouched for, which a workspace's MFA policy accepts like MDL's TOTP. */
export const providerVerifiedMfa = (method: AuthMethod | undefined): boolean => method === 'sso+mfa';

/**
 * Whether the login proved the account itself (its password), rather than a workspace's identity
 * provider vouching for it. Only such sessions act on the whole account while it spans workspaces.
 */
export const provesAccount = (method: AuthMethod | undefined): boolean => method === 'password' || method === 'password+mfa';

export interface StartSessionOptions {
  /** Recorded with the session; omitted: unknown (treated as the least trusted). */
  method?: AuthMethod;
  userAgent?: string;
  ip?: string;
  /** Overrides the absolute session lifetime for this session. */
  ttlSeconds?: number;
  /** A browser (cookie) session: it gets a CSRF token, which every state-changing request must echo. */
  browser?: boolean;
}

export interface StartedSession {
  sessionId: string;
  refreshToken: string;
  refreshExpiresAt: Date;
  /** Browser sessions only; stored as its SHA-256 hash. */
  csrfToken?: string;
}

export interface LiveSession {
  method: AuthMethod | undefined;
  /** The session's absolute expiry (ISO). */
  expiresAt: string;
  /** Present when a CSRF token was to be checked: whether it matched. */
  csrfOk?: boolean;
}

export interface RefreshedSession {
  method: AuthMethod | undefined;
  sessionId: string;
  userId: string;
  workspaceId: string;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/** A session as listed to its owner (no token material). */
export interface SessionInfo {
  id: string;
  workspaceId: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
  /** How it was authenticated; null when unknown (opened before this was recorded). */
  authMethod: AuthMethod | null;
}

export type RevokeReason = 'logout' | 'refresh_reuse' | 'password_changed' | 'user_disabled' | 'membership_removed' | (string & {});

type RefreshOutcome = { ok: true; value: RefreshedSession } | { ok: false; reason: string; subject?: CredentialRejectedError['subject'] };

/** The reason a reused refresh token is rejected with (the session is revoked). */
export const REFRESH_REUSE_REASON = 'refresh token: reused; session revoked';

/** The only form a refresh token (and a browser session's CSRF token) is stored in. */
export const hashRefreshToken = hashToken;

/**
 * Login sessions with rotating, single-use refresh tokens. Each session is one rotation family:
 * presenting a refresh token twice revokes the whole session.
 */
export class SessionService {
  private readonly repo = new SessionsRepository();
  private readonly now: () => Date;
  private readonly sessionTtlMs: number;
  private readonly refreshTtlMs: number;

  constructor(private readonly db: Db, opts: SessionServiceOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.sessionTtlMs = seconds(opts.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS, 'sessionTtlSeconds') * 1000;
    this.refreshTtlMs = seconds(opts.refreshTtlSeconds ?? DEFAULT_REFRESH_TTL_SECONDS, 'refreshTtlSeconds') * 1000;
  }

  /** Opens a session for a user in a workspace (the caller has checked the credentials and membership). */
  async start(userId: string, workspaceId: string, opts: StartSessionOptions = {}): Promise<StartedSession> {
    const now = this.now();
    const ttlMs = opts.ttlSeconds === undefined ? this.sessionTtlMs : seconds(opts.ttlSeconds, 'ttlSeconds') * 1000;
    const expiresAt = new Date(now.getTime() + ttlMs);
    const sessionId = randomUUID();
    const refreshToken = newRefreshToken();
    const refreshExpiresAt = this.refreshExpiry(now, expiresAt);
    const csrfToken = opts.browser ? randomBytes(32).toString('base64url') : undefined;
    await this.db.transaction().execute(async (trx) => {
      await this.repo.insertSession(trx, {
        id: sessionId,
        user_id: userId,
        workspace_id: workspaceId,
        created_at: now.toISOString(),
        last_used_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
        revoked_at: null,
        revoked_reason: null,
        user_agent: opts.userAgent?.slice(0, 512) ?? null,
        ip: opts.ip?.slice(0, 64) ?? null,
        csrf_hash: csrfToken === undefined ? null : hashRefreshToken(csrfToken),
        auth_method: opts.method ?? null,
      });
      await this.repo.insertRefreshToken(trx, {
        token_hash: hashRefreshToken(refreshToken),
        session_id: sessionId,
        created_at: now.toISOString(),
        expires_at: refreshExpiresAt.toISOString(),
        used_at: null,
      });
    });
    return { sessionId, refreshToken, refreshExpiresAt, ...(csrfToken ? { csrfToken } : {}) };
  }

  /**
   * Exchanges a refresh token for a new one (rotation). A token presented a second time revokes
   * the session (reason `refresh_reuse`), so the newest token of that session stops working too.
   * A browser session's token is refused without its CSRF token, and is then not spent: a forged
   * cross-site request cannot burn it.
   */
  async refresh(token: string, opts: { csrfToken?: string } = {}): Promise<RefreshedSession> {
    if (typeof token !== 'string' || !REFRESH_TOKEN_FORMAT.test(token)) throw new CredentialRejectedError('refresh token: malformed');
    const hash = hashRefreshToken(token);
    const now = this.now();
    const nowIso = now.toISOString();
    const found = await this.repo.findRefreshToken(this.db, hash);
    if (found?.csrf_hash && !matchesTokenHash(found.csrf_hash, opts.csrfToken)) {
      throw new CredentialRejectedError('refresh token: CSRF token missing or wrong', subjectOf(found));
    }
    const outcome = await this.db.transaction().execute(async (trx): Promise<RefreshOutcome> => {
      // The conditional write comes first: it decides the winner among concurrent callers, and on
      // SQLite it takes the write lock before anything is read.
      const won = await this.repo.markRefreshTokenUsed(trx, hash, nowIso);
      const row = await this.repo.findRefreshToken(trx, hash);
      if (!row) return { ok: false, reason: 'refresh token: unknown' };
      if (!won) {
        if (row.used_at === null) return { ok: false, reason: 'refresh token: expired', subject: subjectOf(row) };
        // Reuse: whoever holds the other copy must not keep the session.
        await this.repo.revokeSession(trx, row.session_id, nowIso, 'refresh_reuse');
        return { ok: false, reason: REFRESH_REUSE_REASON, subject: subjectOf(row) };
      }
      if (row.revoked_at !== null) return { ok: false, reason: 'refresh token: session revoked', subject: subjectOf(row) };
      if (row.session_expires_at <= nowIso) return { ok: false, reason: 'refresh token: session expired', subject: subjectOf(row) };
      const refreshToken = newRefreshToken();
      const refreshExpiresAt = this.refreshExpiry(now, new Date(row.session_expires_at));
      await this.repo.insertRefreshToken(trx, {
        token_hash: hashRefreshToken(refreshToken),
        session_id: row.session_id,
        created_at: nowIso,
        expires_at: refreshExpiresAt.toISOString(),
        used_at: null,
      });
      await this.repo.touch(trx, row.session_id, nowIso, nowIso);
      return {
        ok: true,
        value: { method: authMethodOf(row.auth_method), sessionId: row.session_id, userId: row.user_id, workspaceId: row.workspace_id, refreshToken, refreshExpiresAt },
      };
    });
    // Thrown after the commit, so a reuse revocation is kept.
    if (!outcome.ok) throw new CredentialRejectedError(outcome.reason, outcome.subject);
    return outcome.value;
  }

  /**
   * The session when it is neither revoked nor expired, with how it was authenticated; records use at
   * most once a minute. `csrf`: also whether that token is this browser session's CSRF token
   * (constant-time on the hashes; false for a bearer session), on the same read.
   */
  async live(sessionId: string, csrf?: { token: string | undefined }): Promise<LiveSession | undefined> {
    const row = await this.repo.findSession(this.db, sessionId);
    const now = this.now();
    if (!row || !isLive(row, now.toISOString())) return undefined;
    const stale = new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString();
    if (row.last_used_at <= stale) await this.repo.touch(this.db, sessionId, now.toISOString(), stale);
    return {
      method: authMethodOf(row.auth_method),
      expiresAt: row.expires_at,
      ...(csrf ? { csrfOk: row.csrf_hash !== null && matchesTokenHash(row.csrf_hash, csrf.token) } : {}),
    };
  }

  /**
   * The user's active sessions, most recently used first. `within`: only those in that workspace (a
   * caller whose reach is one workspace, see AccountReach); omitted: all of them.
   */
  async list(userId: string, within?: string): Promise<SessionInfo[]> {
    // A user's sessions span their workspaces; the user_id (and `within`) filters are the limit here.
    const rows = await asSystem(() => this.repo.listActive(this.db, userId, this.now().toISOString(), within));
    return rows.map(toInfo);
  }

  /** Revokes one of the user's own sessions (in `within` only, when given); any other is NotFound. Idempotent. */
  async revoke(userId: string, sessionId: string, reason: RevokeReason = 'logout', within?: string): Promise<void> {
    // One of the user's own sessions, in whichever workspace `within` allows (found by user_id and id).
    const row = await asSystem(() => this.repo.findUserSession(this.db, userId, sessionId, within));
    if (!row) throw new NotFoundError(`session ${sessionId} not found`);
    await asSystem(() => this.repo.revokeSession(this.db, sessionId, this.now().toISOString(), reason));
  }

  /** Revokes every session of a user (password change, disable, …; in `within` only, when given); returns how many were open. */
  async revokeAllForUser(userId: string, reason: RevokeReason, within?: string): Promise<number> {
    // Sign-out everywhere, password change, disable: every workspace the user has sessions in.
    return asSystem(() => this.repo.revokeAllForUser(this.db, userId, this.now().toISOString(), reason, within));
  }

  /** Housekeeping: deletes expired refresh tokens and sessions expired or revoked over `graceSeconds` ago. */
  async purgeExpired(graceSeconds = 24 * 3600): Promise<{ sessions: number; refreshTokens: number }> {
    const before = new Date(this.now().getTime() - graceSeconds * 1000).toISOString();
    // Housekeeping over all workspaces.
    return asSystem(() => this.db.transaction().execute((trx) => this.repo.purge(trx, before)));
  }

  private refreshExpiry(now: Date, sessionExpiresAt: Date): Date {
    return new Date(Math.min(now.getTime() + this.refreshTtlMs, sessionExpiresAt.getTime()));
  }
}

function subjectOf(row: { user_id: string; workspace_id: string; session_id: string }) {
  return { userId: row.user_id, workspaceId: row.workspace_id, sessionId: row.session_id };
}

function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

function isLive(row: SessionRow, nowIso: string): boolean {
  return row.revoked_at === null && row.expires_at > nowIso;
}

function seconds(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer`);
  return v;
}

function toInfo(r: SessionRow): SessionInfo {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    userAgent: r.user_agent,
    ip: r.ip,
    authMethod: authMethodOf(r.auth_method) ?? null,
  };
}
