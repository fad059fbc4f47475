import { BadRequestError } from '../../shared/errors.js';
import type { Metric } from '../metrics/schema.js';
import { buildPolicyBundle, type PolicyBundle } from './bundle.js';
import { evaluatePolicy, type PolicyDecision, type PolicyEvaluateBody } from './evaluator.js';
import { POLICY_DATA_PATH, POLICY_PACKAGE, POLICY_QUERY, policyModuleText } from './module-source.js';
import { DEFAULT_LEVELS, isDefaultOrder, policyDataFor, type PolicyEntry } from './policy-data.js';

export interface MetricPolicy {
  /** Rego package of the module. */
  package: typeof POLICY_PACKAGE;
  /** The fixed module text, identical for every metric. */
  module: string;
  /** This metric's entry, to be placed at data.mdl.metrics[metric_id]. */
  data: PolicyEntry;
  /** Decision document to query (allow, deny_reasons, threshold_status). */
  query: typeof POLICY_QUERY;
  /** Where `data` belongs in OPA's data tree. */
  data_path: string;
  /** The workspace's classification order, for data.mdl.classification_levels; absent: the default order. */
  classification_levels?: string[];
}

/** Policy-as-code for metrics, free of HTTP: routes and the CLI call this. */
export class PolicyService {
  policyFor(metric: Metric, levels: readonly string[] = DEFAULT_LEVELS): MetricPolicy {
    return {
      package: POLICY_PACKAGE,
      module: policyModuleText(),
      data: policyDataFor(metric, levels),
      query: POLICY_QUERY,
      data_path: `${POLICY_DATA_PATH}[${JSON.stringify(metric.metric_id)}]`,
      ...(isDefaultOrder(levels) ? {} : { classification_levels: [...levels] }),
    };
  }

  bundle(metrics: Iterable<Metric>, levels: readonly string[] = DEFAULT_LEVELS): Promise<PolicyBundle> {
    return buildPolicyBundle(metrics, levels);
  }

  /**
   * Decide `input` for `metric`, exactly as OPA would with this metric's data loaded.
   * The body's metric_id is optional (the route has it); a different one is refused.
   */
  evaluate(metric: Metric, input: PolicyEvaluateBody, levels: readonly string[] = DEFAULT_LEVELS): PolicyDecision {
    if (input.metric_id !== undefined && input.metric_id !== metric.metric_id) {
      throw new BadRequestError(`metric_id ${input.metric_id} does not match the metric ${metric.metric_id}`);
    }
    const metrics = Object.fromEntries([[metric.metric_id, policyDataFor(metric, levels)]]);
    return evaluatePolicy(metrics, { ...input, metric_id: metric.metric_id }, levels);
  }
}
