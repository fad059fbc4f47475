import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../shared/context.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { hashToken } from '../../shared/token-hash.js';
import type { AuditRecord } from '../audit/chain.js';
import type { Role } from '../auth/permissions.js';
import type { Trx } from '../catalog/kind.js';
import type { AuditSink } from '../identity/model.js';
import { UsersRepository } from '../identity/users-repository.js';
import { deletedMessage, WorkspaceDeletedError } from '../workspaces/model.js';
import { MailDeliveryError, type Mailer } from './mailer.js';
import {
  invitationLink, invitationMessage, newToken, toView, validateInvitation,
  type Delivery, type DeliveryState, type InvitationView, type NewInvitation,
} from './model.js';
import { INVITATION_STATUSES, InvitationsRepository, type InvitationRow, type InvitationStatus } from './repository.js';

export interface InvitationServiceDeps {
  audit: AuditSink;
  /** Hours a link works (MDL_INVITATION_TTL_HOURS). */
  ttlHours: number;
  /** Sends the link by email when given (MDL_SMTP_URL); otherwise the admin is shown it. */
  mailer?: Mailer;
  clock?: () => Date;
}

/**
 * What a create or resend hands back. `link` and `token` are there only when the invitee was not
 * emailed (no SMTP, or the email failed): then the admin passes the link on. A token that went by email
 * is never shown to the admin.
 */
export interface IssuedInvitation {
  invitation: InvitationView;
  delivery: Delivery;
  /** Absent when the origin is unknown (the local CLI without MDL_PUBLIC_URL): then only the token. */
  link?: string;
  token?: string;
}

export const MAX_LIST_LIMIT = 500;

/**
 * Invitations to a workspace, for its admins: create, list, resend (a new token: the old link dies) and
 * revoke. Each step is an audit event in the workspace's chain; no event, answer or log carries a token.
 * Acceptance is InvitationAcceptance (accept.ts).
 *
 * A create answers the same whether or not the address has an account: nothing is looked up about
 * accounts except whether the address is already a member here, which the admin can see anyway.
 */
export class InvitationService {
  private readonly repo = new InvitationsRepository();
  private readonly users = new UsersRepository();
  private readonly clock: () => Date;

  constructor(private readonly db: Db, private readonly deps: InvitationServiceDeps) {
    if (!Number.isInteger(deps.ttlHours) || deps.ttlHours < 1) throw new RangeError('ttlHours must be a positive integer');
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Whether links go out by email (SMTP is configured). */
  get emails(): boolean {
    return this.deps.mailer !== undefined;
  }

  /** `origin`: where the accept page is reached (MDL_PUBLIC_URL, or the request's own origin). */
  async create(ctx: RequestContext, input: NewInvitation, origin: string | undefined): Promise<IssuedInvitation> {
    const { email, role } = validateInvitation(input);
    const token = newToken();
    const now = this.clock();
    const row: InvitationRow = {
      id: `inv_${randomUUID()}`, workspace_id: ctx.workspaceId, email, role, token_hash: hashToken(token), created_by: ctx.actor,
      created_at: now.toISOString(), updated_at: now.toISOString(), expires_at: this.expiry(now), delivery: this.plannedDelivery(),
      delivered_at: null, accepted_at: null, accepted_by: null, revoked_at: null,
    };
    const workspaceName = await this.db.transaction().execute(async (trx) => {
      // One pending invitation per address: two admins inviting at once must not both pass the check.
      await this.deps.audit.lockWorkspace(trx, ctx.workspaceId);
      const ws = await this.openWorkspace(trx, ctx.workspaceId);
      const user = await this.users.findUserByEmail(trx, email);
      if (user && (await this.users.findMembership(trx, ctx.workspaceId, user.id))) throw new ConflictError(`${email} is already a member of this workspace`);
      if (await this.repo.findPending(trx, ctx.workspaceId, email, row.created_at)) {
        throw new ConflictError(`${email} already has a pending invitation: resend or revoke it`);
      }
      await this.repo.insert(trx, row);
      await this.record(trx, ctx, 'invitation.create', row.id, 'success', { email, role, expires_at: row.expires_at, delivery: row.delivery });
      return ws.name;
    });
    return this.deliver(ctx, row, token, workspaceName, origin);
  }

  async list(workspaceId: string, o: { status?: string; limit?: number } = {}): Promise<InvitationView[]> {
    const status = o.status ?? 'pending';
    if (status !== 'all' && !(INVITATION_STATUSES as readonly string[]).includes(status)) {
      throw new ValidationError('invalid status', [{ path: 'status', message: `must be one of ${[...INVITATION_STATUSES, 'all'].join(', ')}` }]);
    }
    const limit = o.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) throw new ValidationError('invalid limit', [{ path: 'limit', message: `must be 1 to ${MAX_LIST_LIMIT}` }]);
    const now = this.clock().toISOString();
    return (await this.repo.list(this.db, workspaceId, status as InvitationStatus | 'all', now, limit)).map((r) => toView(r, now));
  }

  async get(workspaceId: string, id: string): Promise<InvitationView> {
    const row = await this.repo.find(this.db, workspaceId, id);
    if (!row) throw notFound(id);
    return toView(row, this.clock().toISOString());
  }

