import type { EntityKind, OutgoingRef } from '../catalog/kind.js';
import { topLevelManaged } from '../catalog/managed-top-level.js';
import type { Db } from '../../db/connect.js';
import type { ChainCount, Sort } from '../catalog/pagination.js';
import { TableRepository } from '../catalog/table-repository.js';
import { domainSchema, type Domain } from './schema.js';

export const DOMAIN_SORT_FIELDS = ['domain_id', 'name', 'owner_team', 'created_at', 'updated_at'] as const;

export interface DomainFilter {
  owner?: string[];
}

export class DomainsRepository extends TableRepository<Domain> {
  readonly sortFields = DOMAIN_SORT_FIELDS;
  readonly defaultSort = 'domain_id';

  constructor() {
    super({ table: 'domains', idColumn: 'domain_id', columnsOf: (d) => ({ domain_id: d.domain_id, name: d.name, owner_team: d.owner_team ?? '' }) });
  }

  list(db: Db, workspaceId: string, filter: DomainFilter, sort: Sort<string>, limit: number, cursor?: { value: string; id: string }, chain?: ChainCount) {
    return this.page(db, workspaceId, (q) => (filter.owner?.length ? q.where('domains.owner_team', 'in', filter.owner) : q), sort, limit, cursor, chain);
  }
}

export const createDomainsRepository = () => new DomainsRepository();

export function domainReferences(d: Domain): OutgoingRef[] {
  return [
    ...(d.objective_ids ?? []).map((id, i): OutgoingRef => ({ field: `objective_ids[${i}]`, toType: 'objective', toId: id })),
    ...(d.key_metric_ids ?? []).map((id, i): OutgoingRef => ({ field: `key_metric_ids[${i}]`, toType: 'metric', toId: id })),
  ];
}

export function createDomainKind(repository = createDomainsRepository()): EntityKind<Domain> {
  return {
    type: 'domain',
    idField: 'domain_id',
    schema: domainSchema,
    repository,
    bumpRules: { major: [], minor: ['name', 'description', 'owner_team'] },
    idOf: (d) => d.domain_id,
    ...topLevelManaged<Domain>(),
    references: domainReferences,
  };
}
