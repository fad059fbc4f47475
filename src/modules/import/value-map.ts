import { ValidationError } from '../../shared/errors.js';
import type { RecordKind } from '../io/index.js';

/**
 * `mdl import --map data_classification:Non-PII=internal`: renames a value of a controlled field for one
 * import, before validation, without changing anything stored. Exact matches only (the file's spelling).
 */
export const MAPPABLE_FIELDS = ['data_classification', 'status', 'severity', 'tier', 'metric_type', 'category'] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];
export type ValueMap = Partial<Record<MappableField, Map<string, string>>>;

const SPEC = /^([a-z_]+):(.+?)=(.*)$/s;

/** Parses `field:from=to` entries; a bad one is a 400 naming it. */
export function parseValueMap(entries: readonly string[]): ValueMap {
  const out: ValueMap = {};
  entries.forEach((entry, i) => {
    const m = SPEC.exec(entry);
    const field = m?.[1] as MappableField | undefined;
    if (!m || !field || !(MAPPABLE_FIELDS as readonly string[]).includes(field) || m[2]!.length > 200 || m[3]!.length > 200) {
      throw new ValidationError('invalid value mapping', [{ path: `map[${i}]`, message: `must be field:from=to with field one of ${MAPPABLE_FIELDS.join(', ')} (e.g. data_classification:Non-PII=internal)` }]);
    }
    (out[field] ??= new Map()).set(m[2]!, m[3]!);
  });
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy of the raw record with mapped values replaced (the input is not modified). */
export function applyValueMap(kind: RecordKind, raw: unknown, map: ValueMap): unknown {
  if (!isObj(raw) || Object.keys(map).length === 0) return raw;
  const swap = (field: MappableField, v: unknown) => (typeof v === 'string' && map[field]?.has(v) ? map[field]!.get(v)! : v);
  const out: Obj = { ...raw };
  if (kind === 'objective') {
    if ('status' in out) out.status = swap('status', out.status);
    return out;
  }
  if (kind !== 'metric') return out;
  for (const f of ['tier', 'metric_type', 'category'] as const) if (f in out) out[f] = swap(f, out[f]);
  if (isObj(out.governance)) {
    const g = { ...out.governance };
    if ('data_classification' in g) g.data_classification = swap('data_classification', g.data_classification);
    if ('status' in g) g.status = swap('status', g.status);
    out.governance = g;
  }
  if (isObj(out.targets_and_alerts) && Array.isArray(out.targets_and_alerts.alert_rules)) {
    out.targets_and_alerts = {
      ...out.targets_and_alerts,
      alert_rules: out.targets_and_alerts.alert_rules.map((r) => (isObj(r) && 'severity' in r ? { ...r, severity: swap('severity', r.severity) } : r)),
    };
  }
  return out;
}
