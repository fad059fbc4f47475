import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { multipartBody } from '../../src/modules/import/multipart.js';
import { prepareImportSources } from '../../src/modules/io/index.js';
import { localContext } from '../../src/shared/context.js';
import { createTestApp, type Injector, type TestApp } from '../helpers/app.js';
import { databaseEnv, runMdl } from '../helpers/cli.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { startRemoteTestServer, type RemoteTestServer } from '../helpers/remote.js';
import { dbState, FIXTURES, getJson, metric, postImport } from '../helpers/transfer.js';
import { sampleDomain } from '../helpers/samples.js';

/**
 * Each fixture set of other tools' catalogs (the earlier MDL project's files, Cube, OSI, the dbt projects
 * of both specs), end to end through the API, each case on fresh databases: import → nothing lost → export as
 * MDL → import into an empty workspace → the same catalog → importing the export again, and the original
 * files again, changes nothing. Each also exports as OSI, valid against the vendored schema, and that
 * document imports into an empty workspace as the same metric ids. Then `mdl export --to osi` itself,
 * local on both engines and remote: the document, and each metric left out named on stderr.
 */

const schema = JSON.parse(readFileSync('vendor/osi/osi-schema.json', 'utf8')) as object;
type Validator = ((data: unknown) => boolean) & { errors?: unknown };
// ajv's CJS default export under ESM interop.
const AjvCtor = ((Ajv2020 as unknown as { default?: unknown }).default ?? Ajv2020) as unknown as new (o: object) => { compile(s: object): Validator };
const validateOsi = new AjvCtor({ strict: false }).compile(schema);

type Part = { filename: string; text: string };
type Doc = Record<string, any>;

/**
 * The files `mdl import tests/fixtures/<set>` sends to a server, one multipart part each: the folder
 * walked and classified as the CLI does (a dbt project's dbt_project.yml is not among them).
 */
async function filesOf(set: string): Promise<Part[]> {
  const prepared = await prepareImportSources([{ path: relative(process.cwd(), join(FIXTURES, set)) }]);
  return Promise.all(prepared.files.map(async (f) => ({ filename: f.name, text: f.text ?? (await readFile(f.path as string, 'utf8')) })));
}

function postFiles(app: Injector, parts: Part[], query = '') {
  const { body, contentType } = multipartBody(parts);
  return app.inject({ method: 'POST', url: `/api/v1/import${query ? `?${query}` : ''}`, headers: { 'content-type': contentType }, payload: body });
}

async function exported(app: Injector, query: string): Promise<string> {
  const r = await app.inject({ method: 'GET', url: `/api/v1/export?${query}` });
  if (r.statusCode !== 200) throw new Error(`export ${query}: ${r.statusCode} ${r.body}`);
  return r.body;
}

/** The exported catalog without what the server manages per write (timestamps). */
async function catalogOf(app: Injector): Promise<Doc> {
  const doc = JSON.parse(await exported(app, 'format=json')) as Doc;
  for (const section of ['domains', 'objectives', 'metrics']) {
    for (const record of doc[section] as Doc[]) {
      delete record.created_at;
      delete record.updated_at;
    }
  }
  return doc;
}

const total = (counts: Record<string, { created: number; updated: number; unchanged: number; invalid: number }>) =>
  Object.values(counts).reduce((n, c) => n + c.created + c.updated + c.unchanged + c.invalid, 0);

interface FixtureSet {
  name: string;
  /** Import options the set needs (the earlier project's `Non-PII` is outside our vocabulary). */
  query?: string;
  /** What the first import creates. */
  created: { domain: number; objective: number; metric: number };
  /** Mapped fields and kept source fields, on the workspace the set was imported into. */
  spotCheck(app: Injector, parts: Part[]): Promise<void>;
}

