import { create, type Delta } from 'jsondiffpatch';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'moved';

/** One changed field between two snapshots: its path and the value on each side (undefined: absent there). */
export interface DiffRow {
  path: string;
  kind: ChangeKind;
  before?: unknown;
  after?: unknown;
}

/**
 * Items of lists are matched by their id-like field (alert rules, dimensions, playbooks), else by
 * position, so an edited rule reads as a change of its fields, not a removal and an addition.
 */
const differ = create({
  objectHash: (item: object, index?: number) => {
    const o = item as Record<string, unknown>;
    for (const k of ['rule_id', 'kr_id', 'name', 'event_name', 'system']) if (typeof o[k] === 'string') return `${k}:${o[k] as string}`;
    return `$$index:${index ?? 0}`;
  },
  arrays: { detectMove: true, includeValueOnMove: false },
});

const join = (base: string, key: string) => (key.startsWith('[') ? `${base}${key}` : base ? `${base}.${key}` : key);

/**
 * The field-level differences of `left` → `right` from jsondiffpatch's delta, as rows the page renders
 * itself (its HTML formatter is never used: every value stays text). Paths read like the API's
 * (`targets_and_alerts.alert_rules[0].severity`).
 */
export function diffRows(left: unknown, right: unknown): DiffRow[] {
  const rows: DiffRow[] = [];
  walk(differ.diff(left, right), '', rows);
  return rows;
}

function walk(delta: Delta, path: string, rows: DiffRow[]): void {
  if (delta === undefined) return;
  if (Array.isArray(delta)) {
    if (delta.length === 1) rows.push({ path, kind: 'added', after: delta[0] });
    else if (delta.length === 2) rows.push({ path, kind: 'changed', before: delta[0], after: delta[1] });
    else if (delta[2] === 0) rows.push({ path, kind: 'removed', before: delta[0] });
    else if (delta[2] === 3) rows.push({ path, kind: 'moved', before: 'this position', after: `moved to position ${String(delta[1])}` });
    // [text, 0, 2] (text diffs) cannot occur: the differ has no text-diff engine, so long strings are replaced whole.
    return;
  }
  const isArray = (delta as { _t?: string })._t === 'a';
  const keys = Object.keys(delta).filter((k) => k !== '_t');
  // Arrays: "_N" names an item of the old list (removed, moved), "N" one of the new list.
  if (isArray) keys.sort((a, b) => Number(a.replace('_', '')) - Number(b.replace('_', '')) || (a.startsWith('_') ? -1 : 1));
  for (const key of keys) {
    const child = (delta as Record<string, Delta>)[key];
    const label = isArray ? `[${key.replace('_', '')}]` : key;
    walk(child, join(path, label), rows);
  }
}
