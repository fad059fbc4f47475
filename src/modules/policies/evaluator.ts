import { z } from 'zod';
import { entityId } from '../../shared/zod-primitives.js';
import { DATA_CLASSIFICATIONS } from '../metrics/schema.js';

/**
 * A pure TypeScript twin of policy/mdl/metrics.rego. It must decide exactly what OPA
 * decides; both are pinned by the case table policy/testdata/data.json. Inputs are read
 * as loosely as OPA reads them (anything malformed fails closed), so the evaluator is
 * also correct on input that never went through the schema below.
 * Classification levels are the workspace's (data.mdl.classification_levels, lowest first);
 * without them, the default order. The schemas below are for the default order; a workspace's
 * own are built with the *For(levels) functions.
 */

export const POLICY_ACTIONS = ['read_definition', 'read_values', 'change', 'check_value'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];
export const THRESHOLD_STATUSES = ['ok', 'warning', 'critical', 'unknown'] as const;
export type ThresholdStatus = (typeof THRESHOLD_STATUSES)[number];

export function policyUserSchemaFor(levels: readonly [string, ...string[]]) {
  return z.strictObject({
    id: z.string().min(1, 'must not be empty').max(500),
    teams: z.array(z.string().min(1).max(500)).max(1000).optional(),
    roles: z.array(z.string().min(1).max(100)).max(100).optional(),
    clearance: z.enum(levels).optional(),
    pii_access: z.boolean().optional(),
  });
}

/** The evaluate input: the same document OPA receives as `input`. */
export function policyInputSchemaFor(levels: readonly [string, ...string[]]) {
  return z.strictObject({
    metric_id: entityId,
    action: z.enum(POLICY_ACTIONS),
    user: policyUserSchemaFor(levels),
    // Optional for every action: a missing value on check_value is a deny reason, as in Rego.
    value: z.number().finite().optional(),
  });
}

/** Body of POST /api/v1/metrics/:id/policy/evaluate: the id comes from the path. */
export function policyEvaluateBodySchemaFor(levels: readonly [string, ...string[]]) {
  return policyInputSchemaFor(levels).extend({ metric_id: entityId.optional() });
}

export const policyUserSchema = policyUserSchemaFor(DATA_CLASSIFICATIONS);
export const policyInputSchema = policyInputSchemaFor(DATA_CLASSIFICATIONS);
export type PolicyInput = z.infer<typeof policyInputSchema>;
export const policyEvaluateBodySchema = policyEvaluateBodySchemaFor(DATA_CLASSIFICATIONS);
export type PolicyEvaluateBody = z.infer<typeof policyEvaluateBodySchema>;

export const policyDecisionSchema = z.object({
  allow: z.boolean(),
  deny_reasons: z.array(z.string()),
  threshold_status: z.enum(THRESHOLD_STATUSES).optional(),
});
export type PolicyDecision = z.infer<typeof policyDecisionSchema>;

/** Anything OPA could be handed as input; PolicyInput is one such value. */
export interface PolicyQuery {
  metric_id?: unknown;
  action?: unknown;
  user?: unknown;
  value?: unknown;
}

// Reason texts are part of the contract: Rego emits the very same strings.
export const REASONS = {
  unknownMetric: 'metric is not in the policy data',
  unknownAction: 'action must be one of read_definition, read_values, change, check_value',
  role: 'requires role viewer, editor or admin',
  clearanceMissing: 'user clearance is missing or unknown',
  clearanceBelow: (clearance: string, classification: string) =>
    `clearance ${clearance} is below the metric classification ${classification}`,
  pii: 'metric involves PII and the user lacks PII access',
  retired: 'retired metrics cannot be changed',
  notApprover: 'user is not an owner, a member of the owner team, or an admin',
  valueNotNumber: 'check_value requires a numeric value',
} as const;

type Levels = ReadonlyMap<string, number>;
const DEFAULT_RANKS: Levels = new Map(DATA_CLASSIFICATIONS.map((c, i) => [c, i]));

/** Rank by position, lowest first; like the Rego module, an empty or non-list order means the default. */
function ranksOf(levels: readonly unknown[] | undefined): Levels {
  if (!levels || levels.length === 0) return DEFAULT_RANKS;
  const ranks = new Map<string, number>();
  levels.forEach((l, i) => {
    if (typeof l === 'string') ranks.set(l, i);
  });
  return ranks;
}

/** The highest level: where an unknown classification lands (fail closed). */
function highest(ranks: Levels): string {
  let top = 'restricted';
  let max = -1;
  for (const [level, rank] of ranks) if (rank > max) [top, max] = [level, rank];
  return top;
}
const READER_ACTIONS: ReadonlySet<unknown> = new Set(['read_definition', 'read_values', 'check_value']);
const READER_ROLES: ReadonlySet<unknown> = new Set(['viewer', 'editor', 'admin']);
const ACTIONS: ReadonlySet<unknown> = new Set(POLICY_ACTIONS);

