import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { runMdl } from '../helpers/cli.js';
import { ENGINES } from '../helpers/databases.js';
import { sampleDomain } from '../helpers/samples.js';
import { exportText, issuePaths, metric, postImport } from '../helpers/transfer.js';

/**
 * One nesting limit for free objects, everywhere (issue 7, finding 3). Before it, POST /metrics took a
 * 3000-deep array in definition.example_calculation (201), and from then on GET /export sent 200 and
 * dropped the connection mid-body (RangeError) until the metric was deleted; a 3000-deep import and a
 * 5000-deep POST answered 500. Now: a free object nests at most 64 levels (counting itself) and a whole
 * document 80; deeper is a 400 (API, import file) or an invalid record (import), naming the path.
 */

const DEEP_MESSAGE = 'nested deeper than 80 levels of objects and arrays';
const FREE_MESSAGE = 'nested deeper than 64 levels of objects and arrays';

/** `n` nested arrays as JSON text (never built as a value: JSON.stringify of it would overflow the stack). */
const arrays = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
/** A free object `depth` levels deep counting itself: {"a": {"a": … {}}}. */
function objectOfDepth(depth: number): Record<string, unknown> {
  let v: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) v = { a: v };
  return v;
}
/** A metric whose example_calculation is `{"v": <raw JSON text>}`, as JSON text. */
const metricWithCalc = (id: string, rawJson: string) =>
  JSON.stringify(metric(id, { definition: { formula: 'x', unit: 'USD', expected_direction: 'increase', example_calculation: { v: 'RAW' } } } as never)).replace('"RAW"', rawJson);
/** The same in YAML: block style around a flow collection (nesting thousands deep in block style is megabytes of indentation). */
const yamlMetricWithCalc = (id: string, flow: string) =>
  `domains:\n  - domain_id: revenue\n    name: Revenue\nmetrics:\n  - metric_id: ${id}\n    name: Deep\n    business_domain: revenue\n    definition:\n      formula: x\n      example_calculation:\n        v: ${flow}\n`;

