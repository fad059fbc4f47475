import { AuthenticationError } from '../../shared/errors.js';
import type { UsersService } from '../identity/users-service.js';
import type { MfaService } from '../mfa/service.js';
import { emailFingerprint, type AuthEventRecorder } from './auth-events.js';
import type { Role } from './permissions.js';
import { providerVerifiedMfa, REFRESH_REUSE_REASON, type AuthMethod, type SessionService } from './sessions.js';
import { CredentialRejectedError, type TokenService } from './tokens.js';

export interface TokenPair {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  refresh_expires_at: string;
  workspace_id: string;
  role: Role;
  /** Present when the workspace requires MFA and the user has none: only `self` routes answer until they enrol. */
  mfa_enrolment_required?: true;
  /** Browser sessions only: echo it in `X-CSRF-Token` on every state-changing request. */
  csrf_token?: string;
}

/** The answer to a correct password when the user has TOTP: a second step is needed (`completeMfa`). */
export interface MfaChallenge {
  mfa_required: true;
  /** Opaque, single use, valid for `expires_in` seconds. */
  mfa_token: string;
  expires_in: number;
}

export type LoginResult = TokenPair | MfaChallenge;

export interface ClientMeta {
  userAgent?: string;
  ip?: string;
  /** The request behind the login, for the audit event. */
  requestId?: string;
  /** Open a browser session: HttpOnly cookies plus a CSRF token (see src/http/session-cookies.ts). */
  browser?: boolean;
  /** Caps the new session's lifetime: a workspace switch keeps the end of the session it replaces. */
  ttlSeconds?: number;
}

/** How the user proved who they are, as recorded in the `auth.login` event and with the session. */
export type LoginMethod = AuthMethod;

const NOT_A_MEMBER = 'invalid email or password';

/**
 * Password login and token refresh. A login opens a session in one workspace (the one asked for, or
 * the user's only one); every refresh re-reads the membership, so role changes apply at once. A user
 * with TOTP gets an MFA challenge from the password step, and the session only from `completeMfa`.
 */
export class LoginService {
  constructor(
    private readonly users: UsersService, private readonly sessions: SessionService, private readonly tokens: TokenService,
    private readonly mfa?: MfaService, private readonly events?: AuthEventRecorder,
  ) {}

  /**
   * The password step of a login: tokens, or (for a user with TOTP) an MFA challenge that
   * `completeMfa` turns into tokens.
   */
  async begin(email: string, password: string, workspaceId: string | undefined, meta: ClientMeta): Promise<LoginResult> {
    const { userId, membership } = await this.checkPassword(email, password, workspaceId, meta);
    if (this.mfa && (await this.mfa.isEnabled(userId))) {
      const c = await this.mfa.createChallenge(userId, membership.workspaceId);
      return { mfa_required: true, mfa_token: c.mfaToken, expires_in: c.expiresIn };
    }
    return this.open(userId, membership.workspaceId, membership.role, meta, 'password');
  }

  /** The second step: a TOTP or recovery code against the challenge; opens the session. */
  async completeMfa(mfaToken: unknown, code: unknown, meta: ClientMeta): Promise<TokenPair> {
    if (!this.mfa) throw new AuthenticationError('invalid or expired credentials');
    // A wrong code is audited by the MFA service (`mfa.verify`, failure).
    const { userId, workspaceId } = await this.mfa.completeChallenge(mfaToken, code, meta.requestId, meta.ip);
    return this.openVerifiedSession(userId, workspaceId, meta, 'password+mfa');
  }

  /**
   * Opens a session for a user whose identity another step has proved (the MFA step, an SSO callback).
   * The account and membership are re-read: either may have changed since that step began.
   */
  async openVerifiedSession(userId: string, workspaceId: string, meta: ClientMeta, method: LoginMethod): Promise<TokenPair> {
    const [active, membership] = await Promise.all([this.users.canSignIn(userId), this.users.getMembership(workspaceId, userId)]);
    if (!active || !membership) {
      await this.events?.record({
        ...origin(meta), action: 'auth.login', outcome: 'failure', workspaceId, actor: `user:${userId}`, target: { type: 'user', id: userId },
        detail: { method, reason: active ? 'not a member' : 'user disabled or a service account' },
      });
      throw new AuthenticationError('invalid or expired credentials');
    }
    return this.open(userId, workspaceId, membership.role, meta, method);
  }

  /** Ends the caller's session (logout). */
  async logout(userId: string, sessionId: string, workspaceId: string, meta: ClientMeta): Promise<void> {
    await this.sessions.revoke(userId, sessionId, 'logout');
    await this.events?.record({
      ...origin(meta), action: 'auth.logout', outcome: 'success', workspaceId, actor: `user:${userId}`, target: { type: 'session', id: sessionId },
    });
  }

  /** Password-only login (tests, tools): refused for a user with TOTP, who must use `begin` and `completeMfa`. */
  async login(email: string, password: string, workspaceId: string | undefined, meta: ClientMeta): Promise<TokenPair> {
    const { userId, membership } = await this.checkPassword(email, password, workspaceId, meta);
    if (this.mfa && (await this.mfa.isEnabled(userId))) throw new AuthenticationError('this account uses two-factor authentication: complete the login with a code');
    return this.open(userId, membership.workspaceId, membership.role, meta, 'password');
  }

