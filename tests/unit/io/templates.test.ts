import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { RecordKind } from '../../../src/modules/io/detect.js';
import { getOwn, isPlainObject, type PlainObject } from '../../../src/modules/io/json-pointer.js';
import { normalizeRecord, readAll, TEMPLATES } from './helpers.js';

/**
 * The six blank public templates: detected as single records, normalized without dropping a field.
 * Blank ids fail validation on exactly the id/name paths; with ids filled in, every template key is
 * found in a canonical field (templates carry no unknown fields, so nothing lands in extensions).
 */

type Path = Array<string | number>;

/** Template (file-form) key path → canonical path, for the documented aliases. */
const ALIASES: Record<RecordKind, Array<[from: Path, to: Path]>> = {
  metric: [[['targets_and_alerts', 'alert_rules', 0, 'notification_channels'], ['targets_and_alerts', 'alert_rules', 0, 'notify_channels']]],
  domain: [
    [['id'], ['domain_id']],
    [['owner'], ['owner_team']],
    [['objectives'], ['objective_ids']],
    [['key_metrics'], ['key_metric_ids']],
  ],
  objective: [
    [['title'], ['name']],
    [['owner'], ['owner_team']],
    [['start_date'], ['timeframe', 'start']],
    [['end_date'], ['timeframe', 'end']],
    [['key_results', 0, 'metric_id'], ['key_results', 0, 'metric_ids']],
    [['key_results', 0, 'progress_percentage'], ['key_results', 0, 'reported_progress_percentage']],
  ],
};

const BLANK_ISSUES: Record<RecordKind, string[]> = {
  metric: ['metric_id', 'name'],
  domain: ['domain_id', 'name'],
  objective: ['objective_id', 'name', 'key_results[0].kr_id'],
};

const FILL: Record<RecordKind, (t: PlainObject) => void> = {
  metric: (t) => Object.assign(t, { metric_id: 'tpl_metric', name: 'Template metric' }),
  domain: (t) => Object.assign(t, { id: 'tpl_domain', name: 'Template domain' }),
  objective: (t) => {
    Object.assign(t, { objective_id: 'TPL-OBJ', title: 'Template objective' });
    (t.key_results as PlainObject[])[0]!.kr_id = 'TPL-OBJ-KR1';
  },
};

/** Every key at every depth, with its value (array items by index). */
function keyPaths(value: unknown, path: Path = [], out: Array<[Path, unknown]> = []): Array<[Path, unknown]> {
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      out.push([[...path, k], v]);
      keyPaths(v, [...path, k], out);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => keyPaths(v, [...path, i], out));
  }
  return out;
}

function canonicalPath(kind: RecordKind, path: Path): Path {
  for (const [from, to] of ALIASES[kind]) {
    if (from.length <= path.length && from.every((seg, i) => seg === path[i])) return [...to, ...path.slice(from.length)];
  }
  return path;
}

/** [found, value]: found when the key exists as an own property along the path. */
function lookup(root: unknown, path: Path): [boolean, unknown] {
  let node: unknown = root;
  for (const seg of path) {
    if (typeof seg === 'number' ? !Array.isArray(node) || seg >= node.length : !isPlainObject(node) || !Object.hasOwn(node, seg)) return [false, undefined];
    node = typeof seg === 'number' ? (node as unknown[])[seg] : getOwn(node as PlainObject, seg);
  }
  return [true, node];
}

const FILES = ['metric', 'domain', 'objective'].flatMap((kind) => ['json', 'yaml'].map((ext) => [kind as RecordKind, `template-${kind}.${ext}`] as const));

describe.each(FILES)('blank template (%s) %s', (kind, file) => {
  const text = readFileSync(`${TEMPLATES}${file}`, 'utf8');
  const template = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as PlainObject;

  it('is detected as one record of its kind and fails only on the empty ids and name', async () => {
    const { records, shape, meta } = await readAll({ text });
    expect(shape).toBe(kind);
    expect(meta).toBeNull();
    expect(records).toEqual([{ kind, path: '', raw: template }]);
    const res = normalizeRecord(records[0]!);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues.map((i) => i.path)).toEqual(BLANK_ISSUES[kind]);
  });

  it('with ids filled in, passes and accounts for every template key in a canonical field', async () => {
    const filled = structuredClone(template);
    FILL[kind](filled);
    const { records } = await readAll({ text: JSON.stringify(filled) });
    const res = normalizeRecord(records[0]!);
    if (!res.ok) throw new Error(JSON.stringify(res.issues));
    const value = res.value as PlainObject;
    expect(value.extensions).toBeUndefined();

    const paths = keyPaths(filled);
    expect(paths.length).toBeGreaterThan(8);
    for (const [path, original] of paths) {
      const target = canonicalPath(kind, path);
      const [found, got] = lookup(value, target);
      expect(found, `${path.join('.')} → ${target.join('.')}`).toBe(true);
      if (isPlainObject(original) || (Array.isArray(original) && original.length > 0)) continue; // compared leaf by leaf
      if (original === '' && got === undefined) continue; // "" in an enum or reference field means "not set"
      if (path.at(-1) === 'metric_id' && kind === 'objective') {
        expect(got).toEqual(original === '' ? [] : [original]);
        continue;
      }
      expect(got, path.join('.')).toEqual(original);
    }
  });
});
