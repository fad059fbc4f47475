import type { EntityKind, OutgoingRef } from '../catalog/kind.js';
import { topLevelManaged } from '../catalog/managed-top-level.js';
import type { Db } from '../../db/connect.js';
import type { ChainCount, Sort } from '../catalog/pagination.js';
import { TableRepository } from '../catalog/table-repository.js';
import { keyResultProgress } from './progress.js';
import { objectiveSchema, type Objective } from './schema.js';

export const OBJECTIVE_SORT_FIELDS = ['objective_id', 'name', 'status', 'owner_team', 'business_domain', 'created_at', 'updated_at'] as const;

export interface ObjectiveFilter {
  status?: string[];
  owner?: string[];
  domain?: string[];
}

export class ObjectivesRepository extends TableRepository<Objective> {
  readonly sortFields = OBJECTIVE_SORT_FIELDS;
  readonly defaultSort = 'objective_id';

  list(db: Db, workspaceId: string, filter: ObjectiveFilter, sort: Sort<string>, limit: number, cursor?: { value: string; id: string }, chain?: ChainCount) {
    return this.page(db, workspaceId, (q) => {
      let out = q;
      if (filter.status?.length) out = out.where('objectives.status', 'in', filter.status);
      if (filter.owner?.length) out = out.where('objectives.owner_team', 'in', filter.owner);
      if (filter.domain?.length) out = out.where('objectives.business_domain', 'in', filter.domain);
      return out;
    }, sort, limit, cursor, chain);
  }
}

export function createObjectivesRepository() {
  return new ObjectivesRepository({
    table: 'objectives',
    idColumn: 'objective_id',
    columnsOf: (o) => ({ objective_id: o.objective_id, name: o.name, status: o.status ?? '', owner_team: o.owner_team ?? '', business_domain: o.business_domain ?? '' }),
    // Key-result ids are indexed so metrics can refer to them (alignment.related_okr_ids).
    afterWrite: async (trx, workspaceId, pk, doc, isNew) => {
      if (!isNew) await trx.deleteFrom('key_results').where('objective_pk', '=', pk).execute();
      const ids = [...new Set((doc.key_results ?? []).map((kr) => kr.kr_id))];
      if (ids.length > 0) await trx.insertInto('key_results').values(ids.map((kr_id) => ({ objective_pk: pk, workspace_id: workspaceId, kr_id }))).execute();
    },
    beforeDelete: async (trx, pk) => {
      await trx.deleteFrom('key_results').where('objective_pk', '=', pk).execute();
    },
  });
}

export function objectiveReferences(o: Objective): OutgoingRef[] {
  const refs: OutgoingRef[] = [];
  if (o.business_domain) refs.push({ field: 'business_domain', toType: 'domain', toId: o.business_domain });
  o.metric_ids?.forEach((id, i) => refs.push({ field: `metric_ids[${i}]`, toType: 'metric', toId: id }));
  o.key_results?.forEach((kr, k) => kr.metric_ids?.forEach((id, i) => refs.push({ field: `key_results[${k}].metric_ids[${i}]`, toType: 'metric', toId: id })));
  return refs;
}

export function createObjectiveKind(repository = createObjectivesRepository()): EntityKind<Objective> {
  return {
    type: 'objective',
    idField: 'objective_id',
    schema: objectiveSchema,
    repository,
    // Progress updates (current_value) are patches; changing what is measured or aimed for is minor.
    bumpRules: {
      major: [],
      minor: ['name', 'description', 'timeframe', 'owner_team', 'business_domain', 'key_results', 'key_results[].kr_id',
        'key_results[].target_value', 'key_results[].baseline_value', 'key_results[].direction', 'key_results[].metric_ids'],
    },
    idOf: (o) => o.objective_id,
    ...topLevelManaged<Objective>(),
    references: objectiveReferences,
    derive: (o) => (o.key_results ? { ...o, key_results: o.key_results.map((kr) => ({ ...kr, progress: keyResultProgress(kr) })) } : o),
  };
}
