import type { Db } from '../../db/connect.js';
import { asSystem } from '../../db/tenant-context.js';
import { AuthenticationError, BadRequestError, NotFoundError } from '../../shared/errors.js';
import { ReauthenticationRequiredError } from '../auth/account-reach.js';
import type { AuthEventRecorder } from '../auth/auth-events.js';
import type { ClientMeta, LoginService, TokenPair } from '../auth/login-service.js';
import type { Principal } from '../auth/permissions.js';
import { provesAccount, type SessionService } from '../auth/sessions.js';
import { SessionsRepository } from '../auth/sessions-repository.js';
import type { UsersService } from '../identity/users-service.js';
import { MfaRequiredError } from '../mfa/errors.js';
import { isMfaPolicy } from '../mfa/repository.js';
import { policyApplies, type MfaService } from '../mfa/service.js';
import { deletedMessage, WorkspaceDeletedError } from './model.js';
import type { WorkspacesRepository } from './repository.js';

export interface SwitcherDeps {
  users: UsersService;
  mfa: MfaService;
  login: LoginService;
  sessions: SessionService;
  events: AuthEventRecorder;
  repo: WorkspacesRepository;
  clock: () => Date;
}

/**
 * Moves a session to another workspace of its account: a new session there (a new token pair), and the
 * old one ends. Only a session that proved the account (its password, with or without a code) may: an
 * SSO session vouches for one workspace only, and an API key belongs to one. The entry is held to what
 * a login into that workspace would need: a second factor when the account has TOTP or the workspace
 * requires one of the member's role (a session opened without one must sign in again). A password
 * login may name a workspace that has single sign-on, so switching into one is allowed as well.
 * The new session ends when the old one would have: switching never extends a session's life.
 */
export class WorkspaceSwitcher {
  private readonly sessionsRepo = new SessionsRepository();

  constructor(private readonly db: Db, private readonly deps: SwitcherDeps) {}

  async switch(p: Principal, target: string, meta: ClientMeta): Promise<TokenPair> {
    if (p.kind !== 'user' || !p.sessionId || !provesAccount(p.authMethod)) {
      throw new ReauthenticationRequiredError('switching workspace needs a session signed in with your password (single sign-on sessions and API keys stay in their workspace): sign in to the other workspace instead');
    }
    if (target === p.workspaceId) throw new BadRequestError(`this session already acts in workspace ${target}`);
    const sessionId = p.sessionId;
    // The other workspace's row, the membership there and the new session: across workspaces by nature.
    return asSystem(async () => {
      const [ws, membership] = await Promise.all([this.deps.repo.find(this.db, target), this.deps.users.getMembership(target, p.userId)]);
      // Not a member answers exactly like a workspace that does not exist.
      if (!ws || !membership) throw new NotFoundError(`workspace ${target} not found`);
      if (ws.deleted_at && membership.role !== 'admin') throw new WorkspaceDeletedError(deletedMessage(target, ws.purge_after));
      const totp = await this.deps.mfa.isEnabled(p.userId);
      const required = isMfaPolicy(ws.mfa_required) && policyApplies(ws.mfa_required, membership.role);
      if ((totp || required) && p.authMethod !== 'password+mfa') {
        throw new MfaRequiredError(totp
          ? 'your account uses two-factor authentication and this session was opened without it: sign in to the other workspace with your code'
          : `workspace ${target} requires two-factor authentication: enrol (POST /api/v1/me/mfa/totp), then sign in to it with your code`);
      }
      const session = await this.sessionsRepo.findSession(this.db, sessionId);
      const left = session ? Math.floor((Date.parse(session.expires_at) - this.deps.clock().getTime()) / 1000) : 0;
      if (!session || session.revoked_at !== null || left < 1) throw new AuthenticationError('invalid or expired credentials');
      const pair = await this.deps.login.openVerifiedSession(p.userId, target, { ...meta, ttlSeconds: left }, p.authMethod!);
      await this.deps.sessions.revoke(p.userId, sessionId, 'workspace_switch');
      const origin = { requestId: meta.requestId, ip: meta.ip };
      // Neither chain names the other workspace: its admins need not learn where else the account is a member.
      await this.deps.events.record({
        ...origin, action: 'auth.switch', outcome: 'success', workspaceId: p.workspaceId, actor: `user:${p.userId}`,
        target: { type: 'session', id: sessionId }, detail: { direction: 'out', session_ended: true },
      });
      await this.deps.events.record({
        ...origin, action: 'auth.switch', outcome: 'success', workspaceId: target, actor: `user:${p.userId}`,
        target: { type: 'user', id: p.userId }, detail: { direction: 'in', method: p.authMethod },
      });
      return pair;
    });
  }
}
