/**
 * Semantic versions bumped by rule, and the field-level diff that drives them.
 * A change to any path in `major` bumps major, else any in `minor` bumps minor, else patch.
 */
export type Bump = 'major' | 'minor' | 'patch';

export interface BumpRules {
  major: readonly string[];
  minor: readonly string[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Treats null, missing, `[]` and `{}` alike, so `{}` → `{a: null}` or `{a: []}` is not a change. */
function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isPlainObject(v) && Object.values(v).every(isEmpty);
}

/**
 * Paths of leaf values that differ (`definition.unit`, `key_results[0].current_value`). Objects are
 * compared recursively; arrays of objects of equal length element by element; other arrays whole.
 */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (isEmpty(before) && isEmpty(after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    const out: string[] = [];
    for (const key of [...keys].sort()) {
      out.push(...changedPaths(before[key], after[key], prefix ? `${prefix}.${key}` : key));
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length && before.every(isPlainObject) && after.every(isPlainObject)) {
    return before.flatMap((b, i) => changedPaths(b, after[i], `${prefix}[${i}]`));
  }
  if ((isPlainObject(before) && isEmpty(after)) || (isEmpty(before) && isPlainObject(after))) {
    // One side is an object, the other missing: report the object's leaves.
    return changedPaths(isPlainObject(before) ? before : {}, isPlainObject(after) ? after : {}, prefix);
  }
  return deepEqual(before, after) ? [] : [prefix || '(root)'];
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (isEmpty(a[k]) && isEmpty(b[k])) continue;
      if (!deepEqual(a[k], b[k])) return false;
    }
    return true;
  }
  return false;
}

/**
 * A rule names a field (`definition.unit`) or a field of every array item (`key_results[].target_value`);
 * it matches that path and anything below it. `key_results` alone matches only a change of the whole
 * array (items added or removed), since item changes are reported as `key_results[i]...`.
 */
function matches(path: string, rule: string): boolean {
  const p = path.replace(/\[\d+\]/g, '[]');
  return p === rule || p.startsWith(`${rule}.`) || (rule.endsWith('[]') && p.startsWith(rule));
}

export function bumpFor(paths: readonly string[], rules: BumpRules): Bump {
  if (paths.some((p) => rules.major.some((r) => matches(p, r)))) return 'major';
  if (paths.some((p) => rules.minor.some((r) => matches(p, r)))) return 'minor';
  return 'patch';
}

export function nextVersion(version: string, bump: Bump): string {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  const [maj, min, pat] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [1, 0, 0];
  if (bump === 'major') return `${maj + 1}.0.0`;
  if (bump === 'minor') return `${maj}.${min + 1}.0`;
  return `${maj}.${min}.${pat + 1}`;
}

/** The value at a changedPaths path (`key_results[0].current_value`, `(root)` for the whole document). */
export function valueAt(doc: unknown, path: string): unknown {
  if (path === '(root)') return doc;
  let cur: unknown = doc;
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = m[2] !== undefined ? (Array.isArray(cur) ? cur[Number(m[2])] : undefined) : (cur as Record<string, unknown>)[m[1]!];
  }
  return cur;
}

/** One differing field: its path and both values (null when absent). */
export interface FieldDiff {
  path: string;
  before: unknown;
  after: unknown;
}

export function fieldDiff(before: unknown, after: unknown): FieldDiff[] {
  return changedPaths(before, after).map((path) => ({ path, before: valueAt(before, path) ?? null, after: valueAt(after, path) ?? null }));
}
