import { readFileSync } from 'node:fs';

/**
 * The one reviewed Rego module. It is read from the repository, never generated, so
 * no metric text can reach it. The URL climbs three levels from both
 * src/modules/policies/ (tsx, vitest) and dist/modules/policies/ (tsconfig.build.json
 * maps src/ to dist/), landing at the package root in either case.
 */
export const POLICY_MODULE_URL = new URL('../../../policy/mdl/metrics.rego', import.meta.url);

/** The Rego package of the module; deliberately outside data.mdl.metrics (see the module header). */
export const POLICY_PACKAGE = 'mdl.policy.metrics';
/** Where decisions live (allow, deny_reasons, threshold_status). */
export const POLICY_QUERY = `data.${POLICY_PACKAGE}`;
/** Where the per-metric facts live. */
export const POLICY_DATA_PATH = 'data.mdl.metrics';

let cached: string | undefined;

/** Read once, lazily: a missing file surfaces on first use, not at import time. */
export function policyModuleText(): string {
  cached ??= readFileSync(POLICY_MODULE_URL, 'utf8');
  return cached;
}
