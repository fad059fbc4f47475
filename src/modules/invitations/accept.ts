import type { Db } from '../../db/connect.js';
import { asSystem, withWorkspace } from '../../db/tenant-context.js';
import type { RequestContext } from '../../shared/context.js';
import { AuthenticationError } from '../../shared/errors.js';
import { hashToken } from '../../shared/token-hash.js';
import type { AuthEventRecorder } from '../auth/auth-events.js';
import type { ClientMeta, LoginService, TokenPair } from '../auth/login-service.js';
import type { Role } from '../auth/permissions.js';
import type { AuditSink } from '../identity/model.js';
import { UsersRepository, type Executor } from '../identity/users-repository.js';
import type { PreparedUser, UsersService } from '../identity/users-service.js';
import type { MfaService } from '../mfa/service.js';
import { isTokenShaped } from './model.js';
import { InvitationsRepository, statusOf, type InvitationRow } from './repository.js';

/** The one answer for an unknown, expired, used or revoked invitation token. */
export const INVALID_INVITATION = 'invalid, expired or already used invitation';

export class InvitationRejectedError extends AuthenticationError {
  constructor(readonly reason: string) {
    super(INVALID_INVITATION);
  }
}

/**
 * The password was right and the account has two-factor authentication: send `mfa_code` too. Only
 * said after the password is proved, and not counted as a failed attempt.
 */
export class InvitationMfaRequiredError extends AuthenticationError {
  constructor() {
    super('this account uses two-factor authentication: accept again with mfa_code (a TOTP or recovery code)', { mfa_required: true });
  }
}

export interface AcceptInput {
  token: unknown;
  password: string;
  displayName?: string;
  mfaCode?: string;
}

export interface AcceptedInvitation {
  pair: TokenPair;
  /** The account was a member already: the invitation is used up, the role is left as it was. */
  alreadyMember: boolean;
}

/**
 * Accepting an invitation (the public `POST /invitations/accept`). The invitation names an email
 * address; the account is that address's, never another:
 * - an existing account proves itself like a login (its password, and its TOTP or recovery code when
 *   it has one). Its password is never changed here: whoever holds a link (an admin without SMTP holds
 *   it too) cannot take over an account that exists.
 * - no account: the invitee chooses the password (the password policy applies) and it is created.
 * Only then does the account become a member, with the invited role, in the transaction that uses the
 * token up; the answer is a session in that workspace, as a login's.
 */
export class InvitationAcceptance {
  private readonly repo = new InvitationsRepository();
  private readonly memberships = new UsersRepository();

  constructor(
    private readonly db: Db,
    private readonly deps: { users: UsersService; login: LoginService; mfa: MfaService; audit: AuditSink; events: AuthEventRecorder; clock?: () => Date },
  ) {}

  private now(): string {
    return (this.deps.clock ?? (() => new Date()))().toISOString();
  }

  /** `tokenHash` of a well-shaped token (the throttle keys on it), or undefined. */
  static tokenHashOf(token: unknown): string | undefined {
    return isTokenShaped(token) ? hashToken(token) : undefined;
  }

