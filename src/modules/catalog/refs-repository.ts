import type { EntityType, OutgoingRef, RefTarget, Trx } from './kind.js';

export interface Referrer {
  type: EntityType;
  id: string;
  field: string;
}

const CHUNK = 500;

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
  async referrers(trx: Trx, workspaceId: string, type: EntityType, ids: readonly string[], aliases: readonly string[] = []): Promise<Referrer[]> {
    const toTypes: RefTarget[] = type === 'objective' ? ['objective', 'okr'] : [type];
    const targets = [...ids, ...aliases];
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
  async existing(trx: Trx, workspaceId: string, target: RefTarget, ids: readonly string[]): Promise<Set<string>> {
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
        }
      }
    }
    return found;
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
      const byTarget = new Map<RefTarget, string[]>();
      for (const r of rows) byTarget.set(r.to_type as RefTarget, [...(byTarget.get(r.to_type as RefTarget) ?? []), r.to_id]);
      const resolved = new Map<RefTarget, Set<string>>();
      for (const [t, idsForTarget] of byTarget) resolved.set(t, await this.existing(trx, workspaceId, t, idsForTarget));
      for (const r of rows) if (!resolved.get(r.to_type as RefTarget)?.has(r.to_id)) out.push({ ...r, to_type: r.to_type as RefTarget });
    }
    return out;
  }
}
