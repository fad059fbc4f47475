import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/schema.js';

export type Policy = paths['/api/v1/metrics/{id}/policy']['get']['responses'][200]['content']['application/json'];
type EvaluatePath = paths['/api/v1/metrics/{id}/policy/evaluate']['post'];
export type EvaluateBody = EvaluatePath['requestBody']['content']['application/json'];
export type Decision = EvaluatePath['responses'][200]['content']['application/json'];
export type Action = EvaluateBody['action'];

/** What each action's gates are (policy/mdl/metrics.rego), said beside the form so a deny is no surprise. */
export const ACTION_GATES: Record<Action, string> = {
  read_definition: 'Needs a role (viewer, editor or admin).',
  read_values: 'Needs a role, a clearance at or above the metric\'s classification, and PII access when the metric involves PII.',
  check_value: 'Needs a role and a numeric value; answers the threshold status when allowed.',
  change: 'Needs to be an owner, in the owner team, or admin; a retired metric cannot be changed.',
};

export const ACTIONS: Array<{ value: Action; label: string }> = [
  { value: 'read_definition', label: 'Read the definition (read_definition)' },
  { value: 'read_values', label: 'Read its values (read_values)' },
  { value: 'check_value', label: 'Check a value against its thresholds (check_value)' },
  { value: 'change', label: 'Change the definition (change)' },
];
export const POLICY_ROLES = ['viewer', 'editor', 'admin'] as const;
/** The server's default classification order (lowest first), used when the workspace has none of its own. */
export const DEFAULT_LEVELS = ['public', 'internal', 'confidential', 'restricted'];

export const BUNDLE_URL = '/api/v1/policies/bundle.tar.gz';
const SEARCH_LIMIT = 10;

export const searchMetrics = (q: string, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/metrics', { params: { query: { ...(q ? { q } : {}), limit: SEARCH_LIMIT, sort: 'name' } }, signal })).then((p) => p.items);

export const fetchPolicy = (id: string, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/metrics/{id}/policy', { params: { path: { id } }, signal }));

export const evaluatePolicy = (id: string, body: EvaluateBody) =>
  unwrap(api.POST('/api/v1/metrics/{id}/policy/evaluate', { params: { path: { id } }, body }));
