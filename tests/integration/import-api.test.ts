import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { sampleDomain } from '../helpers/samples.js';
import { dbState, exportText, fixture, getJson, metric, postImport } from '../helpers/transfer.js';

/** POST /api/v1/import: formats, shape detection, file forms, unknown fields, unreadable bodies. */

const IMPORT_LIMIT = 48 * 1024;

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`import API: formats and shapes on ${engine.label}`, () => {
    let t: TestApp;

    beforeAll(async () => {
      // The general body limit is below the catalog's size: the import route must use its own limit.
      t = await createTestApp(engine.name, { bodyLimit: 16 * 1024, importBodyLimit: IMPORT_LIMIT });
    });
    afterAll(async () => t?.close());

    it('imports a catalog as JSON, and the same catalog as YAML (application/yaml, text/yaml) changes nothing', async () => {
      const json = await postImport(t.app, fixture('catalog.json'), { type: 'application/json' });
      expect(json.statusCode, json.body).toBe(200);
      expect(json.json()).toMatchObject({
        shape: 'catalog', committed: true, dry_run: false, mode: 'all-or-nothing', errors: [], errors_total: 0,
        counts: { domain: { created: 3, invalid: 0 }, objective: { created: 2, invalid: 0 }, metric: { created: 6, invalid: 0 } },
      });
      for (const type of ['application/yaml', 'text/yaml']) {
        const yaml = await postImport(t.app, fixture('catalog.yaml'), { type });
        expect(yaml.statusCode, yaml.body).toBe(200);
        expect(yaml.json().shape).toBe('catalog');
        expect(yaml.json().counts).toEqual({
          domain: { created: 0, updated: 0, unchanged: 3, invalid: 0 },
          objective: { created: 0, updated: 0, unchanged: 2, invalid: 0 },
          metric: { created: 0, updated: 0, unchanged: 6, invalid: 0 },
        });
      }
      expect((await getJson(t.app, '/api/v1/metrics?limit=50')).total).toBe(6);
    });

    it('auto-detects one domain, one metric, a list of metrics, {metrics}, {domains}, {objectives}, one objective and a mix', async () => {
      const sh = (id: string, over = {}) => metric(id, { business_domain: 'sh-dom', ...over });
      const cases: Array<{ body: string; type: string; shape: string; created: Partial<Record<'domain' | 'objective' | 'metric', number>>; check: string[] }> = [
        { body: JSON.stringify({ domain_id: 'sh-dom', name: 'Shapes' }), type: 'application/json', shape: 'domain', created: { domain: 1 }, check: ['domains/sh-dom'] },
        { body: JSON.stringify(sh('SH-1')), type: 'application/json', shape: 'metric', created: { metric: 1 }, check: ['metrics/SH-1'] },
        { body: stringify([sh('SH-2'), sh('SH-3')]), type: 'text/yaml', shape: 'metric-list', created: { metric: 2 }, check: ['metrics/SH-2', 'metrics/SH-3'] },
        { body: JSON.stringify({ metrics: [sh('SH-4')] }), type: 'text/plain', shape: 'collection', created: { metric: 1 }, check: ['metrics/SH-4'] },
        { body: stringify({ domains: [{ id: 'sh-dom2', name: 'Shapes 2', owner: 'team' }] }), type: 'application/yaml', shape: 'collection', created: { domain: 1 }, check: ['domains/sh-dom2'] },
        { body: JSON.stringify({ objectives: [{ objective_id: 'SH-O1', name: 'O1', key_results: [{ kr_id: 'SH-O1-KR1', metric_ids: ['SH-1'] }] }] }), type: 'application/json', shape: 'collection', created: { objective: 1 }, check: ['objectives/SH-O1'] },
        { body: stringify({ objective_id: 'SH-O2', title: 'O2', key_results: [{ metric_id: 'SH-2' }] }), type: 'application/x-yaml', shape: 'objective', created: { objective: 1 }, check: ['objectives/SH-O2'] },
        // The domain file form's `objectives` holds ids, not records: still one domain.
        { body: JSON.stringify({ id: 'sh-dom3', name: 'Shapes 3', objectives: ['SH-O1', 'SH-O2'], key_metrics: ['SH-1'] }), type: 'application/json', shape: 'domain', created: { domain: 1 }, check: ['domains/sh-dom3'] },
        {
          // A mix with every reference pointing forward: objectives, then metrics, then their domain.
          body: JSON.stringify({
            objectives: [{ objective_id: 'MIX-O', name: 'Mix', business_domain: 'mix-dom', metric_ids: ['MIX-M'], key_results: [{ kr_id: 'MIX-O-KR1', metric_ids: ['MIX-M'] }] }],
            metrics: [metric('MIX-M', { business_domain: 'Mix domain', alignment: { primary_objective_ids: ['MIX-O'], related_okr_ids: ['MIX-O-KR1'] } })],
            domains: [{ domain_id: 'mix-dom', name: 'Mix domain', key_metric_ids: ['MIX-M'], objective_ids: ['MIX-O'] }],
          }),
          type: 'application/json', shape: 'collection', created: { objective: 1, metric: 1, domain: 1 }, check: ['objectives/MIX-O', 'metrics/MIX-M', 'domains/mix-dom'],
        },
      ];
      for (const c of cases) {
        const r = await postImport(t.app, c.body, { type: c.type });
        expect(r.statusCode, `${c.shape}: ${r.body}`).toBe(200);
        const report = r.json();
        expect(report.shape, c.body).toBe(c.shape);
        for (const kind of ['domain', 'objective', 'metric'] as const) {
          expect(report.counts[kind], `${c.shape} ${kind}`).toEqual({ created: c.created[kind] ?? 0, updated: 0, unchanged: 0, invalid: 0 });
        }
        for (const url of c.check) expect((await t.app.inject({ method: 'GET', url: `/api/v1/${url}` })).statusCode, url).toBe(200);
      }
      expect((await getJson(t.app, '/api/v1/objectives/SH-O2')).key_results).toEqual([expect.objectContaining({ kr_id: 'SH-O2-KR1', metric_ids: ['SH-2'] })]);
      expect((await getJson(t.app, '/api/v1/domains/sh-dom2')).owner_team).toBe('team');
      expect((await getJson(t.app, '/api/v1/domains/sh-dom3'))).toMatchObject({ objective_ids: ['SH-O1', 'SH-O2'], key_metric_ids: ['SH-1'] });
    });

    it('stores the domain, objective and metric file forms under their canonical fields', async () => {
      const d = await postImport(t.app, fixture('domain-file-form.json'));
      expect(d.statusCode, d.body).toBe(200);
      expect(d.json()).toMatchObject({ shape: 'domain', counts: { domain: { updated: 1 } }, changes: [{ kind: 'domain', id: 'customer', outcome: 'updated' }] });
      expect(d.json().changes[0].changed).toEqual(expect.arrayContaining(['stakeholders', 'metadata.industry', 'metadata.created_by']));
      const domain = await getJson(t.app, '/api/v1/domains/customer');
      expect(domain).toMatchObject({
        domain_id: 'customer', name: 'Customer Experience', owner_team: 'cx-insights', stakeholders: ['VP Customer Success', 'Head of Support'],
        objective_ids: [], key_metric_ids: ['csat_score'], metadata: { industry: 'B2B SaaS', priority: 'medium', created_at: '2024-06-01', created_by: 'li.wei' },
      });
      for (const alias of ['id', 'owner', 'objectives', 'key_metrics', 'extensions']) expect(domain, alias).not.toHaveProperty(alias);

      const o = await postImport(t.app, fixture('objective-file-form.yaml'), { type: 'text/yaml' });
      expect(o.statusCode, o.body).toBe(200);
      expect(o.json().shape).toBe('objective');
      const objective = await getJson(t.app, '/api/v1/objectives/OBJ-2025-NRR');
      expect(objective).toMatchObject({
        objective_id: 'OBJ-2025-NRR', name: 'Grow net revenue retention above 115%', owner_team: 'finance-analytics',
        timeframe: { start: '2025-01-01', end: '2025-06-30' }, business_domain: 'revenue',
        metadata: { last_updated: '2025-02-01', notes: 'Reviewed monthly in the revenue council.' },
      });
      expect(objective.key_results).toHaveLength(2);
      expect(objective.key_results[0]).toMatchObject({ kr_id: 'OBJ-2025-NRR-KR1', metric_ids: ['net_revenue_retention'], reported_progress_percentage: 50, target_value: 115, current_value: 111.5 });
      expect(objective.key_results[1]).toMatchObject({ kr_id: 'OBJ-2025-NRR-KR2', metric_ids: ['churned_mrr'], current_value: 36500 });
      expect(objective.key_results[1].reported_progress_percentage ?? null).toBeNull();
      for (const alias of ['title', 'owner', 'start_date', 'end_date', 'extensions']) expect(objective, alias).not.toHaveProperty(alias);
      for (const kr of objective.key_results) for (const alias of ['metric_id', 'progress_percentage']) expect(kr, alias).not.toHaveProperty(alias);

      const m = await postImport(t.app, fixture('metric-file-form.yaml'), { type: 'application/yaml' });
      expect(m.statusCode, m.body).toBe(200);
      expect(m.json()).toMatchObject({ shape: 'metric', changes: [{ kind: 'metric', id: 'trial_to_paid_conversion', outcome: 'created', version: '1.0.0' }] });
      const stored = await getJson(t.app, '/api/v1/metrics/trial_to_paid_conversion');
      expect(stored.targets_and_alerts.alert_rules).toEqual([
        { rule_id: 'trial-conversion-drop', name: 'trial-conversion-drop', condition: 'value < warning_threshold', severity: 'warning', notify_channels: ['#growth-alerts'] },
      ]);
      expect(stored).toMatchObject({ business_domain: 'growth', alignment: { primary_objective_ids: ['OBJ-2025-ACT'] }, relationships: { upstream_metric_ids: ['activation_rate'] } });
      expect(stored).not.toHaveProperty('extensions');
    });

    it('keeps unknown fields and losing aliases in extensions, and export puts them back where they stood', async () => {
      const custom = { nested: [1, { deep: null }], note: 'ünïcødé' };
      const r = await postImport(t.app, {
        domains: [{ id: 'alias-loses', domain_id: 'lossless', name: 'Lossless', owner: 'team-a', owner_team: 'team-b', x_custom: custom }],
        metrics: [metric('LOSSLESS-M', { business_domain: 'lossless', definition: { formula: 'a', unit: 'USD', numerator: { event_name: 'e', x_where: 'here' } } as never, x_top: true } as never)],
      });
      expect(r.statusCode, r.body).toBe(200);

      const domain = await getJson(t.app, '/api/v1/domains/lossless');
      expect(domain).toMatchObject({ domain_id: 'lossless', owner_team: 'team-b', extensions: { '/id': 'alias-loses', '/owner': 'team-a', '/x_custom': custom } });
      expect(domain).not.toHaveProperty('x_custom');
      const m = await getJson(t.app, '/api/v1/metrics/LOSSLESS-M');
      expect(m.extensions).toEqual({ '/definition/numerator/x_where': 'here', '/x_top': true });
      expect(m.definition.numerator).toEqual({ event_name: 'e' });
      // The catalog's own unknown fields, at depth.
      expect((await getJson(t.app, '/api/v1/metrics/net_revenue_retention')).extensions).toEqual({ '/definition/numerator/custom_note': 'Snapshot taken after invoice finalization, not at signup.' });
      expect((await getJson(t.app, '/api/v1/metrics/churned_mrr')).extensions).toEqual({ '/targets_and_alerts/alert_rules/0/runbook': 'https://wiki.acme.example/runbooks/churn-spike' });
      expect((await getJson(t.app, '/api/v1/objectives/OBJ-2025-ACT')).extensions).toEqual({ '/key_results/0/confidence': 0.7 });

      const doc = JSON.parse(await exportText(t.app, 'json'));
      const find = (section: string, key: string, id: string) => doc[section].find((x: Record<string, unknown>) => x[key] === id);
      expect(doc.generated_by).toBe('hand-written fixture');
      expect(find('domains', 'domain_id', 'lossless')).toMatchObject({ domain_id: 'lossless', owner_team: 'team-b', id: 'alias-loses', owner: 'team-a', x_custom: custom });
      expect(find('metrics', 'metric_id', 'LOSSLESS-M')).toMatchObject({ x_top: true, definition: { numerator: { event_name: 'e', x_where: 'here' } } });
      expect(find('metrics', 'metric_id', 'net_revenue_retention').definition.numerator.custom_note).toBe('Snapshot taken after invoice finalization, not at signup.');
      expect(find('metrics', 'metric_id', 'churned_mrr').targets_and_alerts.alert_rules[0].runbook).toBe('https://wiki.acme.example/runbooks/churn-spike');
      expect(find('objectives', 'objective_id', 'OBJ-2025-ACT').key_results[0].confidence).toBe(0.7);
      for (const section of ['domains', 'objectives', 'metrics']) {
        for (const rec of doc[section]) expect(rec, `${section} ${JSON.stringify(rec).slice(0, 60)}`).not.toHaveProperty('extensions');
      }
    });

    it('answers 400 with the location for malformed JSON and YAML, and writes nothing', async () => {
      const before = await dbState(t.tdb.db);
      const cases = [
        { type: 'application/json', body: '{\n  "metrics": [\n    {"metric_id": "x",, }\n  ]\n}', re: /^malformed JSON: /, line: 3 },
        { type: 'application/json', body: '{"metrics": [\n  {"metric_id": "x"}\n', re: /^malformed JSON: /, line: 3 },
        { type: 'application/yaml', body: 'metrics:\n  - metric_id: a\n   name: b\n', re: /^malformed YAML: /, line: 3 },
        { type: 'text/yaml', body: 'catalog_name: x\ncatalog_name: y\n', re: /^malformed YAML: /, line: 2 },
      ];
      for (const c of cases) {
        const r = await postImport(t.app, c.body, { type: c.type });
        expect(r.statusCode, c.body).toBe(400);
        const error = r.json().error;
        expect(error.code).toBe('BAD_REQUEST');
        expect(error.message, c.body).toMatch(c.re);
        expect(error.message).toMatch(/line \d+, column \d+\)$/);
        expect(error.details.location, c.body).toMatchObject({ line: c.line, column: expect.any(Number) });
      }
      expect(await dbState(t.tdb.db)).toEqual(before);
    });

    it('answers 400 for a body that is no catalog or record shape', async () => {
      const cases: Array<[string, string, RegExp]> = [
        ['application/json', '{"hello": 1, "world": [2]}', /^unrecognized file shape: .*found top-level keys: hello, world$/],
        ['application/json', '42', /^unrecognized file shape: expected an object or a list, got (a )?number$/],
        ['application/yaml', 'just a string\n', /^unrecognized file shape: /],
        ['application/yaml', 'metrics: {}\n', /"metrics" must be an array of records/],
        ['application/json', '   ', /the file is empty|unrecognized file shape/],
      ];
      for (const [type, body, re] of cases) {
        const r = await postImport(t.app, body, { type });
        expect(r.statusCode, body).toBe(400);
        expect(r.json().error.message, body).toMatch(re);
      }
    });

    it('answers 413 for a body over the import limit, as JSON or YAML', async () => {
      const big = { domains: [sampleDomain({ domain_id: 'big', description: 'x'.repeat(IMPORT_LIMIT) })] };
      for (const [type, body] of [['application/json', JSON.stringify(big)], ['application/yaml', stringify(big)]] as const) {
        const r = await postImport(t.app, body, { type });
        expect(r.statusCode, type).toBe(413);
        expect(r.json().error.code).toBe('PAYLOAD_TOO_LARGE');
      }
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/domains/big' })).statusCode).toBe(404);
    });
  });
}
