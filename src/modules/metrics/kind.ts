import { UnknownValueError, type FieldIssue } from '../../shared/errors.js';
import type { EntityKind, ManagedFields, OutgoingRef, Trx } from '../catalog/kind.js';
import type { VocabularySet } from '../vocabularies/model.js';
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

/** Where a write batch reads the workspace vocabularies from (VocabularyService). */
export interface VocabularySource {
  snapshot(trx: Trx, workspaceId: string): Promise<VocabularySet>;
}

/**
 * The batch's metrics with canonical vocabulary values; unknown values of closed vocabularies that the
 * write brings (not those the stored metric already holds) are refused with the field's path (one metric per API write; an import's records are checked earlier,
 * each for itself, with its record path: normalizeRecord in src/modules/import/plan.ts).
 */
async function applyVocabularies(source: VocabularySource, trx: Trx, workspaceId: string, items: Array<{ doc: Metric; current?: Metric }>): Promise<Metric[]> {
  const set = await source.snapshot(trx, workspaceId);
  const issues: FieldIssue[] = [];
  const out: Metric[] = [];
  for (const { doc, current } of items) {
    const r = set.applyToMetric(doc, '', current);
    out.push(r.doc);
    issues.push(...(items.length > 1 ? r.issues.map((i) => ({ ...i, message: `metric "${doc.metric_id}": ${i.message}` })) : r.issues));
  }
  if (issues.length > 0) throw new UnknownValueError('metric has values outside the workspace vocabularies', issues);
  return out;
}

export function createMetricKind(repository = new MetricsRepository(), vocabularies?: VocabularySource): EntityKind<Metric> {
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
    ...(vocabularies ? { prepareBatch: (trx: Trx, workspaceId: string, items: Array<{ doc: Metric; current?: Metric }>) => applyVocabularies(vocabularies, trx, workspaceId, items) } : {}),
  };
}
