import { AuthenticationError } from '../../shared/errors.js';
import type { UsersService } from '../identity/users-service.js';
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
}

export interface ClientMeta {
  userAgent?: string;
  ip?: string;
}

const NOT_A_MEMBER = 'invalid email or password';

/**
 * Password login and token refresh. A login opens a session in one workspace (the one asked for, or
 * the user's only one); every refresh re-reads the membership, so role changes apply at once.
 */
export class LoginService {
  constructor(private readonly users: UsersService, private readonly sessions: SessionService, private readonly tokens: TokenService) {}

  async login(email: string, password: string, workspaceId: string | undefined, meta: ClientMeta): Promise<TokenPair> {
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
    const session = await this.sessions.start(user.id, membership.workspaceId, meta);
    return this.pair(user.id, membership.workspaceId, membership.role, session.sessionId, session.refreshToken, session.refreshExpiresAt);
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
    return {
      access_token: access, token_type: 'Bearer', expires_in: this.tokens.accessTtlSeconds, refresh_token: refreshToken,
      refresh_expires_at: refreshExpiresAt.toISOString(), workspace_id: workspaceId, role,
    };
  }
}