  /** A new token and a new expiry (an expired invitation is renewed too); the old link stops working at once. */
  async resend(ctx: RequestContext, id: string, origin: string | undefined): Promise<IssuedInvitation> {
    const token = newToken();
    const now = this.clock();
    const { row, workspaceName } = await this.db.transaction().execute(async (trx) => {
      await this.deps.audit.lockWorkspace(trx, ctx.workspaceId);
      const ws = await this.openWorkspace(trx, ctx.workspaceId);
      const current = await this.repo.find(trx, ctx.workspaceId, id);
      if (!current) throw notFound(id);
      if (current.accepted_at !== null) throw new ConflictError(`invitation ${id} was already accepted`);
      if (current.revoked_at !== null) throw new ConflictError(`invitation ${id} was revoked: create a new one`);
      // Renewing an expired one must not make a second pending invitation for the address.
      const other = await this.repo.findPending(trx, ctx.workspaceId, current.email, now.toISOString());
      if (other && other.id !== id) throw new ConflictError(`${current.email} has another pending invitation (${other.id}): resend or revoke that one`);
      const renewed = { token_hash: hashToken(token), expires_at: this.expiry(now), delivery: this.plannedDelivery(), now: now.toISOString() };
      if (!(await this.repo.renew(trx, ctx.workspaceId, id, renewed))) throw new ConflictError(`invitation ${id} was accepted or revoked meanwhile`);
      await this.record(trx, ctx, 'invitation.resend', id, 'success', { email: current.email, expires_at: renewed.expires_at, delivery: renewed.delivery });
      return {
        row: { ...current, token_hash: renewed.token_hash, expires_at: renewed.expires_at, delivery: renewed.delivery, delivered_at: null, updated_at: renewed.now },
        workspaceName: ws.name,
      };
    });
    return this.deliver(ctx, row, token, workspaceName, origin);
  }

  /** The link stops working. Revoking an invitation twice is a no-op; an accepted one cannot be revoked (remove the member). */
  async revoke(ctx: RequestContext, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const current = await this.repo.find(trx, ctx.workspaceId, id);
      if (!current) throw notFound(id);
      if (current.accepted_at !== null) throw new ConflictError(`invitation ${id} was already accepted: remove the member instead`);
      if (current.revoked_at !== null) return;
      if (!(await this.repo.revoke(trx, ctx.workspaceId, id, this.clock().toISOString()))) throw new ConflictError(`invitation ${id} was accepted meanwhile`);
      await this.record(trx, ctx, 'invitation.revoke', id, 'success', { email: current.email, role: current.role });
    });
  }

  /**
   * The workspace, refused when deleted: no link to it goes out (over HTTP the workspace guard answers
   * first; this covers the host's CLI).
   */
  private async openWorkspace(trx: Trx, id: string): Promise<{ id: string; name: string }> {
    const ws = await this.repo.findWorkspace(trx, id);
    if (!ws) throw new NotFoundError(`workspace ${id} not found`);
    if (ws.deleted_at !== null) throw new WorkspaceDeletedError(deletedMessage(id, ws.purge_after));
    return ws;
  }

  private expiry(now: Date): string {
    return new Date(now.getTime() + this.deps.ttlHours * 3_600_000).toISOString();
  }

  private plannedDelivery(): DeliveryState {
    return this.deps.mailer ? 'email_failed' : 'link'; // an email counts as sent only once the server took it
  }

  /**
   * Sends the link, after the invitation is committed: an SMTP failure never loses it. The outcome is
   * stored on the invitation and audited (`invitation.deliver`); a failure hands the link to the admin.
   */
  private async deliver(ctx: RequestContext, row: InvitationRow, token: string, workspaceName: string, origin: string | undefined): Promise<IssuedInvitation> {
    const link = origin === undefined ? undefined : invitationLink(origin, token);
    const shown = { ...(link ? { link } : {}), token };
    if (!this.deps.mailer) return { invitation: toView(row, this.clock().toISOString()), delivery: { method: 'link' }, ...shown };
    let failure: string | undefined;
    if (!link) failure = 'no public URL to build the link on (set MDL_PUBLIC_URL)';
    else {
      const message = invitationMessage({ workspaceName, workspaceId: row.workspace_id, role: row.role as Role, link, expiresAt: row.expires_at });
      try {
        await this.deps.mailer.send({ to: row.email, ...message });
      } catch (err) {
        if (!(err instanceof MailDeliveryError)) throw err;
        failure = err.reason;
      }
    }
    const at = this.clock().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await this.repo.setDelivery(trx, row.id, row.token_hash, failure ? 'email_failed' : 'email_sent', failure ? null : at);
      await this.record(trx, ctx, 'invitation.deliver', row.id, failure ? 'failure' : 'success', { email: row.email, method: 'email', ...(failure ? { reason: failure } : {}) });
    });
    const view = toView({ ...row, delivery: failure ? 'email_failed' : 'email_sent', delivered_at: failure ? null : at }, at);
    return failure ? { invitation: view, delivery: { method: 'email', status: 'failed', reason: failure }, ...shown } : { invitation: view, delivery: { method: 'email', status: 'sent' } };
  }

  private async record(trx: Trx, ctx: RequestContext, action: string, id: string, outcome: AuditRecord['outcome'], after: Record<string, unknown>): Promise<void> {
    await this.deps.audit.append(trx, ctx.workspaceId, [], [{
      occurred_at: this.clock().toISOString(), actor: ctx.actor, action, entity_type: 'invitation', entity_id: id,
      request_id: ctx.requestId ?? null, ip: ctx.ip ?? null, outcome, before: null, after,
    }]);
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`invitation "${id}" not found`);
}
