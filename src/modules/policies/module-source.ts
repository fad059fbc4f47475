import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../../shared/package-root.js';

/**
 * The one reviewed Rego module. It is read from the repository (policy/ at the package root),
 * never generated, so no metric text can reach it.
 */
export const POLICY_MODULE_URL = pathToFileURL(join(PACKAGE_ROOT, 'policy', 'mdl', 'metrics.rego'));

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