const SETS: FixtureSet[] = [
  {
    name: 'earlier-mdl',
    query: `map=${encodeURIComponent('data_classification:Non-PII=internal')}`,
    created: { domain: 2, objective: 1, metric: 3 },
    async spotCheck(app, parts) {
      const source = JSON.parse(parts.find((p) => p.filename.endsWith('metrics.json'))!.text).metrics as Doc[];
      // Every field of each source record is back, exactly as written (OKR forms, domain by name, planned
      // lineage), but for the classification renamed by --map.
      for (const record of source) {
        const expected = record.metric_id === 'METRIC-SESSIONS' ? { ...record, governance: { data_classification: 'internal' } } : record;
        expect(await getJson(app, `/api/v1/metrics/${record.metric_id}`)).toMatchObject(expected);
      }
      const product = await getJson(app, '/api/v1/domains/product');
      expect(product).toMatchObject({
        name: 'Product', owner_team: 'product-analytics', stakeholders: ['cpo'], objective_ids: ['OBJ-001'],
        key_metric_ids: ['METRIC-DAU', 'METRIC-SESSIONS', 'METRIC-RETENTION-D30'],
      });
      const objective = await getJson(app, '/api/v1/objectives/OBJ-001');
      expect(objective.key_results.map((kr: Doc) => kr.kr_id)).toEqual(['KR-001', 'KR-002']);
      expect(objective.key_results[1]).toMatchObject({ metric_ids: ['METRIC-USER-SATISFACTION'], target_value: 4.5 });
    },
  },
  {
    name: 'cube',
    created: { domain: 0, objective: 0, metric: 8 },
    async spotCheck(app, parts) {
      const cubes = parse(parts.find((p) => p.filename.endsWith('orders.yml'))!.text).cubes as Doc[];
      const revenue = await getJson(app, '/api/v1/metrics/orders.revenue');
      expect(revenue).toMatchObject({ definition: { formula: 'SUM(amount)' }, data: { primary_sources: [{ system: 'cube', table_or_stream: 'public.orders' }] } });
      expect(revenue.dimensions.map((d: Doc) => d.name)).toEqual(['id', 'status', 'created_at']);
      // Unmapped source fields (format, meta, the cube's joins and segments, the views) are kept.
      const ext = revenue.extensions['/cube'];
      expect(ext.measure).toEqual(cubes[0]!.measures[1]);
      // The cube's context once, with its first measure; the others name that metric.
      expect(ext).toMatchObject({ cube: { name: 'orders', sql_table: 'public.orders' }, cube_context_in: 'orders.count' });
      const count = (await getJson(app, '/api/v1/metrics/orders.count')).extensions['/cube'];
      expect(count.cube).toMatchObject({ joins: cubes[0]!.joins, segments: cubes[0]!.segments });
      expect(ext.views.map((v: Doc) => v.view)).toEqual(['sales']);
      const rate = await getJson(app, '/api/v1/metrics/orders.completion_rate');
      expect(rate.relationships.upstream_metric_ids).toEqual(['orders.completed_count', 'orders.count']);
      expect((await getJson(app, '/api/v1/metrics/users.count')).data.primary_sources[0].table_or_stream).toBe('sql:SELECT * FROM public.users WHERE deleted_at IS NULL');
    },
  },
  {
    name: 'osi',
    created: { domain: 0, objective: 0, metric: 2 },
    async spotCheck(app, parts) {
      const model = parse(parts[0]!.text).semantic_model[0] as Doc;
      const revenue = await getJson(app, '/api/v1/metrics/shop.total_revenue');
      expect(revenue).toMatchObject({ name: 'total_revenue', description: 'Sum of order amounts', definition: { formula: 'SUM(orders.amount)' } });
      expect(revenue.dimensions.map((d: Doc) => d.name)).toEqual(['status', 'order_date']);
      // The original metric (other dialects, ai_context, custom extensions) and the whole model (its own
      // fields, datasets, relationships) are kept, the model once: by its first metric.
      const { metrics: _metrics, ...held } = model;
      expect(revenue.extensions['/osi']).toMatchObject({ metric: model.metrics[0], semantic_model: held });
      const perCustomer = await getJson(app, '/api/v1/metrics/shop.revenue_per_customer');
      expect(perCustomer.definition.formula).toBe('SUM(orders.amount) / COUNT(DISTINCT customers.customer_id)');
      expect(perCustomer.extensions['/osi']).toMatchObject({ metric: model.metrics[1], semantic_model_in: 'shop.total_revenue' });
      expect(perCustomer.extensions['/osi'].semantic_model).toBeUndefined();
    },
  },
  {
    name: 'dbt/released',
    created: { domain: 0, objective: 0, metric: 15 },
    async spotCheck(app) {
      expect(await getJson(app, '/api/v1/metrics/food_order_pct')).toMatchObject({
        metric_id: 'food_order_pct', name: 'Food order share', metric_type: 'ratio',
        definition: { formula: 'food_orders / orders', numerator: { event_name: 'food_orders' }, denominator: { event_name: 'orders' } },
        governance: { owner_team: 'Finance Analytics' },
        relationships: { upstream_metric_ids: ['food_orders', 'orders'] },
        extensions: { '/dbt': { spec: 'released', metric: { name: 'food_order_pct', type: 'ratio' } } },
      });
    },
  },
  {
    name: 'dbt/newer',
    created: { domain: 0, objective: 0, metric: 15 },
    async spotCheck(app) {
      expect(await getJson(app, '/api/v1/metrics/order_total_growth_wow')).toMatchObject({
        metric_type: 'derived', definition: { formula: '(order_total - order_total_prev_week) / order_total_prev_week' },
        relationships: { upstream_metric_ids: ['order_total'] },
        extensions: { '/dbt': { spec: 'latest', inputs: [{ name: 'order_total' }, { name: 'order_total', offset_window: '1 week', alias: 'order_total_prev_week' }] } },
      });
    },
  },
];

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`import round trip of other tools' catalogs on ${engine.label}`, () => {
    const apps: TestApp[] = [];
    const fresh = async () => {
      const t = await createTestApp(engine.name);
      apps.push(t);
      return t;
    };
    afterAll(async () => {
      for (const t of apps) await t.close();
    });

    for (const set of SETS) {
      describe(set.name, () => {
        let parts: Part[];
        let source: TestApp;
        let copy: TestApp;
        let mdlExport: string;

        beforeAll(async () => {
          parts = await filesOf(set.name);
          source = await fresh();
          copy = await fresh();
        });

        it('imports with nothing lost', async () => {
          const r = await postFiles(source.app, parts, set.query);
          expect(r.statusCode, r.body).toBe(200);
          const report = r.json();
          expect(report).toMatchObject({ committed: true, errors_total: 0 });
          for (const kind of ['domain', 'objective', 'metric'] as const) {
            if (set.created[kind] >= 0) expect(report.counts[kind], kind).toEqual({ created: set.created[kind], updated: 0, unchanged: 0, invalid: 0 });
          }
          await set.spotCheck(source.app, parts);
        });

        it('exports as MDL; that export imports into an empty workspace as the same catalog', async () => {
          mdlExport = await exported(source.app, 'format=yaml');
          const r = await postImport(copy.app, mdlExport, { type: 'application/yaml' });
          expect(r.statusCode, r.body).toBe(200);
          expect(r.json()).toMatchObject({ committed: true, errors_total: 0 });
          expect(await catalogOf(copy.app)).toEqual(await catalogOf(source.app));
          await set.spotCheck(copy.app, parts);
        });

        it('importing the export again, or the original files again, changes nothing', async () => {
          const before = await dbState(copy.tdb.db);
          const again = await postImport(copy.app, mdlExport, { type: 'application/yaml' });
          expect(again.statusCode, again.body).toBe(200);
          expect(again.json().changes).toEqual([]);
          expect(again.json().counts.domain.unchanged + again.json().counts.objective.unchanged + again.json().counts.metric.unchanged).toBe(total(again.json().counts));
          expect(total(again.json().counts)).toBeGreaterThan(0);
          expect(await dbState(copy.tdb.db)).toEqual(before);

          const sourceBefore = await dbState(source.tdb.db);
          const original = await postFiles(source.app, parts, set.query);
          expect(original.statusCode, original.body).toBe(200);
          expect(original.json().changes).toEqual([]);
          expect(original.json().counts.metric).toMatchObject({ created: 0, updated: 0, invalid: 0 });
          expect(await dbState(source.tdb.db)).toEqual(sourceBefore);
        });

        it('exports as OSI, valid against the vendored schema; that document imports as the same metric ids', async () => {
          const text = await exported(source.app, 'to=osi&format=yaml');
          const doc = parse(text);
          expect(validateOsi(doc), JSON.stringify(validateOsi.errors)).toBe(true);
          expect(JSON.parse(await exported(source.app, 'to=osi&format=json'))).toEqual(doc);
          const ids = (await getJson(source.app, '/api/v1/metrics?limit=500')).items.map((m: Doc) => m.metric_id).sort();
          const target = await fresh();
          const r = await postImport(target.app, text, { type: 'application/yaml' });
          expect(r.statusCode, r.body).toBe(200);
          expect(r.json()).toMatchObject({ committed: true, errors_total: 0 });
          expect((await getJson(target.app, '/api/v1/metrics?limit=500')).items.map((m: Doc) => m.metric_id).sort()).toEqual(ids);
          // Exported again, the same OSI document; imported again, nothing changes.
          expect(parse(await exported(target.app, 'to=osi&format=yaml'))).toEqual(doc);
          const again = await postImport(target.app, text, { type: 'application/yaml' });
          expect(again.statusCode, again.body).toBe(200);
          expect(again.json().changes).toEqual([]);
          // What OSI has no place for (MDL's definition, dimensions, metric type...) comes back too: each
          // metric as the source holds it, but for other tools' extensions and server-kept history.
          const own = ({ extensions: _e, governance, ...m }: Doc) => {
            const { version: _v, created_at: _c, updated_at: _u, ...g } = governance ?? {};
            return Object.keys(g).length > 0 ? { ...m, governance: g } : m;
          };
          for (const id of ids) {
            const path = `/api/v1/metrics/${encodeURIComponent(id)}`;
            const [was, now] = [await getJson(source.app, path), await getJson(target.app, path)];
            if (was.definition?.formula) expect(own(now), id).toEqual(own(was));
          }
        });
      });
    }

    describe('OSI export of metrics OSI cannot hold', () => {
      it('leaves out a metric without a formula and lists it, with why, in the document', async () => {
        const t = await fresh();
        expect((await t.app.inject({ method: 'POST', url: '/api/v1/domains', payload: { domain_id: 'revenue', name: 'Revenue', owner_team: 'finance' } })).statusCode).toBe(201);
        for (const m of [metric('RT-FORMULA'), metric('RT-NO-FORMULA', { definition: { unit: 'USD' } })]) {
          const r = await t.app.inject({ method: 'POST', url: '/api/v1/metrics', payload: m });
          expect(r.statusCode, r.body).toBe(201);
        }
        const r = await t.app.inject({ method: 'GET', url: '/api/v1/export?to=osi' });
        expect(r.statusCode).toBe(200);
        expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(r.headers['content-disposition']).toBe('attachment; filename="mdl-osi.json"');
        const doc = r.json();
        expect(validateOsi(doc), JSON.stringify(validateOsi.errors)).toBe(true);
        const [model] = doc.semantic_model;
        expect(model.name).toBe('mdl');
        expect(model.metrics.map((m: Doc) => m.name)).toEqual(['RT-FORMULA']);
        expect(model.custom_extensions).toEqual([{ vendor_name: 'MDL', data: JSON.stringify({ omitted_metrics: [{ metric_id: 'RT-NO-FORMULA', reason: 'no formula: an OSI metric requires an expression' }] }) }]);
        expect((await t.app.inject({ method: 'GET', url: '/api/v1/export?to=dbt' })).statusCode).toBe(400);
        // The export scope and a workspace member are still required.
        expect((await t.raw.inject({ method: 'GET', url: '/api/v1/export?to=osi' })).statusCode).toBe(401);
      });
    });
  });
}

