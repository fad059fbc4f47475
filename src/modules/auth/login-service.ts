import { AuthenticationError } from '../../shared/errors.js';
import type { UsersService } from '../identity/users-service.js';
import type { MfaService } from '../mfa/service.js';
import type { Role } from './permissions.js';
import type { SessionService } from './sessions.js';
import type { TokenService } from './tokens.js';

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
}

const NOT_A_MEMBER = 'invalid email or password';

/**
 * Password login and token refresh. A login opens a session in one workspace (the one asked for, or
 * the user's only one); every refresh re-reads the membership, so role changes apply at once. A user
 * with TOTP gets an MFA challenge from the password step, and the session only from `completeMfa`.
 */
export class LoginService {
  constructor(
    private readonly users: UsersService, private readonly sessions: SessionService, private readonly tokens: TokenService,
    private readonly mfa?: MfaService,
  ) {}

  /**
   * The password step of a login: tokens, or (for a user with TOTP) an MFA challenge that
   * `completeMfa` turns into tokens.
   */
  async begin(email: string, password: string, workspaceId: string | undefined, meta: ClientMeta): Promise<LoginResult> {
    const { userId, membership } = await this.checkPassword(email, password, workspaceId);
    if (this.mfa && (await this.mfa.isEnabled(userId))) {
      const c = await this.mfa.createChallenge(userId, membership.workspaceId);
      return { mfa_required: true, mfa_token: c.mfaToken, expires_in: c.expiresIn };
    }
    const session = await this.sessions.start(userId, membership.workspaceId, meta);
    return this.pair(userId, membership.workspaceId, membership.role, session.sessionId, session.refreshToken, session.refreshExpiresAt);
  }

  /** The second step: a TOTP or recovery code against the challenge; opens the session. */
  async completeMfa(mfaToken: unknown, code: unknown, meta: ClientMeta, requestId?: string): Promise<TokenPair> {
    if (!this.mfa) throw new AuthenticationError('invalid or expired credentials');
    const { userId, workspaceId } = await this.mfa.completeChallenge(mfaToken, code, requestId);
    // The account or membership may have changed since the password step.
    const [active, membership] = await Promise.all([this.users.isActive(userId), this.users.getMembership(workspaceId, userId)]);
    if (!active || !membership) throw new AuthenticationError('invalid or expired credentials');
    const session = await this.sessions.start(userId, workspaceId, meta);
    return this.pair(userId, workspaceId, membership.role, session.sessionId, session.refreshToken, session.refreshExpiresAt);
  }

  /** Password-only login (tests, tools): refused for a user with TOTP, who must use `begin` and `completeMfa`. */
  async login(email: string, password: string, workspaceId: string | undefined, meta: ClientMeta): Promise<TokenPair> {
    const { userId, membership } = await this.checkPassword(email, password, workspaceId);
    if (this.mfa && (await this.mfa.isEnabled(userId))) throw new AuthenticationError('this account uses two-factor authentication: complete the login with a code');
    const session = await this.sessions.start(userId, membership.workspaceId, meta);
    return this.pair(userId, membership.workspaceId, membership.role, session.sessionId, session.refreshToken, session.refreshExpiresAt);
  }

  private async checkPassword(email: string, password: string, workspaceId: string | undefined) {
    const user = await this.users.authenticate(email, password);
    const memberships = await this.users.membershipsOf(user.id);
    const membership = workspaceId ? memberships.find((m) => m.workspaceId === workspaceId) : memberships.length === 1 ? memberships[0] : undefined;
    if (!membership) {
      // Same answer as a wrong password: the response must not reveal which workspaces exist.
      if (workspaceId || memberships.length === 0) throw new AuthenticationError(NOT_A_MEMBER);
      throw Object.assign(new AuthenticationError('this account belongs to several workspaces: say which one'), {
        details: { workspaces: memberships.map((m) => m.workspaceId) },
      });
    }
    return { userId: user.id, membership };
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const s = await this.sessions.refresh(refreshToken);
    const [active, membership] = await Promise.all([this.users.isActive(s.userId), this.users.getMembership(s.workspaceId, s.userId)]);
    if (!active || !membership) {
      await this.sessions.revoke(s.userId, s.sessionId, active ? 'membership_removed' : 'user_disabled');
      throw new AuthenticationError('invalid or expired credentials');
    }
    return this.pair(s.userId, s.workspaceId, membership.role, s.sessionId, s.refreshToken, s.refreshExpiresAt);
  }

  private async pair(userId: string, workspaceId: string, role: Role, sessionId: string, refreshToken: string, refreshExpiresAt: Date): Promise<TokenPair> {
    const access = await this.tokens.issueAccessToken({ sub: userId, ws: workspaceId, role, sid: sessionId });
    const enrol = this.mfa ? await this.mfa.enrolmentRequired(userId, workspaceId, role) : false;
    return {
      access_token: access, token_type: 'Bearer', expires_in: this.tokens.accessTtlSeconds, refresh_token: refreshToken,
      refresh_expires_at: refreshExpiresAt.toISOString(), workspace_id: workspaceId, role, ...(enrol ? { mfa_enrolment_required: true as const } : {}),
    };
  }
}
