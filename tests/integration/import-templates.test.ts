import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { dbState, exportText, issuePaths, postImport, template } from '../helpers/transfer.js';

/**
 * The six blank public templates over the API: refused on exactly the empty id/name paths; filled-in
 * copies import, and after export every template key is found in a canonical field or back in place.
 */

type Kind = 'domain' | 'metric' | 'objective';
type Path = Array<string | number>;
const FORMATS = ['json', 'yaml'] as const;
const KINDS: Kind[] = ['domain', 'metric', 'objective']; // import order: references point backwards
const SECTION = { domain: ['domains', 'domain_id'], metric: ['metrics', 'metric_id'], objective: ['objectives', 'objective_id'] } as const;

const BLANK_ISSUES: Record<Kind, string[]> = {
  metric: ['metric_id', 'name'],
  domain: ['domain_id', 'name'],
  objective: ['objective_id', 'name', 'key_results[0].kr_id'],
};

/** Template (file-form) key → canonical key, for the documented aliases. */
const ALIASES: Record<Kind, Array<[from: Path, to: Path]>> = {
  metric: [[['targets_and_alerts', 'alert_rules', 0, 'notification_channels'], ['targets_and_alerts', 'alert_rules', 0, 'notify_channels']]],
  domain: [[['id'], ['domain_id']], [['owner'], ['owner_team']], [['objectives'], ['objective_ids']], [['key_metrics'], ['key_metric_ids']]],
  objective: [
    [['title'], ['name']], [['owner'], ['owner_team']], [['start_date'], ['timeframe', 'start']], [['end_date'], ['timeframe', 'end']],
    [['key_results', 0, 'metric_id'], ['key_results', 0, 'metric_ids']], [['key_results', 0, 'progress_percentage'], ['key_results', 0, 'reported_progress_percentage']],
  ],
};

/** One unknown field per template, at depth, which must come back in place. */
const UNKNOWN: Record<Kind, [Path, unknown]> = {
  domain: [['metadata_extra'], { reviewed: true }],
  metric: [['targets_and_alerts', 'alert_rules', 0, 'runbook'], 'https://wiki.example/runbook'],
  objective: [['key_results', 0, 'confidence'], 0.8],
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function leaves(value: unknown, path: Path = [], out: Array<[Path, unknown]> = []): Array<[Path, unknown]> {
  if (isObject(value)) for (const [k, v] of Object.entries(value)) (out.push([[...path, k], v]), leaves(v, [...path, k], out));
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], out));
  return out;
}

function setAt(root: unknown, path: Path, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
}

function lookup(root: unknown, path: Path): [boolean, unknown] {
  let node: unknown = root;
  for (const seg of path) {
    if (typeof seg === 'number' ? !Array.isArray(node) || seg >= node.length : !isObject(node) || !Object.hasOwn(node, seg)) return [false, undefined];
    node = (node as Record<string | number, unknown>)[seg];
  }
  return [true, node];
}

const ids = (fmt: string) => ({ domain: `tpl-domain-${fmt}`, metric: `tpl_metric_${fmt}`, objective: `TPL-OBJ-${fmt}` });

/** Every blank leaf filled with a valid value (enums from their lists, references to the other templates). */
function filledIn(kind: Kind, fmt: string, tpl: unknown): Record<string, unknown> {
  const copy = structuredClone(tpl) as Record<string, unknown>;
  const id = ids(fmt);
  const special: Record<string, unknown> = {
    'id': id.domain, 'metric_id': id.metric, 'objective_id': id.objective, 'key_results.0.kr_id': `${id.objective}-KR1`,
    'business_domain': id.domain, 'key_results.0.metric_id': id.metric, 'start_date': '2026-01-01', 'end_date': '2026-06-30',
    'definition.expected_direction': 'increase', 'governance.data_classification': 'internal', 'targets_and_alerts.alert_rules.0.severity': 'warning',
  };
  for (const [path, value] of leaves(copy)) {
    const key = path.join('.');
    if (Object.hasOwn(special, key)) setAt(copy, path, special[key]);
    else if (value === '') setAt(copy, path, `${kind} ${key}`);
    else if (value === null) setAt(copy, path, path.length * 10);
  }
  setAt(copy, UNKNOWN[kind][0], UNKNOWN[kind][1]);
  return copy;
}

function canonical(kind: Kind, path: Path): Path {
  for (const [from, to] of ALIASES[kind]) if (from.every((seg, i) => seg === path[i])) return [...to, ...path.slice(from.length)];
  return path;
}