const LEFT_OUT = 'mdl: left out metric "RT-NO-FORMULA" (no formula: an OSI metric requires an expression)';
const noFormula = () => metric('RT-NO-FORMULA', { definition: { unit: 'USD' } });

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`mdl export --to osi on ${engine.label}`, () => {
    let tdb: TestDatabase;
    let env: NodeJS.ProcessEnv;
    let dir: string;
    const mdl = (args: string[]) => runMdl(args, { env });

    beforeAll(async () => {
      tdb = await createTestDatabase(engine.name);
      env = databaseEnv(tdb.config);
      dir = mkdtempSync(join(tmpdir(), 'mdl-osi-export-'));
    });
    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      await tdb?.destroy();
    });

    it('writes a valid OSI document (YAML by default, JSON with --format json), listing each metric left out on stderr', async () => {
      const imported = await mdl(['import', relative(process.cwd(), join(FIXTURES, 'cube'))]);
      expect(imported.code, imported.stderr).toBe(0);
      const withDomain = await runMdl(['import', '-', '--format', 'json'], { env, stdin: JSON.stringify({ domains: [sampleDomain()], metrics: [noFormula()] }) });
      expect(withDomain.code, withDomain.stderr).toBe(0);

      const file = join(dir, 'shop.osi.yaml');
      const r = await mdl(['export', '--to', 'osi', '-o', file]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr.split('\n').filter(Boolean)).toEqual([LEFT_OUT, `exported 8 metric(s) as OSI to ${file} (1 left out)`]);
      const doc = parse(readFileSync(file, 'utf8'));
      expect(validateOsi(doc), JSON.stringify(validateOsi.errors)).toBe(true);
      expect(doc.semantic_model[0].metrics).toHaveLength(8);

      const stdout = await mdl(['export', '--to', 'osi']);
      expect(stdout.code, stdout.stderr).toBe(0);
      expect(stdout.stderr).toBe(`${LEFT_OUT}\n`);
      expect(parse(stdout.stdout)).toEqual(doc);
      const json = await mdl(['export', '-', '--to', 'osi', '--format', 'json']);
      expect(JSON.parse(json.stdout)).toEqual(doc);
      // The MDL catalog export is unchanged: every metric, the formula-less one too.
      const catalog = JSON.parse((await mdl(['export', '-'])).stdout);
      expect(catalog.metrics).toHaveLength(9);
    });

    it('refuses a bad --to and a file named twice', async () => {
      expect(await mdl(['export', '--to', 'dbt'])).toMatchObject({ code: 2, stderr: 'mdl: --to must be mdl or osi\n' });
      expect(await mdl(['export', join(dir, 'a.json'), '-o', join(dir, 'b.json')])).toMatchObject({ code: 2, stderr: 'mdl: name the file once: as the argument or with -o\n' });
    });
  });
}

