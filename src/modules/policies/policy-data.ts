import { z } from 'zod';
import { ValidationError } from '../../shared/errors.js';
import { DATA_CLASSIFICATIONS, EXPECTED_DIRECTIONS, METRIC_STATUSES, type Metric } from '../metrics/schema.js';

/** Owners are never "" in generated data: an empty string is written as null. */
const ownerString = z.string().min(1).nullable();

/**
 * The per-metric facts the fixed Rego module reads from data.mdl.metrics[metric_id].
 * Only what a decision needs leaves the catalog: no names, formulas or descriptions.
 *
 * Defaults (each chosen to fail closed or to refuse to guess):
 * - data_classification missing -> "internal": never "public" by omission, while still
 *   readable by ordinary staff clearance.
 * - pii_involved missing -> false (the definition did not declare PII). The module itself
 *   treats anything but an explicit false as PII, for hand-edited data.
 * - expected_direction missing -> null, and threshold_status is then "unknown": a wrong
 *   direction would turn every "ok" into "critical" and vice versa.
 * - owners/team missing or "" -> null (an empty owner must never match anyone).
 * - status missing -> null (only "retired" blocks changes).
 * - target/warning/critical missing -> null (that level is skipped).
 */
export const policyEntrySchema = z.strictObject({
  data_classification: z.enum(DATA_CLASSIFICATIONS),
  pii_involved: z.boolean(),
  status: z.enum(METRIC_STATUSES).nullable(),
  owner_team: ownerString,
  technical_owner: ownerString,
  business_owner: ownerString,
  expected_direction: z.enum(EXPECTED_DIRECTIONS).nullable(),
  target_value: z.number().finite().nullable(),
  warning_threshold: z.number().finite().nullable(),
  critical_threshold: z.number().finite().nullable(),
});

export type PolicyEntry = z.infer<typeof policyEntrySchema>;

/** The document loaded as OPA base data (bundle data.json). */
export interface PolicyData {
  mdl: { metrics: Record<string, PolicyEntry> };
}

export const DEFAULT_CLASSIFICATION = 'internal' as const;

function nonEmpty(value: string | null | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function numberOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function policyDataFor(metric: Metric): PolicyEntry {
  const gov = metric.governance;
  const ta = metric.targets_and_alerts;
  // Keys in sorted order so the JSON is canonical even before canonicalJson().
  return {
    business_owner: nonEmpty(gov?.business_owner),
    critical_threshold: numberOrNull(ta?.critical_threshold),
    data_classification: gov?.data_classification || DEFAULT_CLASSIFICATION,
    expected_direction: metric.definition?.expected_direction || null,
    owner_team: nonEmpty(gov?.owner_team),
    pii_involved: gov?.pii_involved ?? false,
    status: gov?.status || null,
    target_value: numberOrNull(ta?.target_value),
    technical_owner: nonEmpty(gov?.technical_owner),
    warning_threshold: numberOrNull(ta?.warning_threshold),
  };
}

/**
 * Data for many metrics, keyed by id and sorted so the output is deterministic.
 * A duplicate id is refused rather than silently letting the last one win.
 */
export function policyDataForAll(metrics: Iterable<Metric>): PolicyData {
  const byId = new Map<string, PolicyEntry>();
  for (const metric of metrics) {
    if (byId.has(metric.metric_id)) {
      throw new ValidationError(`duplicate metric_id ${metric.metric_id} in policy data`, [
        { path: 'metric_id', message: `duplicate: ${metric.metric_id}` },
      ]);
    }
    byId.set(metric.metric_id, policyDataFor(metric));
  }
  const ids = [...byId.keys()].sort();
  // fromEntries defines own properties, so no id can reach Object.prototype setters.
  return { mdl: { metrics: Object.fromEntries(ids.map((id) => [id, byId.get(id)!])) } };
}
