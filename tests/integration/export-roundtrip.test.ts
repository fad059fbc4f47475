import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { fullMetric, sampleMetric, sampleObjective } from '../helpers/samples.js';
import { exportText, fixture, getJson, metric, postImport } from '../helpers/transfer.js';

/**
 * GET /api/v1/export writes the catalog shape; export → import into an empty workspace → export gives
 * the byte-identical document, for JSON and for YAML.
 */

/** Strings a careless YAML or JSON writer would turn into something else. */
const TRICKY = {
  yaml11: ['yes', 'no', 'on', 'off', 'y', 'N', 'null', '~', 'true', '0123', '0x1F', '1e3', '1.0', '.inf', '2025-01-01', '12:30:00'],
  punctuation: ['- dash', 'key: value', '# hash', '"quoted"', "'single'", '{braces}', '[brackets]', '*star', '&amp', '!bang', '%pct', '@at', '`tick`', '|', '>'],
  spaces: [' leading', 'trailing ', '', 'tab\there', 'line\nbreak', 'ends with newline\n', 'emoji 🚀 and ü'],
  numbers: [0, -1, 1.5, 1e21, 123456789012345, -0.25],
  nested: { empty_object: {}, empty_list: [], nulls: [null, { a: null }] },
};

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`export and round trip on ${engine.label}`, () => {
    let source: TestApp;
    const fresh: TestApp[] = [];
    const emptyWorkspace = async () => {
      const t = await createTestApp(engine.name);
      fresh.push(t);
      return t;
    };

    beforeAll(async () => {
      source = await createTestApp(engine.name);
      const catalog = await postImport(source.app, fixture('catalog.yaml'), { type: 'application/yaml' });
      expect(catalog.statusCode, catalog.body).toBe(200);
      // API-written records (one with `extensions` of its own), and imported ones with unknown fields,
      // losing aliases, mixed-case ids and awkward strings.
      // Extensions whose place is taken or gone stay under `extensions`; the others go back in place.
      const stuck = sampleMetric({ metric_id: 'EXT-STUCK', extensions: { '/name': 'shadowed', '/dimensions/3/x': 1, '/governance/x_new': 'placed' } });
      for (const [url, payload] of [['metrics', sampleMetric()], ['objectives', sampleObjective()], ['metrics', fullMetric()], ['metrics', stuck]] as const) {
        const r = await source.app.inject({ method: 'POST', url: `/api/v1/${url}`, payload });
        expect(r.statusCode, r.body).toBe(201);
      }
      const extra = await postImport(source.app, {
        domains: [{ id: 'alias-loses', domain_id: 'odd', name: 'Odd: "names" & #tags', owner: 'x', owner_team: 'y', x_tricky: TRICKY }],
        metrics: [
          metric('a-lower', { business_domain: 'odd', description: 'multi\nline\n  indented\n', tags: ['yes', '0123'] }),
          metric('B-upper', { business_domain: 'Odd: "names" & #tags', x_deep: { list: [{ k: 'v' }] } } as never),
          metric('Z_9', { dimensions: [{ name: 'region', x_note: 'kept in place' }] } as never),
        ],
      });
      expect(extra.statusCode, extra.body).toBe(200);
    });
    afterAll(async () => {
      await source?.close();
      for (const t of fresh) await t.close();
    });

    it('writes catalog fields first, then domains, objectives and metrics in id order, as JSON or YAML with the same content', async () => {
      const r = await source.app.inject({ method: 'GET', url: '/api/v1/export' });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(r.headers['content-disposition']).toBe('attachment; filename="mdl-catalog.json"');
      const doc = JSON.parse(r.body);
      expect(Object.keys(doc)).toEqual(['catalog_version', 'catalog_name', 'owner_team', 'contacts', 'generated_by', 'domains', 'objectives', 'metrics']);
      expect(doc).toMatchObject({
        catalog_version: '1.2.0', catalog_name: 'Acme Cloud Business Metrics', owner_team: 'analytics-platform', generated_by: 'hand-written fixture',
        contacts: [{ name: 'Priya Raman', role: 'Catalog steward', email: 'priya.raman@acme.example' }, { name: 'Tomás Ferreira', role: 'Data engineering lead', email: 'tomas.ferreira@acme.example' }],
      });
      const ids = (section: string, key: string): string[] => doc[section].map((x: Record<string, string>) => x[key]);
      const sorted = (list: string[]) => [...list].sort();
      expect(ids('domains', 'domain_id')).toEqual(['customer', 'growth', 'odd', 'revenue']);
      expect(ids('objectives', 'objective_id')).toEqual(['OBJ-2025-ACT', 'OBJ-2025-NRR', 'OBJ-GROW']);
      expect(ids('metrics', 'metric_id')).toEqual(sorted(ids('metrics', 'metric_id')));
      expect(ids('metrics', 'metric_id')).toEqual(['B-upper', 'EXT-STUCK', 'METRIC-ARR', 'METRIC-NRR', 'Z_9', 'a-lower', 'activation_rate', 'churned_mrr', 'csat_score', 'expansion_mrr', 'net_revenue_retention', 'new_signups']);
      // Unknown fields are back in place, not under `extensions`.
      const byId = (id: string) => doc.metrics.find((m: { metric_id: string }) => m.metric_id === id);
      expect(byId('METRIC-NRR')).toMatchObject({ x_custom_top: { any: ['thing'] } });
      expect(byId('Z_9').dimensions[0]).toEqual({ name: 'region', x_note: 'kept in place' });
      expect(byId('EXT-STUCK')).toMatchObject({ name: 'Annual Recurring Revenue', governance: { x_new: 'placed' }, extensions: { '/name': 'shadowed', '/dimensions/3/x': 1 } });
      expect(byId('EXT-STUCK').extensions).not.toHaveProperty('/governance/x_new');
      expect(doc.domains[2]).toMatchObject({ domain_id: 'odd', owner_team: 'y', id: 'alias-loses', owner: 'x', x_tricky: TRICKY });

      const y = await source.app.inject({ method: 'GET', url: '/api/v1/export?format=yaml' });
      expect(y.statusCode).toBe(200);
      expect(y.headers['content-type']).toBe('application/yaml; charset=utf-8');
      expect(y.headers['content-disposition']).toBe('attachment; filename="mdl-catalog.yaml"');
      expect(y.body.startsWith('catalog_version: ')).toBe(true);
      expect(parse(y.body)).toEqual(doc);
      // YAML 1.1 readers must not see booleans, numbers or dates in strings.
      expect(parse(y.body, { version: '1.1' })).toEqual(doc);
    });

    for (const format of ['json', 'yaml'] as const) {
      it(`${format}: export → import into an empty workspace → export gives the byte-identical document`, async () => {
        const first = await exportText(source.app, format);
        const target = await emptyWorkspace();
        expect(await exportText(target.app, format)).not.toBe(first);
        const r = await postImport(target.app, first, { type: format === 'json' ? 'application/json' : 'application/yaml' });
        expect(r.statusCode, r.body).toBe(200);
        expect(r.json()).toMatchObject({ shape: 'catalog', errors_total: 0, counts: { domain: { created: 4 }, objective: { created: 3 }, metric: { created: 12 } } });
        const second = await exportText(target.app, format);
        expect(second).toBe(first);
        // The other format agrees too, so nothing was lost on the way.
        const other = format === 'json' ? 'yaml' : 'json';
        expect(await exportText(target.app, other)).toBe(await exportText(source.app, other));
        // Stored documents match field by field, server-managed fields included.
        for (const url of ['metrics/METRIC-NRR', 'metrics/EXT-STUCK', 'metrics/net_revenue_retention', 'objectives/OBJ-2025-ACT', 'domains/odd']) {
          expect(await getJson(target.app, `/api/v1/${url}`), url).toEqual(await getJson(source.app, `/api/v1/${url}`));
        }
        // And importing the export back into its source is a no-op.
        const back = await postImport(source.app, second, { type: format === 'json' ? 'application/json' : 'text/yaml' });
        expect(back.json().changes).toEqual([]);
      });
    }

    it('exports an empty workspace as empty sections, which import back as nothing', async () => {
      const empty = await emptyWorkspace();
      const json = await exportText(empty.app, 'json');
      expect(json).toBe('{\n  "domains": [],\n  "objectives": [],\n  "metrics": []\n}\n');
      expect(await exportText(empty.app, 'yaml')).toBe('domains: []\nobjectives: []\nmetrics: []\n');
      const r = await postImport(empty.app, json);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ shape: 'collection', changes: [], errors_total: 0 });
      expect(await exportText(empty.app, 'json')).toBe(json);
    });

    it('never sends a failed export as a complete document', async () => {
      const t = await emptyWorkspace();
      expect((await postImport(t.app, fixture('catalog.json'))).statusCode).toBe(200);
      // Fails mid-way (a stored metric is unreadable): the response is cut off, not ended cleanly.
      await sql`UPDATE metrics SET doc = '{' WHERE metric_id = 'csat_score'`.execute(t.tdb.db);
      await expect(t.app.inject({ method: 'GET', url: '/api/v1/export' })).rejects.toThrow(/destroyed before completion/);
      // Fails before the first byte: an ordinary 500 error.
      await sql`UPDATE workspaces SET catalog_meta = '{'`.execute(t.tdb.db);
      const early = await t.app.inject({ method: 'GET', url: '/api/v1/export?format=yaml' });
      expect(early.statusCode).toBe(500);
      expect(early.json().error.code).toBe('INTERNAL');
    });
  });
}
