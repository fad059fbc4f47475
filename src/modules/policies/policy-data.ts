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
 *   readable by ordinary staff clearance (a workspace without "internal": its highest level).
 * - pii_involved missing -> false (the definition did not declare PII). The module itself
 *   treats anything but an explicit false as PII, for hand-edited data.
 * - expected_direction missing -> null, and threshold_status is then "unknown": a wrong
 *   direction would turn every "ok" into "critical" and vice versa.
 * - owners/team missing or "" -> null (an empty owner must never match anyone).
 * - status missing -> null (only "retired" blocks changes).
 * - target/warning/critical missing -> null (that level is skipped).
 */
export function policyEntrySchemaFor(levels: readonly [string, ...string[]], statuses: readonly [string, ...string[]]) {
  return z.strictObject({
    data_classification: z.enum(levels),
    pii_involved: z.boolean(),
    status: z.enum(statuses).nullable(),
    owner_team: ownerString,
    technical_owner: ownerString,
    business_owner: ownerString,
    expected_direction: z.enum(EXPECTED_DIRECTIONS).nullable(),
    target_value: z.number().finite().nullable(),
    warning_threshold: z.number().finite().nullable(),
    critical_threshold: z.number().finite().nullable(),
  });
}

/** A generated entry under the default vocabularies (a workspace's own: policyEntrySchemaFor). */
export const policyEntrySchema = policyEntrySchemaFor(DATA_CLASSIFICATIONS, METRIC_STATUSES);

/** Classification and status are the workspace's vocabulary values (issue 8), so plain text here. */
export type PolicyEntry = {
  data_classification: string;
  pii_involved: boolean;
  status: string | null;
  owner_team: string | null;
  technical_owner: string | null;
  business_owner: string | null;
  expected_direction: (typeof EXPECTED_DIRECTIONS)[number] | null;
  target_value: number | null;
  warning_threshold: number | null;
  critical_threshold: number | null;
};

/** Classification levels lowest first, as policies compare them: the default vocabulary's order. */
export const DEFAULT_LEVELS: readonly string[] = DATA_CLASSIFICATIONS;

/** True when `levels` is the default order: bundles then carry no levels, and stay byte-identical. */
export function isDefaultOrder(levels: readonly string[]): boolean {
  return levels.length === DEFAULT_LEVELS.length && levels.every((l, i) => l === DEFAULT_LEVELS[i]);
}

/**
 * The document loaded as OPA base data (bundle data.json). `classification_levels` is the
 * workspace's order, lowest first; absent, the module uses the default order.
 */
export interface PolicyData {
  mdl: { classification_levels?: string[]; metrics: Record<string, PolicyEntry> };
}

export const DEFAULT_CLASSIFICATION = 'internal' as const;

function nonEmpty(value: string | null | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function numberOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** What a metric without a classification gets: `internal` while the workspace has it, else its highest level. */
function defaultClassification(levels: readonly string[]): string {
  return levels.includes(DEFAULT_CLASSIFICATION) || levels.length === 0 ? DEFAULT_CLASSIFICATION : levels[levels.length - 1]!;
}

export function policyDataFor(metric: Metric, levels: readonly string[] = DEFAULT_LEVELS): PolicyEntry {
  const gov = metric.governance;
  const ta = metric.targets_and_alerts;
  // Keys in sorted order so the JSON is canonical even before canonicalJson().
  return {
    business_owner: nonEmpty(gov?.business_owner),
    critical_threshold: numberOrNull(ta?.critical_threshold),
    data_classification: gov?.data_classification || defaultClassification(levels),
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
export function policyDataForAll(metrics: Iterable<Metric>, levels: readonly string[] = DEFAULT_LEVELS): PolicyData {
  const byId = new Map<string, PolicyEntry>();
  for (const metric of metrics) {
    if (byId.has(metric.metric_id)) {
      throw new ValidationError(`duplicate metric_id ${metric.metric_id} in policy data`, [
        { path: 'metric_id', message: `duplicate: ${metric.metric_id}` },
      ]);
    }
    byId.set(metric.metric_id, policyDataFor(metric, levels));
  }
  const ids = [...byId.keys()].sort();
  // fromEntries defines own properties, so no id can reach Object.prototype setters.
  const entries = Object.fromEntries(ids.map((id) => [id, byId.get(id)!]));
  return { mdl: isDefaultOrder(levels) ? { metrics: entries } : { classification_levels: [...levels], metrics: entries } };
}