const VALIDATION = { error: { code: 'VALIDATION_FAILED', message: 'invalid request body' } };

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`nesting limits through the API on ${engine.label}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(engine.name);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/domains', payload: sampleDomain() })).statusCode).toBe(201);
    });
    afterAll(async () => t?.close());

    const post = (payload: string) => t.app.inject({ method: 'POST', url: '/api/v1/metrics', headers: { 'content-type': 'application/json' }, payload });

    it('POST /metrics with a 3000-deep and a 100k-deep array in definition.example_calculation: 400 naming the path, nothing stored', async () => {
      for (const depth of [3000, 100_000]) {
        const r = await post(metricWithCalc(`DEEP-${depth}`, arrays(depth)));
        expect(r.statusCode, `${depth}: ${r.body.slice(0, 300)}`).toBe(400);
        expect(r.json()).toMatchObject(VALIDATION);
        const [issue, ...more] = r.json().error.details as Array<{ path: string; message: string }>;
        expect(more).toEqual([]);
        expect(issue!.path).toMatch(/^definition\.example_calculation\.v(\[0\]){70,80}$/);
        expect(issue!.message).toBe(DEEP_MESSAGE);
        expect((await t.app.inject({ method: 'GET', url: `/api/v1/metrics/DEEP-${depth}` })).statusCode).toBe(404);
      }
      // A merge patch is held to the same rule.
      expect((await post(JSON.stringify(metric('SHALLOW')))).statusCode).toBe(201);
      const patch = await t.app.inject({
        method: 'PATCH', url: '/api/v1/metrics/SHALLOW', headers: { 'content-type': 'application/merge-patch+json', 'if-match': '*' },
        payload: `{"definition":{"example_calculation":{"v":${arrays(3000)}}}}`,
      });
      expect(patch.statusCode, patch.body.slice(0, 300)).toBe(400);
      expect(patch.json().error.details[0]).toEqual({ path: expect.stringMatching(/^definition\.example_calculation\.v(\[0\])+$/), message: DEEP_MESSAGE });
    });

    it('a free object may nest 64 levels, counting itself; at 65 the 400 names the path', async () => {
      const at = (depth: number) => JSON.stringify(metric(`FREE-${depth}`, { definition: { formula: 'x', unit: 'USD', expected_direction: 'increase', example_calculation: objectOfDepth(depth) } } as never));
      expect((await post(at(64))).statusCode).toBe(201);
      const r = await post(at(65));
      expect(r.statusCode).toBe(400);
      expect(r.json().error.details).toEqual([{ path: `definition.example_calculation${'.a'.repeat(64)}`, message: FREE_MESSAGE }]);
    });

    it('export of a workspace holding a 64-deep free object is whole, in JSON and YAML, and imports back unchanged', async () => {
      const deep = objectOfDepth(64);
      for (const format of ['json', 'yaml'] as const) {
        const text = await exportText(t.app, format);
        const doc = (format === 'json' ? JSON.parse(text) : parseYaml(text)) as { metrics: Array<{ metric_id: string; definition: { example_calculation: unknown } }> };
        expect(doc.metrics.find((m) => m.metric_id === 'FREE-64')?.definition.example_calculation, format).toEqual(deep);
        const back = await postImport(t.app, text, { type: format === 'json' ? 'application/json' : 'application/yaml', query: 'dry_run=true' });
        expect(back.statusCode, back.body.slice(0, 300)).toBe(200);
        expect(back.json()).toMatchObject({ errors_total: 0, counts: { metric: { created: 0, updated: 0, invalid: 0 } } });
      }
    });

    it('a record stored before the limit (a 3000-deep value in the database) is left out of the export, which stays whole', async () => {
      expect((await post(JSON.stringify(metric('LEGACY-DEEP')))).statusCode).toBe(201);
      const row = await t.tdb.db.selectFrom('metrics').select('doc').where('metric_id', '=', 'LEGACY-DEEP').executeTakeFirstOrThrow();
      const doc = JSON.parse(row.doc) as Record<string, any>;
      doc.definition = { ...doc.definition, example_calculation: { v: 'RAW' } };
      await t.tdb.db.updateTable('metrics').set({ doc: JSON.stringify(doc).replace('"RAW"', arrays(3000)) }).where('metric_id', '=', 'LEGACY-DEEP').execute();
      for (const format of ['json', 'yaml'] as const) {
        const text = await exportText(t.app, format);
        const exported = (format === 'json' ? JSON.parse(text) : parseYaml(text)) as { metrics: Array<{ metric_id: string }> };
        const ids = exported.metrics.map((m) => m.metric_id);
        expect(ids, format).toContain('FREE-64');
        expect(ids, format).not.toContain('LEGACY-DEEP');
      }
      await t.app.inject({ method: 'DELETE', url: '/api/v1/metrics/LEGACY-DEEP', headers: { 'if-match': '*' } });
    });

    it('a 3000-deep import, JSON or YAML, is a 400 naming the path (never 500), and writes nothing; at 65 levels the record is invalid with its path', async () => {
      const files = [
        { type: 'application/json', at: 'metrics[1]', body: JSON.stringify({ domains: [sampleDomain()], metrics: [metric('IMP-OK')] }).replace(/\]\}$/, `,${metricWithCalc('IMP-DEEP', arrays(3000))}]}`) },
        { type: 'application/yaml', at: 'metrics[0]', body: yamlMetricWithCalc('IMP-DEEP', arrays(3000)) },
      ];
      for (const { type, at, body } of files) {
        for (const query of ['dry_run=true', '']) {
          const r = await postImport(t.app, body, { type, query });
          expect(r.statusCode, `${type} ${query}: ${r.body.slice(0, 300)}`).toBe(400);
          expect(r.json().error.code).toBe('BAD_REQUEST');
          expect(r.json().error.message).toMatch(new RegExp(`^the file is ${DEEP_MESSAGE} at ${at.replace(/[[\]]/g, '\\$&')}\\.definition\\.example_calculation\\.v(\\[0\\]){70,80}( \\((near |at )?line \\d+, column \\d+\\))?$`));
        }
      }
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/metrics/IMP-OK' })).statusCode).toBe(404);

      // Within the document's limit but beyond the free object's: the record is invalid, with its path.
      const at65 = { metrics: [metric('IMP-65', { definition: { formula: 'x', unit: 'USD', expected_direction: 'increase', example_calculation: objectOfDepth(65) } } as never)] };
      const r = await postImport(t.app, at65);
      expect(r.statusCode).toBe(422);
      expect(r.json().error.code).toBe('IMPORT_REJECTED');
      expect(issuePaths(r.json().error.details)).toEqual([`metrics[0].definition.example_calculation${'.a'.repeat(64)}`]);
      expect(r.json().error.details.errors[0].issues[0].message).toBe(FREE_MESSAGE);
    });
  });
}

describe('mdl import of a deeply nested file (local SQLite)', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'mdl-deep-cli-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the clean depth error with the path and exits 1, JSON and YAML; a 65-deep free object is an invalid record with its path', async () => {
    const db = ['--database', join(dir, 'mdl.db')];
    writeFileSync(join(dir, 'deep.json'), `{"domains":[${JSON.stringify(sampleDomain())}],"metrics":[${metricWithCalc('CLI-DEEP', arrays(3000))}]}`);
    writeFileSync(join(dir, 'deep.yaml'), yamlMetricWithCalc('CLI-DEEP', arrays(100_000)));
    for (const name of ['deep.json', 'deep.yaml']) {
      const r = await runMdl([...db, 'import', join(dir, name)]);
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toMatch(new RegExp(`^mdl: the file is ${DEEP_MESSAGE} at metrics\\[0\\]\\.definition\\.example_calculation\\.v(\\[0\\])+( \\((near |at )?line \\d+, column \\d+\\))?\\n$`));
      expect(r.stderr).not.toMatch(/RangeError|call stack|\n\s+at /);
    }
    writeFileSync(join(dir, 'deep65.json'), JSON.stringify({ domains: [sampleDomain()], metrics: [metric('CLI-65', { definition: { formula: 'x', unit: 'USD', expected_direction: 'increase', example_calculation: objectOfDepth(65) } } as never)] }));
    const r = await runMdl([...db, 'import', join(dir, 'deep65.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toContain(`  metrics[0].definition.example_calculation${'.a'.repeat(64)}: ${FREE_MESSAGE}`);
    expect((await runMdl([...db, 'show', 'CLI-65', '--json'])).code).not.toBe(0);
  });
});
