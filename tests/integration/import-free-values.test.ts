import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';
import { sampleDomain } from '../helpers/samples.js';
import { metric, postImport } from '../helpers/transfer.js';

/**
 * What a free object may hold, through the import route (issue 7, findings 7c, 7d, 7h):
 * - a `__proto__` key inside a free object was dropped silently while the import reported "created";
 *   now it (and `constructor`, `prototype`) is refused with its path;
 * - integers beyond 2^53 lost precision silently; now they are refused with their path;
 * - YAML errors showed parser internals ("Maximum call stack size exceeded"); now every unreadable
 *   file is a 400 in MDL's words, and a 100k-deep flow sequence gets the depth error with its path.
 */

const RESERVED = (key: string) => `the key "${key}" is not allowed (a reserved JavaScript property name)`;
const UNSAFE = (literal: string) => `the integer ${literal} is beyond ±9007199254740991 (2^53 − 1) and would lose precision; write it as a string`;
const DEEP = 'the file is nested deeper than 80 levels of objects and arrays';

/** A metric as JSON text whose example_calculation is `calcJson` (raw JSON text: JSON.stringify cannot write a `__proto__` key), `extra` its first members. */
function metricJson(id: string, calcJson: string, extra = ''): string {
  const m = JSON.stringify(metric(id, { definition: { formula: 'x', unit: 'USD', expected_direction: 'increase', example_calculation: { RAW: 1 } } } as never));
  return m.replace('{"RAW":1}', calcJson).replace(/^\{/, `{${extra}`);
}
/** A catalog file, as JSON text, of the revenue domain and that metric. */
const jsonFile = (id: string, calcJson: string, extra = '') => `{"domains":[${JSON.stringify(sampleDomain())}],"metrics":[${metricJson(id, calcJson, extra)}]}`;
/** The same as YAML, `calc` being the lines under example_calculation (indented 8). */
const yamlFile = (id: string, calc: string, extra = '') =>
  `domains:\n  - domain_id: revenue\n    name: Revenue\nmetrics:\n  - metric_id: ${id}\n    name: Metric ${id}\n    business_domain: revenue\n${extra}    definition:\n      formula: x\n      example_calculation:\n${calc}`;

const YAML = 'application/yaml';

/** Messages of the parser's own making or of a crash, which must never reach a client. */
const INTERNALS = /Maximum call stack|RangeError|TypeError|ReferenceError|node_modules|\.js:\d+|\n|\^\^/;

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`free values through the import route on ${engine.label}`, () => {
    let t: TestApp;
    beforeAll(async () => { t = await createTestApp(engine.name); });
    afterAll(async () => t?.close());

    /** Imports `body`: a dry run reports the invalid record, a real import refuses the file (422); nothing is stored. */
    async function refused(body: string, type: string, id: string): Promise<Array<{ path: string; message: string }>> {
      const dry = await postImport(t.app, body, { type, query: 'dry_run=true' });
      expect(dry.statusCode, dry.body.slice(0, 400)).toBe(200);
      expect(dry.json().counts.metric).toEqual({ created: 0, updated: 0, unchanged: 0, invalid: 1 });
      const real = await postImport(t.app, body, { type });
      expect(real.statusCode, real.body.slice(0, 400)).toBe(422);
      expect(real.json().error.code).toBe('IMPORT_REJECTED');
      expect(real.json().error.details.errors).toEqual(dry.json().errors);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/metrics/${id}` })).statusCode).toBe(404);
      return dry.json().errors.flatMap((e: { issues: Array<{ path: string; message: string }> }) => e.issues);
    }

    it('a __proto__, constructor or prototype key in a free object is refused with its path, JSON and YAML, never "created"; nothing is polluted', async () => {
      const cases: Array<[string, string, string, string]> = [
        [jsonFile('P-1', '{"ok":1,"__proto__":{"polluted":true}}'), 'application/json', 'metrics[0].definition.example_calculation.__proto__', '__proto__'],
        [jsonFile('P-2', '{"a":[{"b":1},{"__proto__":{"polluted":true}}]}'), 'application/json', 'metrics[0].definition.example_calculation.a[1].__proto__', '__proto__'],
        [jsonFile('P-3', '{"constructor":{"prototype":{"polluted":true}}}'), 'application/json', 'metrics[0].definition.example_calculation.constructor', 'constructor'],
        [jsonFile('P-4', '{"ok":1}', '"__proto__":{"polluted":true},'), 'application/json', 'metrics[0].__proto__', '__proto__'],
        [yamlFile('P-5', '        ok: 1\n        __proto__:\n          polluted: true\n'), YAML, 'metrics[0].definition.example_calculation.__proto__', '__proto__'],
        [yamlFile('P-6', '        list:\n          - prototype: {polluted: true}\n'), YAML, 'metrics[0].definition.example_calculation.list[0].prototype', 'prototype'],
        [yamlFile('P-7', '        ok: 1\n', '    x_custom:\n      "__proto__": {polluted: true}\n'), YAML, 'metrics[0].x_custom.__proto__', '__proto__'],
      ];
      for (const [body, type, path, key] of cases) {
        const id = /metric_id"?:\s*"?([A-Z0-9-]+)/.exec(body)![1]!;
        expect(await refused(body, type, id), path).toEqual([{ path, message: RESERVED(key) }]);
      }
      // The catalog's own fields are free data too.
      const meta = await postImport(t.app, '{"catalog_name":"c","owner_team":"t","__proto__":{"polluted":true},"metrics":[]}');
      expect(meta.statusCode).toBe(400);
      expect(meta.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: '__proto__', message: RESERVED('__proto__') }] });
      // The API's own bodies, likewise.
      const post = await t.app.inject({ method: 'POST', url: '/api/v1/metrics', headers: { 'content-type': 'application/json' }, payload: metricJson('P-8', '{"__proto__":{"polluted":true}}') });
      expect(post.statusCode).toBe(400);
      expect(post.json().error.details).toEqual([{ path: 'definition.example_calculation.__proto__', message: RESERVED('__proto__') }]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    });

    it('integers beyond 2^53 are refused with their path (JSON and YAML, decimal and hex, free or typed fields); 2^53 − 1 and floats are kept', async () => {
      const cases: Array<[string, string, string, string]> = [
        [jsonFile('I-1', '{"n":9007199254740993}'), 'application/json', 'metrics[0].definition.example_calculation.n', '9007199254740993'],
        [jsonFile('I-2', '{"rows":[1,-9007199254740993]}'), 'application/json', 'metrics[0].definition.example_calculation.rows[1]', '-9007199254740993'],
        [jsonFile('I-3', '{"ok":1}', '"targets_and_alerts":{"target_value":18446744073709551616},'), 'application/json', 'metrics[0].targets_and_alerts.target_value', '18446744073709551616'],
        [yamlFile('I-4', '        n: 9007199254740993\n'), YAML, 'metrics[0].definition.example_calculation.n', '9007199254740993'],
        [yamlFile('I-5', '        n: 0x20000000000001\n'), YAML, 'metrics[0].definition.example_calculation.n', '9007199254740993'],
        [yamlFile('I-6', '        ok: 1\n', '    targets_and_alerts:\n      target_value: -18446744073709551616\n'), YAML, 'metrics[0].targets_and_alerts.target_value', '-18446744073709551616'],
      ];
      for (const [body, type, path, literal] of cases) {
        const id = /metric_id"?:\s*"?([A-Z0-9-]+)/.exec(body)![1]!;
        expect(await refused(body, type, id), path).toEqual([{ path, message: UNSAFE(literal) }]);
      }
      const meta = await postImport(t.app, '{"catalog_name":"c","owner_team":"t","x_count":9007199254740993,"metrics":[]}');
      expect(meta.statusCode).toBe(400);
      expect(meta.json().error.details).toEqual([{ path: 'x_count', message: UNSAFE('9007199254740993') }]);

      // At the edge, exact; floats (written as floats) are floats.
      for (const [body, type, id] of [
        [jsonFile('I-OK-J', '{"max":9007199254740991,"min":-9007199254740991,"f":1e300,"g":0.5}'), 'application/json', 'I-OK-J'],
        [yamlFile('I-OK-Y', '        max: 9007199254740991\n        min: -9007199254740991\n        f: 1.0e+300\n        g: 0.5\n'), YAML, 'I-OK-Y'],
      ] as const) {
        const r = await postImport(t.app, body, { type });
        expect(r.statusCode, r.body.slice(0, 400)).toBe(200);
        expect(r.json().counts.metric.created).toBe(1);
        const got = await t.app.inject({ method: 'GET', url: `/api/v1/metrics/${id}` });
        expect(got.body).toContain('"max":9007199254740991,"min":-9007199254740991,"f":1e+300,"g":0.5');
      }
    });

    it('unreadable YAML is a 400 in MDL words, never parser internals; 100k-deep flow collections get the depth error with the path', async () => {
      const n = 100_000;
      const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`)].map((l) => `        ${l}\n`).join('');
      const cases: Array<[string, string, RegExp]> = [
        ['flow sequence, 100k deep', yamlFile('Y-1', `        v: ${'['.repeat(n)}${']'.repeat(n)}\n`), new RegExp(`^${DEEP} at metrics\\[0\\]\\.definition\\.example_calculation\\.v(\\[0\\]){70,80} \\(at line 11, column \\d+\\)$`)],
        ['flow sequence, 100k deep, as the file', `${'['.repeat(n)}${']'.repeat(n)}\n`, new RegExp(`^${DEEP} at (\\[0\\]){80,82} \\(at line 1, column \\d+\\)$`)],
        ['flow map, 100k deep', yamlFile('Y-2', `        v: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`), new RegExp(`^${DEEP} at metrics\\[0\\]\\.definition\\.example_calculation\\.v(\\.a){70,80} \\(at line 11, column \\d+\\)$`)],
        ['block sequences on one line, 100k deep', `metrics:\n  - ${'- '.repeat(n)}x\n`, new RegExp(`^${DEEP} at metrics(\\[0\\]){78,82} \\(at line 2, column \\d+\\)$`)],
        ['an alias bomb', yamlFile('Y-3', laughs), /^malformed YAML: Excessive alias count indicates a resource exhaustion attack \(at line 5, column 3\)$/],
        ['an unclosed flow sequence', yamlFile('Y-4', '        v: [[[\n'), /^malformed YAML: .+ \(at line \d+, column \d+\)$/],
        ['an unterminated quote', yamlFile('Y-5', '        v: "abc\n'), /^malformed YAML: Missing closing "quote \(at line \d+, column \d+\)$/],
        ['a tab as indentation', yamlFile('Y-6', '\t\tv: 1\n'), /^malformed YAML: .+ \(at line 11, column \d+\)$/],
        ['a duplicate key', yamlFile('Y-7', '        v: 1\n        v: 2\n'), /^malformed YAML: Map keys must be unique \(at line 12, column 9\)$/],
        ['an alias of nothing', yamlFile('Y-8', '        v: *nowhere\n'), /^malformed YAML: the alias \*nowhere names no anchor of the same record .* \(at line 11, column 12\)$/],
        ['two documents', 'metrics: []\n---\nmetrics: []\n', /^malformed YAML: the file holds more than one document; an import file holds one \(at line 2, column 1\)$/],
        ['an infinite number', yamlFile('Y-9', '        v: 1e400\n'), /^YAML number 1e400 cannot be stored: JSON has no infinity or NaN \(quote it to keep it as text\) \(at line 11, column 12\)$/],
      ];
      for (const [what, body, message] of cases) {
        for (const query of ['dry_run=true', '']) {
          const r = await postImport(t.app, body, { type: YAML, query });
          expect(r.statusCode, `${what}: ${r.body.slice(0, 400)}`).toBe(400);
          expect(r.json().error.code, what).toBe('BAD_REQUEST');
          expect(r.json().error.message, what).toMatch(message);
          expect(r.json().error.message, what).not.toMatch(INTERNALS);
        }
      }
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/metrics?limit=500' })).json().items.map((m: { metric_id: string }) => m.metric_id).filter((id: string) => id.startsWith('Y-'))).toEqual([]);
    });
  });
}
