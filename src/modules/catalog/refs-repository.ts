import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { Database } from '../../db/tables.js';
import type { EntityType, OutgoingRef, RefTarget, Trx } from './kind.js';

export interface Referrer {
  type: EntityType;
  id: string;
  field: string;
}

/** One stored reference, with whether its target exists now. */
export interface TrackedRef {
  from_type: EntityType;
  from_id: string;
  field: string;
  to_type: RefTarget;
  to_id: string;
}

export type ReferencePolicy = 'warn' | 'strict';
export const REFERENCE_POLICIES = ['warn', 'strict'] as const;

export interface RefListFilter {
  fromType?: EntityType;
  fromId?: string;
  toType?: RefTarget;
  toId?: string;
}

const CHUNK = 500;

/** One key per reference target, for sets of what resolves. */
export const targetKey = (type: RefTarget | string, id: string) => `${type}\u0000${id}`;

type RefsEb = ExpressionBuilder<Database & { e: Database['entity_refs'] }, 'e'>;

/**
 * Whether the reference row `e` points at nothing in its workspace. An `okr` reference names an
 * objective, a key result, or a key result of an objective as `OBJ-001:KR-002`; a domain is named by
 * id or by name. References are kept as written, so one resolves the moment its target appears.
 */
function unresolvedCondition(eb: RefsEb) {
  const none = (table: 'metrics' | 'domains' | 'objectives' | 'key_results', column: 'metric_id' | 'domain_id' | 'name' | 'objective_id' | 'kr_id') =>
    eb.not(eb.exists(eb.selectFrom(`${table} as t` as 'metrics as t').select(sql.lit(1).as('one')).whereRef('t.workspace_id', '=', 'e.workspace_id').whereRef(`t.${column}` as 't.metric_id', '=', 'e.to_id')));
  const noPair = eb.not(eb.exists(
    eb.selectFrom('key_results as k').innerJoin('objectives as o', 'o.id', 'k.objective_pk').select(sql.lit(1).as('one'))
      .whereRef('k.workspace_id', '=', 'e.workspace_id').where(sql<string>`o.objective_id || ':' || k.kr_id`, '=', eb.ref('e.to_id')),
  ));
  return eb.or([
    eb.and([eb('e.to_type', '=', 'metric'), none('metrics', 'metric_id')]),
    eb.and([eb('e.to_type', '=', 'domain'), none('domains', 'domain_id'), none('domains', 'name')]),
    eb.and([eb('e.to_type', '=', 'objective'), none('objectives', 'objective_id')]),
    eb.and([eb('e.to_type', '=', 'okr'), none('objectives', 'objective_id'), none('key_results', 'kr_id'), noPair]),
  ]);
}

/** The reference graph between entities of one workspace (all SQL for `entity_refs`). */
export class RefsRepository {
  async replace(trx: Trx, workspaceId: string, fromType: EntityType, fromId: string, refs: OutgoingRef[]): Promise<void> {
    await this.clear(trx, workspaceId, fromType, fromId);
    await this.insertMany(trx, workspaceId, fromType, [{ fromId, refs }]);
  }

  async clear(trx: Trx, workspaceId: string, fromType: EntityType, fromId: string): Promise<void> {
    await this.clearMany(trx, workspaceId, fromType, [fromId]);
  }

  async clearMany(trx: Trx, workspaceId: string, fromType: EntityType, fromIds: readonly string[]): Promise<void> {
    for (let i = 0; i < fromIds.length; i += CHUNK) {
      await trx.deleteFrom('entity_refs').where('workspace_id', '=', workspaceId).where('from_type', '=', fromType).where('from_id', 'in', fromIds.slice(i, i + CHUNK)).execute();
    }
  }

  async insertMany(trx: Trx, workspaceId: string, fromType: EntityType, items: Array<{ fromId: string; refs: OutgoingRef[] }>): Promise<void> {
    const rows = items.flatMap(({ fromId, refs }) =>
      refs.map((r) => ({ workspace_id: workspaceId, from_type: fromType, from_id: fromId, field: r.field, to_type: r.toType, to_id: r.toId })),
    );
    for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto('entity_refs').values(rows.slice(i, i + CHUNK)).execute();
  }

  /** Who refers to (type, id)? `okr` references count for objectives and for the given key-result ids. */
  async referrers(trx: Db | Trx, workspaceId: string, type: EntityType, ids: readonly string[], aliases: readonly string[] = []): Promise<Referrer[]> {
    const toTypes: RefTarget[] = type === 'objective' ? ['objective', 'okr'] : [type];
    // An objective's key results are also named `OBJ-001:KR-002`.
    const pairs = type === 'objective' ? ids.flatMap((id) => aliases.map((kr) => `${id}:${kr}`)) : [];
    const targets = [...ids, ...aliases, ...pairs];
    if (targets.length === 0) return [];
    const rows = await trx
      .selectFrom('entity_refs')
      .select(['from_type', 'from_id', 'field'])
      .where('workspace_id', '=', workspaceId)
      .where('to_type', 'in', toTypes)
      .where('to_id', 'in', targets)
      .orderBy('from_type')
      .orderBy('from_id')
      .execute();
    return rows
      .filter((r) => !(r.from_type === type && ids.includes(r.from_id)))
      .map((r) => ({ type: r.from_type as EntityType, id: r.from_id, field: r.field }));
  }

