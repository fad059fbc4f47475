import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { domainSchema } from '../../../src/modules/domains/schema.js';
import { metricSchema } from '../../../src/modules/metrics/schema.js';
import { objectiveSchema } from '../../../src/modules/objectives/schema.js';
import { restoreExtensions } from '../../../src/modules/io/extensions.js';
import { isPlainObject, setOwn, type PlainObject } from '../../../src/modules/io/json-pointer.js';
import { DOMAIN_ALIASES, normalizeDomain } from '../../../src/modules/io/normalize-domain.js';
import { normalizeMetric } from '../../../src/modules/io/normalize-metric.js';
import { normalizeObjective } from '../../../src/modules/io/normalize-objective.js';
import { unwrapSchema } from '../../../src/modules/io/schema-walk.js';
import { FIXTURES } from './helpers.js';
import { freeValueProblem } from '../../../src/shared/free-value.js';

describe('restoreExtensions', () => {
  it('puts values back at their pointers, creating missing objects, and drops the emptied map', () => {
    const doc = {
      metric_id: 'm',
      targets_and_alerts: { alert_rules: [{ rule_id: 'r' }] },
      extensions: { '/definition/numerator/custom_note': 'n', '/targets_and_alerts/alert_rules/0/runbook': 'rb', '/a~1b': 1 },
    };
    expect(restoreExtensions(doc)).toEqual({
      metric_id: 'm',
      'a/b': 1,
      definition: { numerator: { custom_note: 'n' } },
      targets_and_alerts: { alert_rules: [{ rule_id: 'r', runbook: 'rb' }] },
    });
    expect(doc.extensions).toHaveProperty(['/a~1b']); // input untouched
  });

  it('leaves entries whose place is gone or taken in extensions (nothing is lost or overwritten)', () => {
    const doc = {
      metric_id: 'm',
      name: 'kept',
      definition: { numerator: null },
      targets_and_alerts: { alert_rules: [] },
      extensions: {
        '/targets_and_alerts/alert_rules/0/runbook': 'rb', // array item gone
        '/dimensions/0/sort': 'asc', // array missing altogether
        '/definition/numerator/note': 'x', // null in the way
        '/name': 'other', // key taken by a canonical field
        '/extensions/x': 1, // never into the map itself
        'no-slash': 2,
        '': 3,
      },
    };
    const out = restoreExtensions(doc);
    expect(out.extensions).toEqual(doc.extensions);
    expect(out).not.toHaveProperty('dimensions');
    expect(out.name).toBe('kept');
    expect(out.definition).toEqual({ numerator: null });
  });

  it('writes __proto__ as an own key, never as the prototype', () => {
    const out = restoreExtensions({ extensions: { '/__proto__': { polluted: true }, '/definition/__proto__': 1 } });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as PlainObject).polluted).toBeUndefined();
  });
});

// ---- Property: restoreExtensions(normalize(x)) deep-equals x for unknown keys injected anywhere. ----

const catalog = JSON.parse(readFileSync(`${FIXTURES}catalog.json`, 'utf8')) as Record<string, unknown[]>;

function canonical<T>(fn: (raw: unknown) => { ok: boolean; value?: T }, raw: unknown): PlainObject {
  const res = fn(raw);
  if (!res.ok) throw new Error('fixture does not normalize');
  const value = structuredClone(res.value) as PlainObject;
  delete value.extensions;
  return value;
}

const BASES = [
  ...(catalog.metrics ?? []).map((m) => ({ schema: metricSchema, normalize: normalizeMetric, doc: canonical(normalizeMetric, m) })),
  ...(catalog.domains ?? []).map((d) => ({ schema: domainSchema, normalize: normalizeDomain, doc: canonical(normalizeDomain, d) })),
  ...(catalog.objectives ?? []).map((o) => ({ schema: objectiveSchema, normalize: normalizeObjective, doc: canonical(normalizeObjective, o) })),
];

/** Keys that the importer maps (file-form aliases) and so cannot round-trip as unknown keys. */
const ALIAS_KEYS = new Set(['notification_channels', 'title', 'owner', 'start_date', 'end_date', 'metric_id', 'progress_percentage', ...DOMAIN_ALIASES.map(([a]) => a)]);

interface ObjectNode {
  path: Array<string | number>;
  known: Set<string>;
}

/** Every schema-object node present in `value` (records are skipped: they keep any key anyway). */
function objectNodes(schema: z.core.$ZodType, value: unknown, path: Array<string | number>, out: ObjectNode[]): ObjectNode[] {
  const def = unwrapSchema(schema)._zod.def as unknown as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType };
  if (def.type === 'object' && isPlainObject(value)) {
    out.push({ path, known: new Set(Object.keys(def.shape ?? {})) });
    for (const [k, child] of Object.entries(def.shape ?? {})) if (Object.hasOwn(value, k)) objectNodes(child, value[k], [...path, k], out);
  } else if (def.type === 'array' && Array.isArray(value) && def.element) {
    value.forEach((item, i) => objectNodes(def.element as z.core.$ZodType, item, [...path, i], out));
  }
  return out;
}

function nodeAt(root: PlainObject, path: Array<string | number>): PlainObject {
  let node: unknown = root;
  for (const seg of path) node = (node as Record<string | number, unknown>)[seg];
  return node as PlainObject;
}

describe('restoreExtensions ∘ normalize (property)', () => {
  it('loses nothing: unknown keys injected at random object paths of every fixture record come back in place', () => {
    const injection = fc.record({ node: fc.nat(), key: fc.string({ maxLength: 12 }), value: fc.jsonValue({ maxDepth: 3 }) });
    fc.assert(
      fc.property(fc.nat(), fc.array(injection, { minLength: 1, maxLength: 8 }), (baseIndex, injections) => {
        const base = BASES[baseIndex % BASES.length] as (typeof BASES)[number];
        const x = structuredClone(base.doc);
        const nodes = objectNodes(base.schema, x, [], []);
        let injected = 0;
        for (const inj of injections) {
          const node = nodes[inj.node % nodes.length] as ObjectNode;
          if (node.known.has(inj.key) || ALIAS_KEYS.has(inj.key)) continue;
          // Refused by the free-object rule (tested in tests/unit/free-value.test.ts), not lost.
          if (inj.key === '__proto__' || freeValueProblem({ v: inj.value })) continue;
          const target = nodeAt(x, node.path);
          if (Object.hasOwn(target, inj.key)) continue;
          setOwn(target, inj.key, inj.value);
          injected++;
        }
        const res = base.normalize(x);
        expect(res.ok).toBe(true);
        if (!res.ok) return;
        expect(Object.keys(res.value.extensions ?? {})).toHaveLength(injected);
        expect(restoreExtensions(res.value)).toEqual(x);
      }),
      { numRuns: 300 },
    );
  });
});