  private async checkPassword(email: string, password: string, workspaceId: string | undefined, meta: ClientMeta) {
    let user;
    try {
      user = await this.users.authenticate(email, password);
    } catch (err) {
      if (err instanceof AuthenticationError) await this.recordFailedLogin(email, workspaceId, meta, 'invalid email or password');
      throw err;
    }
    const memberships = await this.users.membershipsOf(user.id);
    const membership = chosenMembership(memberships, workspaceId);
    if (!membership) {
      // Same answer as a wrong password: the response must not reveal which workspaces exist.
      if (workspaceId || memberships.length === 0) {
        await this.recordFailedLogin(email, workspaceId, meta, 'not a member of the workspace');
        throw new AuthenticationError(NOT_A_MEMBER);
      }
      throw Object.assign(new AuthenticationError('this account belongs to several workspaces: say which one'), {
        details: { workspaces: memberships.map((m) => m.workspaceId) },
      });
    }
    return { userId: user.id, membership };
  }

  /** Rotates a refresh token; `csrfToken` is required for a browser session's token. */
  async refresh(refreshToken: string, meta: ClientMeta & { csrfToken?: string } = {}): Promise<TokenPair> {
    let s;
    try {
      s = await this.sessions.refresh(refreshToken, { csrfToken: meta.csrfToken });
    } catch (err) {
      if (err instanceof CredentialRejectedError) {
        const reuse = err.reason === REFRESH_REUSE_REASON;
        await this.events?.record({
          ...origin(meta), action: reuse ? 'auth.refresh_reuse' : 'auth.refresh', outcome: 'failure', workspaceId: err.subject?.workspaceId,
          actor: err.subject ? `user:${err.subject.userId}` : undefined,
          target: err.subject?.sessionId ? { type: 'session', id: err.subject.sessionId } : { type: 'refresh_token', id: 'unknown' },
          detail: { reason: err.reason },
        });
      }
      throw err;
    }
    const [active, membership] = await Promise.all([this.users.isActive(s.userId), this.users.getMembership(s.workspaceId, s.userId)]);
    if (!active || !membership) {
      await this.sessions.revoke(s.userId, s.sessionId, active ? 'membership_removed' : 'user_disabled');
      throw new AuthenticationError('invalid or expired credentials');
    }
    return this.pair(s.userId, s.workspaceId, membership.role, s.sessionId, s.refreshToken, s.refreshExpiresAt, s.method);
  }

  /** Opens the session, records the login and answers the token pair. */
  private async open(userId: string, workspaceId: string, role: Role, meta: ClientMeta, method: LoginMethod): Promise<TokenPair> {
    const session = await this.sessions.start(userId, workspaceId, { ...meta, method });
    await this.events?.record({
      ...origin(meta), action: 'auth.login', outcome: 'success', workspaceId, actor: `user:${userId}`, target: { type: 'user', id: userId },
      detail: { method, session_id: session.sessionId, ...(meta.browser ? { browser: true } : {}) },
    });
    const pair = await this.pair(userId, workspaceId, role, session.sessionId, session.refreshToken, session.refreshExpiresAt, method);
    return session.csrfToken ? { ...pair, csrf_token: session.csrfToken } : pair;
  }

  /**
   * A failed password login, in the audit log of the workspace it was aimed at (the one named, or the
   * account's only one), else in `_system`. An unknown account is named by an email fingerprint.
   */
  private async recordFailedLogin(email: string, workspaceId: string | undefined, meta: ClientMeta, reason: string): Promise<void> {
    if (!this.events) return;
    const user = await this.users.findByEmail(email).catch(() => undefined);
    const memberships = user ? await this.users.membershipsOf(user.id) : [];
    const target = chosenMembership(memberships, workspaceId);
    await this.events.record({
      ...origin(meta), action: 'auth.login', outcome: 'failure', workspaceId: target?.workspaceId,
      target: user ? { type: 'user', id: user.id } : { type: 'email_sha256', id: emailFingerprint(email) },
      detail: { method: 'password', reason },
    });
  }

  private async pair(
    userId: string, workspaceId: string, role: Role, sessionId: string, refreshToken: string, refreshExpiresAt: Date, method: AuthMethod | undefined,
  ): Promise<TokenPair> {
    const access = await this.tokens.issueAccessToken({ sub: userId, ws: workspaceId, role, sid: sessionId });
    const enrol = this.mfa && !providerVerifiedMfa(method) ? await this.mfa.enrolmentRequired(userId, workspaceId, role) : false;
    return {
      access_token: access, token_type: 'Bearer', expires_in: this.tokens.accessTtlSeconds, refresh_token: refreshToken,
      refresh_expires_at: refreshExpiresAt.toISOString(), workspace_id: workspaceId, role, ...(enrol ? { mfa_enrolment_required: true as const } : {}),
    };
  }
}

/** The workspace a login is for: the one named, else the account's only one. */
function chosenMembership<M extends { workspaceId: string }>(memberships: readonly M[], workspaceId: string | undefined): M | undefined {
  return workspaceId ? memberships.find((m) => m.workspaceId === workspaceId) : memberships.length === 1 ? memberships[0] : undefined;
}

function origin(meta: ClientMeta) {
  return { requestId: meta.requestId, ip: meta.ip };
}
