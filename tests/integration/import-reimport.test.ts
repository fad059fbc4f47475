import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { dbState, fixture, getJson, postImport, versionCount } from '../helpers/transfer.js';

/** Re-importing: the same file is a no-op; a changed file updates and versions only what changed. */

type Kind = 'metrics' | 'domains' | 'objectives';
const IDS: Record<Kind, string[]> = {
  domains: ['revenue', 'growth', 'customer'],
  objectives: ['OBJ-2025-NRR', 'OBJ-2025-ACT'],
  metrics: ['net_revenue_retention', 'expansion_mrr', 'churned_mrr', 'new_signups', 'activation_rate', 'csat_score'],
};

/** The catalog fixture with one change of each bump kind. */
function changedCatalog(): string {
  const doc = parse(fixture('catalog.yaml'));
  const byId = (list: Array<Record<string, any>>, key: string, id: string) => list.find((x) => x[key] === id)!;
  byId(doc.metrics, 'metric_id', 'net_revenue_retention').definition.unit = 'ratio'; // major
  byId(doc.metrics, 'metric_id', 'expansion_mrr').description = 'Upgrades, add-ons and seats.'; // minor
  byId(doc.metrics, 'metric_id', 'csat_score').tags.push('cx'); // patch
  byId(doc.objectives, 'objective_id', 'OBJ-2025-NRR').key_results[0].current_value = 113; // patch (progress update)
  byId(doc.domains, 'id', 'growth').owner = 'growth-team'; // minor, through the file-form alias
  return stringify(doc);
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`import API: re-importing on ${engine.label}`, () => {
    let t: TestApp;
    const versions = async () => {
      const out: Record<string, number> = {};
      for (const kind of Object.keys(IDS) as Kind[]) for (const id of IDS[kind]) out[`${kind}/${id}`] = await versionCount(t.app, kind, id);
      return out;
    };

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      const first = await postImport(t.app, fixture('catalog.yaml'), { type: 'application/yaml' });
      expect(first.statusCode, first.body).toBe(200);
    });
    afterAll(async () => t?.close());

    it('re-importing the same file (as YAML or as JSON) writes no version, no audit event, nothing', async () => {
      const before = await dbState(t.tdb.db);
      const versionsBefore = await versions();
      expect(Object.values(versionsBefore).every((n) => n === 1)).toBe(true);
      for (const [name, type] of [['catalog.yaml', 'application/yaml'], ['catalog.json', 'application/json']] as const) {
        const r = await postImport(t.app, fixture(name), { type });
        expect(r.statusCode, r.body).toBe(200);
        expect(r.json()).toMatchObject({ committed: true, errors_total: 0, changes: [] });
        expect(r.json().counts).toEqual({
          domain: { created: 0, updated: 0, unchanged: 3, invalid: 0 },
          objective: { created: 0, updated: 0, unchanged: 2, invalid: 0 },
          metric: { created: 0, updated: 0, unchanged: 6, invalid: 0 },
        });
      }
      expect(await versions()).toEqual(versionsBefore);
      expect(await dbState(t.tdb.db)).toEqual(before);
    });

    it('a changed file updates only the changed records, bumping each version by rule', async () => {
      const versionsBefore = await versions();
      const changed = changedCatalog();
      const dry = await postImport(t.app, changed, { type: 'text/yaml', query: 'dry_run=true' });
      const r = await postImport(t.app, changed, { type: 'text/yaml' });
      expect(r.statusCode, r.body).toBe(200);
      const report = r.json();
      expect(dry.json().changes).toEqual(report.changes);
      expect(report.counts).toEqual({
        domain: { created: 0, updated: 1, unchanged: 2, invalid: 0 },
        objective: { created: 0, updated: 1, unchanged: 1, invalid: 0 },
        metric: { created: 0, updated: 3, unchanged: 3, invalid: 0 },
      });
      expect(report.changes).toEqual([
        { kind: 'domain', id: 'growth', outcome: 'updated', version: '1.1.0', changed: ['owner_team'] },
        { kind: 'objective', id: 'OBJ-2025-NRR', outcome: 'updated', version: '1.0.1', changed: ['key_results[0].current_value', 'key_results[0].progress'] },
        { kind: 'metric', id: 'net_revenue_retention', outcome: 'updated', version: '3.0.0', changed: ['definition.unit'] },
        { kind: 'metric', id: 'expansion_mrr', outcome: 'updated', version: '1.1.0', changed: ['description'] },
        { kind: 'metric', id: 'csat_score', outcome: 'updated', version: '1.0.1', changed: ['tags'] },
      ]);

      const bumped = new Set(['domains/growth', 'objectives/OBJ-2025-NRR', 'metrics/net_revenue_retention', 'metrics/expansion_mrr', 'metrics/csat_score']);
      const after = await versions();
      for (const [key, n] of Object.entries(versionsBefore)) expect(after[key], key).toBe(bumped.has(key) ? n + 1 : n);

      const history = await getJson(t.app, '/api/v1/metrics/net_revenue_retention/versions');
      expect(history.items.map((v: { version: string }) => v.version)).toEqual(['3.0.0', '2.1.0']);
      expect(history.items[0]).toMatchObject({ change_kind: 'update', bump: 'major', changed_fields: ['definition.unit'] });
      expect((await getJson(t.app, '/api/v1/metrics/net_revenue_retention')).governance).toMatchObject({ version: '3.0.0', created_at: '2024-02-01T09:00:00Z' });
      expect((await getJson(t.app, '/api/v1/domains/growth')).owner_team).toBe('growth-team');

      // The changed file is now the stored state: importing it again is a no-op.
      const again = await postImport(t.app, changed, { type: 'text/yaml' });
      expect(again.json().changes).toEqual([]);
      expect(await versions()).toEqual(after);
    });
  });
}