describe('mdl export --to osi (remote)', () => {
  let server: RemoteTestServer;
  let key: string;
  beforeAll(async () => {
    server = await startRemoteTestServer({ dirPrefix: 'mdl-osi-remote-', seed: (t) => t.services.metrics.create(localContext(), noFormula()).then(() => undefined) });
    key = await server.createKey(['export']);
  });
  afterAll(async () => server?.close());

  it('writes what local mode writes and lists the same metric left out', async () => {
    const lf = join(server.dir, 'local.yaml');
    const rf = join(server.dir, 'remote.yaml');
    const local = await runMdl(['--database', server.dbFile, 'export', '--to', 'osi', '-o', lf]);
    const remote = await runMdl(['--server', server.url, '--api-key', key, 'export', '--to', 'osi', '-o', rf]);
    expect(remote.code, remote.stderr).toBe(0);
    expect(remote.stderr).toBe(local.stderr.replace(lf, rf));
    expect(remote.stderr).toBe(`${LEFT_OUT}\nexported 1 metric(s) as OSI to ${rf} (1 left out)\n`);
    expect(readFileSync(rf, 'utf8')).toBe(readFileSync(lf, 'utf8'));
    expect(validateOsi(parse(readFileSync(rf, 'utf8')))).toBe(true);
    const stdout = await runMdl(['--server', server.url, '--api-key', key, 'export', '--to', 'osi', '--format', 'json']);
    expect(JSON.parse(stdout.stdout)).toEqual(parse(readFileSync(lf, 'utf8')));
  });
});