  async accept(input: AcceptInput, meta: ClientMeta): Promise<AcceptedInvitation> {
    const tokenHash = InvitationAcceptance.tokenHashOf(input.token);
    // The cheap checks first: a dead token never costs a password hash.
    const row = tokenHash ? await asSystem(() => this.repo.findByTokenHash(this.db, tokenHash)) : undefined;
    if (!row || !tokenHash) {
      await this.failed(undefined, meta, 'unknown token');
      throw new InvitationRejectedError('unknown token');
    }
    const status = statusOf(row, this.now());
    if (status !== 'pending') {
      await this.failed(row, meta, `invitation ${status}`);
      throw new InvitationRejectedError(`invitation ${status}`);
    }
    // A deleted workspace takes no one new until it is restored (the purge deletes its invitations).
    if (!(await withWorkspace(row.workspace_id, () => this.workspaceOpen(this.db, row.workspace_id)))) {
      await this.failed(row, meta, 'workspace deleted');
      throw new InvitationRejectedError('workspace deleted');
    }
    const { users } = this.deps;
    // Judged before the account is looked up, for everyone alike: otherwise a weak password answered 400
    // for a new address and 401 for an existing one, telling whoever holds the link which it is. An
    // existing account's password met the same policy when it was set.
    await users.assertNewAccountInput(row.email, input.password, input.displayName);
    const ctxFor = (userId: string): RequestContext => ({ workspaceId: row.workspace_id, actor: `user:${userId}`, requestId: meta.requestId, ip: meta.ip });
    const existing = await users.findByEmail(row.email);
    let userId: string;
    let prepared: PreparedUser | undefined;
    let method: 'password' | 'password+mfa' = 'password';
    if (existing) {
      userId = existing.id;
      try {
        // Unknown, disabled, password-less (SSO-only) and service accounts all fail here alike.
        await users.authenticate(row.email, input.password);
        if (!(await users.canSignIn(userId))) throw new AuthenticationError('invalid credentials');
      } catch (err) {
        if (!(err instanceof AuthenticationError)) throw err;
        await this.failed(row, meta, 'invalid credentials', userId);
        // The invitee typed no email: say whose password is meant (the account exists, which a
        // policy-valid password for a new address would have shown anyway by creating it).
        throw new AuthenticationError('wrong password for the account of the invited address (an account that signs in by single sign-on only, or is disabled, cannot accept this way)');
      }
      if (await this.deps.mfa.isEnabled(userId)) {
        if (input.mfaCode === undefined || input.mfaCode === '') throw new InvitationMfaRequiredError();
        await this.deps.mfa.verifyCode(ctxFor(userId), userId, input.mfaCode); // audited as mfa.verify; throws on a wrong code
        method = 'password+mfa';
      }
    } else {
      prepared = await users.prepare({ email: row.email, password: input.password, displayName: input.displayName, membership: { workspaceId: row.workspace_id, role: row.role as Role } });
      userId = prepared.row.id;
    }

    const ctx = ctxFor(userId);
    const alreadyMember = await withWorkspace(row.workspace_id, () => this.db.transaction().execute(async (trx) => {
      // The chain lock first: a workspace delete or purge takes it too, so neither slips in before the commit.
      await this.deps.audit.lockWorkspace(trx, row.workspace_id);
      if (!(await this.workspaceOpen(trx, row.workspace_id))) throw new InvitationRejectedError('workspace deleted meanwhile');
      // An invitation is only as good as its inviter: one made by an admin since demoted or removed (or
      // by a key since revoked) brings no one in.
      if (!(await this.repo.inviterStillAdmin(trx, row.workspace_id, row.created_by, this.now()))) throw new InvitationRejectedError('inviter no longer an admin');
      if (!(await this.repo.consume(trx, row.id, tokenHash, userId, this.now()))) throw new InvitationRejectedError('used or revoked meanwhile');
      let member = false;
      if (prepared) await users.insertPrepared(trx, ctx, prepared);
      else if (await this.memberships.findMembership(trx, row.workspace_id, userId)) member = true;
      else await users.addMemberIn(trx, ctx, row.workspace_id, userId, row.role as Role);
      await this.deps.audit.append(trx, row.workspace_id, [], [{
        occurred_at: this.now(), actor: ctx.actor, action: 'invitation.accept', entity_type: 'invitation', entity_id: row.id,
        request_id: meta.requestId ?? null, ip: meta.ip ?? null, outcome: 'success', before: null,
        after: { email: row.email, role: row.role, ...(member ? { already_member: true } : {}) },
      }]);
      return member;
    }));
    const pair = await this.deps.login.openVerifiedSession(userId, row.workspace_id, meta, method);
    return { pair, alreadyMember };
  }

  private async workspaceOpen(ex: Executor, workspaceId: string): Promise<boolean> {
    const ws = await this.repo.findWorkspace(ex, workspaceId);
    return ws !== undefined && ws.deleted_at === null;
  }

  /** A failed accept: in the invitation's workspace when the token matched one, else in `_system`. */
  private async failed(row: InvitationRow | undefined, meta: ClientMeta, reason: string, userId?: string): Promise<void> {
    await this.deps.events.record({
      requestId: meta.requestId, ip: meta.ip, action: 'invitation.accept', outcome: 'failure', workspaceId: row?.workspace_id,
      actor: userId ? `user:${userId}` : undefined, target: { type: 'invitation', id: row?.id ?? 'unknown' }, detail: { reason },
    });
  }
}
