import type { EntityKind, ManagedFields, OutgoingRef } from '../catalog/kind.js';
import { MetricsRepository } from './repository.js';
import { metricSchema, type Metric } from './schema.js';

/**
 * Version rules for metrics (from the governance policy): the meaning changes → major; how it is
 * presented or filed → minor; anything else → patch.
 */
export const METRIC_BUMP_RULES = {
  major: ['definition.formula', 'definition.unit', 'category'],
  minor: ['name', 'description', 'tier', 'business_domain'],
} as const;

export function metricReferences(m: Metric): OutgoingRef[] {
  const refs: OutgoingRef[] = [];
  if (m.business_domain) refs.push({ field: 'business_domain', toType: 'domain', toId: m.business_domain });
  m.alignment?.primary_objective_ids?.forEach((id, i) => refs.push({ field: `alignment.primary_objective_ids[${i}]`, toType: 'objective', toId: id }));
  m.alignment?.related_okr_ids?.forEach((id, i) => refs.push({ field: `alignment.related_okr_ids[${i}]`, toType: 'okr', toId: id }));
  m.relationships?.upstream_metric_ids?.forEach((id, i) => refs.push({ field: `relationships.upstream_metric_ids[${i}]`, toType: 'metric', toId: id }));
  m.relationships?.downstream_metric_ids?.forEach((id, i) => refs.push({ field: `relationships.downstream_metric_ids[${i}]`, toType: 'metric', toId: id }));
  return refs;
}

export function createMetricKind(repository = new MetricsRepository()): EntityKind<Metric> {
  return {
    type: 'metric',
    idField: 'metric_id',
    schema: metricSchema,
    repository,
    bumpRules: METRIC_BUMP_RULES,
    idOf: (m) => m.metric_id,
    managedPrefix: 'governance.',
    getManaged: (m) => ({
      version: m.governance?.version ?? undefined,
      created_at: m.governance?.created_at ?? undefined,
      updated_at: m.governance?.updated_at ?? undefined,
    }),
    withManaged: (m, managed: ManagedFields | null) => {
      const { version: _v, created_at: _c, updated_at: _u, ...rest } = m.governance ?? {};
      const governance = managed ? { ...rest, ...managed } : rest;
      const copy = { ...m, governance };
      if (Object.keys(governance).length === 0) delete (copy as { governance?: unknown }).governance;
      return copy;
    },
    references: metricReferences,
  };
}
