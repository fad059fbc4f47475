import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../shared/context.js';
import { ValidationError } from '../../shared/errors.js';
import type { HistoryRepository } from '../catalog/history-repository.js';
import type { EntityType, RefTarget } from '../catalog/kind.js';
import type { EntityLifecycle } from '../catalog/lifecycle.js';
import { REFERENCE_POLICIES, targetKey, type ReferencePolicy, type RefsRepository, type TrackedRef } from '../catalog/refs-repository.js';

export interface ReferenceListRequest {
  state: 'unresolved' | 'resolved' | 'all';
  kind?: EntityType;
  from?: string;
  targetType?: RefTarget;
  target?: string;
  limit: number;
  cursor?: string;
}

export interface ReferenceItem extends TrackedRef {
  state: 'resolved' | 'unresolved';
}

/**
 * The workspace's reference graph as users see it (issue 8): references are kept as written and
 * tracked; this lists them by state, shows one entity's references both ways, and holds the
 * workspace's reference policy. Plain class: the API and the CLI call it alike.
 */
export class ReferencesService {
  constructor(
    private readonly db: Db,
    private readonly refs: RefsRepository,
    private readonly history: HistoryRepository,
    private readonly lifecycles: Record<EntityType, EntityLifecycle<any>>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(ctx: RequestContext, req: ReferenceListRequest): Promise<{ items: ReferenceItem[]; total: number; next_cursor: string | null }> {
    const after = req.cursor ? decodeCursor(req.cursor) : undefined;
    const filter = { fromType: req.kind, fromId: req.from, toType: req.targetType, toId: req.target };
    const page = await this.refs.list(this.db, ctx.workspaceId, req.state, filter, req.limit + 1, after);
    const rows = page.items.slice(0, req.limit);
    const states = req.state === 'all' ? await this.states(ctx, rows) : undefined;
    const items = rows.map((r) => ({ ...r, state: states ? states(r) : (req.state as 'resolved' | 'unresolved') }));
    const last = rows[rows.length - 1];
    const next = page.items.length > req.limit && last ? encodeCursor(last) : null;
    return { items, total: page.total, next_cursor: next };
  }

  /** One entity's references: what it names (with state) and who names it (by id or any of its other names). */
  async ofEntity(ctx: RequestContext, type: EntityType, id: string): Promise<{ outgoing: ReferenceItem[]; incoming: Array<{ type: EntityType; id: string; field: string }> }> {
    const lifecycle = this.lifecycles[type];
    const found = await lifecycle.get(ctx, id);
    const out = await this.refs.list(this.db, ctx.workspaceId, 'all', { fromType: type, fromId: id }, 10_000);
    const states = await this.states(ctx, out.items);
    const incoming = await this.refs.referrers(this.db, ctx.workspaceId, type, [id], lifecycle.aliasesOf(found.doc));
    return { outgoing: out.items.map((r) => ({ ...r, state: states(r) })), incoming };
  }

  async policy(ctx: RequestContext): Promise<ReferencePolicy> {
    return this.refs.policy(this.db, ctx.workspaceId);
  }

  async setPolicy(ctx: RequestContext, policy: unknown): Promise<ReferencePolicy> {
    if (!(REFERENCE_POLICIES as readonly unknown[]).includes(policy)) {
      throw new ValidationError('invalid reference policy', [{ path: 'reference_policy', message: `must be one of ${REFERENCE_POLICIES.join(', ')}` }]);
    }
    const next = policy as ReferencePolicy;
    return this.db.transaction().execute(async (trx) => {
      const before = await this.refs.policy(trx, ctx.workspaceId);
      if (before === next) return next;
      await this.refs.setPolicy(trx, ctx.workspaceId, next);
      await this.history.append(trx, ctx.workspaceId, [], [{
        occurred_at: this.now().toISOString(), actor: ctx.actor, action: 'workspace.reference_policy.update', entity_type: 'workspace', entity_id: ctx.workspaceId,
        request_id: ctx.requestId ?? null, ip: ctx.ip ?? null, outcome: 'success', before: { reference_policy: before }, after: { reference_policy: next },
      }]);
      return next;
    });
  }

  /** Which of the given references resolve now. */
  private async states(ctx: RequestContext, rows: TrackedRef[]): Promise<(r: TrackedRef) => 'resolved' | 'unresolved'> {
    const found = await this.refs.resolvedTargets(this.db, ctx.workspaceId, rows.map((r) => ({ type: r.to_type, id: r.to_id })));
    return (r) => (found.has(targetKey(r.to_type, r.to_id)) ? 'resolved' : 'unresolved');
  }
}

function encodeCursor(r: TrackedRef): string {
  return Buffer.from(JSON.stringify([r.from_type, r.from_id, r.field])).toString('base64url');
}

function decodeCursor(cursor: string): { from_type: string; from_id: string; field: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'string')) return { from_type: v[0] as string, from_id: v[1] as string, field: v[2] as string };
  } catch {
    // fall through
  }
  throw new ValidationError('invalid cursor', [{ path: 'cursor', message: 'is not a cursor this list returned' }]);
}