type Doc = Record<string, unknown>;

function isObject(x: unknown): x is Doc {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const nonEmptyString = (x: unknown): x is string => typeof x === 'string' && x !== '';
const arrayOf = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

/** data.mdl.metrics[id], own properties only ("constructor" is a valid metric id). */
function lookup(metrics: Readonly<Record<string, unknown>>, id: unknown): Doc | undefined {
  if (typeof id !== 'string' || !Object.hasOwn(metrics, id)) return undefined;
  const entry = metrics[id];
  return isObject(entry) ? entry : undefined;
}

/**
 * Decide `input` against `metrics` (the value of data.mdl.metrics), comparing classifications by
 * `levels` (data.mdl.classification_levels; default order when absent).
 * deny_reasons is sorted, matching how OPA serializes a set of strings.
 */
export function evaluatePolicy(metrics: Readonly<Record<string, unknown>>, input: PolicyQuery, levels?: readonly unknown[]): PolicyDecision {
  const metric = lookup(metrics, input.metric_id);
  const user: Doc = isObject(input.user) ? input.user : {};
  const roles = arrayOf(user['roles']);
  const action = input.action;
  const reasons = new Set<string>();

  const knownAction = ACTIONS.has(action);
  if (!metric) reasons.add(REASONS.unknownMetric);
  if (!knownAction) reasons.add(REASONS.unknownAction);
  if (READER_ACTIONS.has(action) && !roles.some((r) => READER_ROLES.has(r))) reasons.add(REASONS.role);

  if (action === 'read_values') readValuesGates(metric, user, reasons, ranksOf(levels));
  if (action === 'change' && metric) {
    if (metric['status'] === 'retired') reasons.add(REASONS.retired);
    if (!isChangeApprover(metric, user, roles)) reasons.add(REASONS.notApprover);
  }
  if (action === 'check_value' && !isNumber(input.value)) reasons.add(REASONS.valueNotNumber);

  const allow = knownAction && metric !== undefined && reasons.size === 0;
  const decision: PolicyDecision = { allow, deny_reasons: [...reasons].sort() };
  if (action === 'check_value' && allow && metric && isNumber(input.value)) {
    decision.threshold_status = thresholdStatus(metric, input.value);
  }
  return decision;
}

function readValuesGates(metric: Doc | undefined, user: Doc, reasons: Set<string>, ranks: Levels): void {
  const clearance = user['clearance'];
  const rank = typeof clearance === 'string' ? ranks.get(clearance) : undefined;
  if (rank === undefined) reasons.add(REASONS.clearanceMissing);
  if (!metric) return;
  const classification = classificationOf(metric, ranks);
  if (rank !== undefined && rank < ranks.get(classification)!) {
    reasons.add(REASONS.clearanceBelow(clearance as string, classification));
  }
  // Anything but an explicit false counts as PII; admins are not exempt.
  if (metric['pii_involved'] !== false && user['pii_access'] !== true) reasons.add(REASONS.pii);
}

/** Unknown classifications are treated as the highest level (fail closed). */
function classificationOf(metric: Doc, ranks: Levels): string {
  const c = metric['data_classification'];
  return typeof c === 'string' && ranks.has(c) ? c : highest(ranks);
}

function isChangeApprover(metric: Doc, user: Doc, roles: unknown[]): boolean {
  const id = user['id'];
  const isOwner = (owner: unknown) => nonEmptyString(owner) && id === owner;
  if (isOwner(metric['technical_owner']) || isOwner(metric['business_owner'])) return true;
  const team = metric['owner_team'];
  if (nonEmptyString(team) && arrayOf(user['teams']).includes(team)) return true;
  return roles.includes('admin');
}

/**
 * Where `value` falls against the metric's thresholds; equality is a breach.
 * Exported for callers that already hold a policy entry (e.g. alert previews).
 */
export function thresholdStatus(metric: Readonly<Doc>, value: number): ThresholdStatus {
  if (breach(metric, value, metric['critical_threshold'])) return 'critical';
  if (breach(metric, value, metric['warning_threshold'])) return 'warning';
  return thresholdsApply(metric) ? 'ok' : 'unknown';
}

function breach(metric: Readonly<Doc>, value: number, threshold: unknown): boolean {
  if (!isNumber(threshold)) return false;
  switch (metric['expected_direction']) {
    case 'increase':
      return value <= threshold;
    case 'decrease':
      return value >= threshold;
    case 'maintain': {
      const target = metric['target_value'];
      return isNumber(target) && Math.abs(value - target) >= threshold;
    }
    default:
      return false;
  }
}

function thresholdsApply(metric: Readonly<Doc>): boolean {
  const anyThreshold = isNumber(metric['warning_threshold']) || isNumber(metric['critical_threshold']);
  const direction = metric['expected_direction'];
  if (direction === 'increase' || direction === 'decrease') return anyThreshold;
  if (direction === 'maintain') return isNumber(metric['target_value']) && anyThreshold;
  return false;
}