  /** Of the given ids, which resolve in the workspace for this reference target? */
  async existing(trx: Db | Trx, workspaceId: string, target: RefTarget, ids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const chunk = unique.slice(i, i + CHUNK);
      const add = (rows: Array<{ v: string }>) => rows.forEach((r) => found.add(r.v));
      if (target === 'metric') {
        add(await trx.selectFrom('metrics').select('metric_id as v').where('workspace_id', '=', workspaceId).where('metric_id', 'in', chunk).execute());
      } else if (target === 'domain') {
        add(await trx.selectFrom('domains').select('domain_id as v').where('workspace_id', '=', workspaceId).where('domain_id', 'in', chunk).execute());
        add(await trx.selectFrom('domains').select('name as v').where('workspace_id', '=', workspaceId).where('name', 'in', chunk).execute());
      } else {
        add(await trx.selectFrom('objectives').select('objective_id as v').where('workspace_id', '=', workspaceId).where('objective_id', 'in', chunk).execute());
        if (target === 'okr') {
          add(await trx.selectFrom('key_results').select('kr_id as v').where('workspace_id', '=', workspaceId).where('kr_id', 'in', chunk).execute());
          const pairs = chunk.filter((v) => v.includes(':'));
          if (pairs.length > 0) {
            add(await trx.selectFrom('key_results as k').innerJoin('objectives as o', 'o.id', 'k.objective_pk')
              .select(sql<string>`o.objective_id || ':' || k.kr_id`.as('v')).where('k.workspace_id', '=', workspaceId)
              .where(sql<string>`o.objective_id || ':' || k.kr_id`, 'in', pairs).execute());
          }
        }
      }
    }
    return found;
  }

  /** Of the given reference targets, which exist now, as `targetKey`s (one lookup per target kind). */
  async resolvedTargets(ex: Db | Trx, workspaceId: string, targets: ReadonlyArray<{ type: RefTarget; id: string }>): Promise<Set<string>> {
    const byType = new Map<RefTarget, string[]>();
    for (const t of targets) {
      const ids = byType.get(t.type);
      if (ids) ids.push(t.id);
      else byType.set(t.type, [t.id]);
    }
    const out = new Set<string>();
    for (const [type, ids] of byType) for (const id of await this.existing(ex, workspaceId, type, ids)) out.add(targetKey(type, id));
    return out;
  }

  /** Every outgoing reference of the given entities that does not resolve (for end-of-batch checks). */
  async dangling(trx: Trx, workspaceId: string, fromType: EntityType, fromIds: readonly string[]): Promise<Array<{ from_id: string; field: string; to_type: RefTarget; to_id: string }>> {
    const out: Array<{ from_id: string; field: string; to_type: RefTarget; to_id: string }> = [];
    for (let i = 0; i < fromIds.length; i += CHUNK) {
      const rows = await trx
        .selectFrom('entity_refs')
        .select(['from_id', 'field', 'to_type', 'to_id'])
        .where('workspace_id', '=', workspaceId)
        .where('from_type', '=', fromType)
        .where('from_id', 'in', fromIds.slice(i, i + CHUNK))
        .execute();
      const resolved = await this.resolvedTargets(trx, workspaceId, rows.map((r) => ({ type: r.to_type as RefTarget, id: r.to_id })));
      for (const r of rows) if (!resolved.has(targetKey(r.to_type, r.to_id))) out.push({ ...r, to_type: r.to_type as RefTarget });
    }
    return out;
  }

  /**
   * Stored references of the workspace, keyset-paginated by (from_type, from_id, field); `state`
   * narrows to those whose target is missing (`unresolved`) or present (`resolved`).
   */
  async list(db: Db | Trx, workspaceId: string, state: 'unresolved' | 'resolved' | 'all', filter: RefListFilter, limit: number, after?: { from_type: string; from_id: string; field: string }): Promise<{ items: TrackedRef[]; total: number }> {
    const base = () => {
      let q = db.selectFrom('entity_refs as e').where('e.workspace_id', '=', workspaceId);
      if (filter.fromType) q = q.where('e.from_type', '=', filter.fromType);
      if (filter.fromId) q = q.where('e.from_id', '=', filter.fromId);
      if (filter.toType) q = q.where('e.to_type', '=', filter.toType);
      if (filter.toId) q = q.where('e.to_id', '=', filter.toId);
      if (state === 'unresolved') q = q.where((eb) => unresolvedCondition(eb as unknown as RefsEb));
      if (state === 'resolved') q = q.where((eb) => eb.not(unresolvedCondition(eb as unknown as RefsEb)));
      return q;
    };
    let page = base().select(['e.from_type', 'e.from_id', 'e.field', 'e.to_type', 'e.to_id']);
    if (after) page = page.where((eb) => eb(eb.refTuple('e.from_type', 'e.from_id', 'e.field'), '>', eb.tuple(after.from_type, after.from_id, after.field)));
    const rows = await page.orderBy('e.from_type').orderBy('e.from_id').orderBy('e.field').limit(limit).execute();
    const counted = await base().select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    return { items: rows as TrackedRef[], total: Number(counted?.n ?? 0) };
  }

  /** The workspace's reference policy (`warn` unless an admin chose `strict`). */
  async policy(trx: Db | Trx, workspaceId: string): Promise<ReferencePolicy> {
    const row = await trx.selectFrom('workspaces').select('reference_policy').where('id', '=', workspaceId).executeTakeFirst();
    return row?.reference_policy === 'strict' ? 'strict' : 'warn';
  }

  async setPolicy(trx: Trx, workspaceId: string, policy: ReferencePolicy): Promise<void> {
    await trx.updateTable('workspaces').set({ reference_policy: policy }).where('id', '=', workspaceId).execute();
  }
}
