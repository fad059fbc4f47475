import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseEnv, runMdl } from '../helpers/cli.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';

/**
 * `mdl import path/to/dbt-project` (issue 8, dbt MetricFlow): the fixture projects of both specs
 * import whole — every metric, the planned one kept as an unresolved reference, the tests-only
 * schema.yml skipped without failing the import — and an unchanged re-import writes nothing.
 */

const RELEASED = 'tests/fixtures/dbt/released';
const NEWER = 'tests/fixtures/dbt/newer';
const METRICS = 15;

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`mdl import of a dbt project on ${engine.label}`, () => {
    let tdb: TestDatabase;
    let env: NodeJS.ProcessEnv;
    const mdl = (args: string[]) => runMdl(args, { env });

    beforeAll(async () => {
      tdb = await createTestDatabase(engine.name);
      env = databaseEnv(tdb.config);
    });
    afterAll(async () => tdb?.destroy());

    it('imports every metric of the released-spec project; the schema.yml is skipped, the planned metric unresolved', async () => {
      const r = await mdl(['import', RELEASED]);
      expect(r.code, r.stderr).toBe(0);
      expect(lines(r.stdout)).toEqual([
        expect.stringMatching(/^imported — batch, all-or-nothing, \d+\.\d s$/),
        '  domains: 0 created, 0 updated, 0 unchanged, 0 invalid',
        '  objectives: 0 created, 0 updated, 0 unchanged, 0 invalid',
        `  metrics: ${METRICS} created, 0 updated, 0 unchanged, 0 invalid`,
        '  unresolved references: 1 (kept; `mdl refs --unresolved` lists them)',
      ]);
      expect(lines(r.stderr)).toEqual([
        `mdl: skipped ${RELEASED}/models/schema.yml: no dbt semantic models, metrics or groups (tests, sources and docs are not imported)`,
        `  ${RELEASED}/models/metrics/metrics.yml:metrics[9].relationships.upstream_metric_ids[1]: unresolved metric "marketing_visits" (kept)`,
      ]);

      const shown = await mdl(['show', 'food_order_pct', '--json']);
      expect(shown.code, shown.stderr).toBe(0);
      expect(JSON.parse(shown.stdout)).toMatchObject({
        metric_id: 'food_order_pct', name: 'Food order share', metric_type: 'ratio',
        definition: { formula: 'food_orders / orders', numerator: { event_name: 'food_orders' }, denominator: { event_name: 'orders' } },
        governance: { owner_team: 'Finance Analytics', business_owner: 'finance-analytics@example.com' },
        relationships: { upstream_metric_ids: ['food_orders', 'orders'] },
        extensions: { '/dbt': { spec: 'released', metric: { name: 'food_order_pct', type: 'ratio' } } },
      });
      // A semantic model's definition once, with its first metric, beside the measures no metric uses.
      const visits = JSON.parse((await mdl(['show', 'visits', '--json'])).stdout).extensions['/dbt'].semantic_models;
      expect(visits).toMatchObject([{ name: 'sessions', definition: { name: 'sessions' }, unused_measures: [{ name: 'longest_session_s' }] }]);
      const buys = JSON.parse((await mdl(['show', 'buys', '--json'])).stdout).extensions['/dbt'].semantic_models;
      expect(buys).toEqual([expect.objectContaining({ name: 'sessions', definition_in: 'visits' })]);
      expect(buys[0].definition).toBeUndefined();
      const refs = await mdl(['refs', '--unresolved', '--json']);
      expect(lines(refs.stdout).map((l) => JSON.parse(l))).toEqual([
        expect.objectContaining({ from_id: 'revenue_per_visit', to_type: 'metric', to_id: 'marketing_visits', state: 'unresolved' }),
      ]);
    });

    it('re-importing the unchanged project is a no-op: every metric unchanged, nothing written', async () => {
      const again = await mdl(['import', RELEASED, '--json']);
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({
        shape: 'batch', committed: true, changes: [], unresolved_total: 1,
        counts: { metric: { created: 0, updated: 0, unchanged: METRICS, invalid: 0 } },
      });
      const forced = await mdl(['import', RELEASED, '--from', 'dbt', '--json']);
      expect(JSON.parse(forced.stdout)).toMatchObject({ changes: [], counts: { metric: { created: 0, updated: 0, unchanged: METRICS } } });
    });

    it('imports the latest-spec project under --id-prefix, and again as a no-op; a schema.yml alone imports nothing without failing', async () => {
      const r = await mdl(['import', NEWER, '--from', 'dbt', '--id-prefix', 'dbt.']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`  metrics: ${METRICS} created, 0 updated, 0 unchanged, 0 invalid`);
      expect(r.stderr).toContain(`unresolved metric "dbt.marketing_visits" (kept)`);
      const shown = JSON.parse((await mdl(['show', 'dbt.order_total_growth_wow', '--json'])).stdout);
      expect(shown).toMatchObject({
        metric_type: 'derived', definition: { formula: '(order_total - order_total_prev_week) / order_total_prev_week' },
        relationships: { upstream_metric_ids: ['dbt.order_total'] },
        extensions: { '/dbt': { spec: 'latest', inputs: [{ name: 'order_total' }, { name: 'order_total', offset_window: '1 week', alias: 'order_total_prev_week' }] } },
      });
      const again = JSON.parse((await mdl(['import', NEWER, '--id-prefix', 'dbt.', '--json'])).stdout);
      expect(again).toMatchObject({ changes: [], counts: { metric: { created: 0, updated: 0, unchanged: METRICS } } });

      const schemaOnly = await mdl(['import', `${NEWER}/models/schema.yml`]);
      expect(schemaOnly.code, schemaOnly.stderr).toBe(0);
      expect(schemaOnly.stdout).toContain('  metrics: 0 created, 0 updated, 0 unchanged, 0 invalid');
      expect(schemaOnly.stderr).toMatch(/^mdl: skipped .*schema\.yml: no dbt semantic models/);
    });
  });
}
