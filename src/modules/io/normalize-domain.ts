import { domainSchema, type Domain } from '../domains/schema.js';
import type { PlainObject } from './json-pointer.js';
import { normalizeWith, renameField, type NormalizeResult } from './normalize-core.js';

/** Domain file form → canonical field, applied in this order (canonical wins on conflict). */
export const DOMAIN_ALIASES: ReadonlyArray<readonly [alias: string, field: string]> = [
  ['id', 'domain_id'],
  ['owner', 'owner_team'],
  ['objectives', 'objective_ids'],
  ['key_metrics', 'key_metric_ids'],
];

function mapDomainAliases(doc: PlainObject, ext: PlainObject): void {
  // `stakeholders` and `metadata` have the same name in both forms.
  for (const [alias, field] of DOMAIN_ALIASES) renameField(doc, alias, field, '', ext);
}

/** `path` prefixes issue paths, e.g. `domains[0]` → `domains[0].domain_id`. */
export function normalizeDomain(raw: unknown, path = ''): NormalizeResult<Domain> {
  return normalizeWith(domainSchema, mapDomainAliases, raw, path);
}