function parseTemplate(kind: Kind, fmt: string): unknown {
  const text = template(`template-${kind}.${fmt}`);
  return fmt === 'json' ? JSON.parse(text) : parse(text);
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`public templates over the API on ${engine.label}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(engine.name);
    });
    afterAll(async () => t?.close());

    it('refuses each blank template with exactly the empty id and name paths, and writes nothing', async () => {
      const before = await dbState(t.tdb.db);
      for (const kind of KINDS) {
        for (const fmt of FORMATS) {
          const text = template(`template-${kind}.${fmt}`);
          const type = fmt === 'json' ? 'application/json' : 'application/yaml';
          const r = await postImport(t.app, text, { type });
          expect(r.statusCode, `${kind}.${fmt}`).toBe(422);
          const details = r.json().error.details;
          expect(details.shape).toBe(kind);
          expect(details.errors).toHaveLength(1);
          expect(details.errors[0]).toMatchObject({ kind, path: '' });
          expect(issuePaths(details), `${kind}.${fmt}`).toEqual(BLANK_ISSUES[kind]);
          const dry = await postImport(t.app, text, { type, query: 'dry_run=true' });
          expect(dry.statusCode).toBe(200);
          expect(issuePaths(dry.json()), `${kind}.${fmt} dry run`).toEqual(BLANK_ISSUES[kind]);
        }
      }
      expect(await dbState(t.tdb.db)).toEqual(before);
    });

    it('imports filled-in copies, and the export carries every template key in a canonical field or in place', async () => {
      const filled: Record<string, Record<string, unknown>> = {};
      for (const fmt of FORMATS) {
        for (const kind of KINDS) {
          const copy = filledIn(kind, fmt, parseTemplate(kind, fmt));
          filled[`${kind}.${fmt}`] = copy;
          const r = await postImport(t.app, fmt === 'json' ? JSON.stringify(copy) : stringify(copy), { type: fmt === 'json' ? 'application/json' : 'text/yaml' });
          expect(r.statusCode, `${kind}.${fmt}: ${r.body}`).toBe(200);
          expect(r.json()).toMatchObject({ shape: kind, counts: { [kind]: { created: 1 } } });
        }
      }
      const doc = JSON.parse(await exportText(t.app, 'json'));
      for (const fmt of FORMATS) {
        for (const kind of KINDS) {
          const [section, idKey] = SECTION[kind];
          const exported = doc[section].find((x: Record<string, unknown>) => x[idKey] === ids(fmt)[kind]);
          expect(exported, `${kind}.${fmt}`).toBeDefined();
          expect(exported).not.toHaveProperty('extensions');
          const paths = leaves(filled[`${kind}.${fmt}`]);
          expect(paths.length).toBeGreaterThan(8);
          for (const [path, original] of paths) {
            const target = canonical(kind, path);
            const [found, got] = lookup(exported, target);
            expect(found, `${kind}.${fmt}: ${path.join('.')} → ${target.join('.')}`).toBe(true);
            if (isObject(original) || Array.isArray(original)) continue; // compared leaf by leaf
            expect(got, `${kind}.${fmt}: ${path.join('.')}`).toEqual(path.at(-1) === 'metric_id' && kind === 'objective' ? [original] : original);
          }
        }
      }
      // The alert rule's `name` also became its rule_id.
      expect(doc.metrics.map((m: any) => m.targets_and_alerts.alert_rules[0].rule_id)).toEqual(['metric targets_and_alerts.alert_rules.0.name', 'metric targets_and_alerts.alert_rules.0.name']);
    });

    it('imports copies with only the ids filled in; blank values are kept verbatim', async () => {
      const blankAfterExport: Record<Kind, string[]> = {
        domain: [],
        metric: [],
        objective: [],
      };
      for (const kind of KINDS) {
        const copy = parseTemplate(kind, 'yaml') as Record<string, any>;
        const id = `min-${kind}`;
        if (kind === 'domain') Object.assign(copy, { id, name: 'Minimal' });
        if (kind === 'metric') Object.assign(copy, { metric_id: id, name: 'Minimal' });
        if (kind === 'objective') (Object.assign(copy, { objective_id: id, title: 'Minimal' }), (copy.key_results[0].kr_id = `${id}-KR1`));
        const r = await postImport(t.app, stringify(copy), { type: 'application/yaml' });
        expect(r.statusCode, `${kind}: ${r.body}`).toBe(200);
        const [section, idKey] = SECTION[kind];
        const exported = JSON.parse(await exportText(t.app, 'json'))[section].find((x: Record<string, unknown>) => x[idKey] === id);
        const missing = leaves(copy).map(([path]) => path).filter((path) => !lookup(exported, canonical(kind, path))[0]).map((p) => p.join('.'));
        expect(missing, kind).toEqual(blankAfterExport[kind]);
      }
    });
  });
}
