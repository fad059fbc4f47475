import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { sampleDomain } from '../helpers/samples.js';
import { dbState, getJson, issuePaths, metric, postImport, versionCount } from '../helpers/transfer.js';

/** Import rules over the API: dry run, all-or-nothing, dependents, forward references, continue-on-error. */

const badUnit = (id: string) => metric(id, { definition: { formula: 'x', unit: 5 } } as never);
const eur = { formula: 'sum(mrr) * 12', unit: 'EUR', expected_direction: 'increase' as const };

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`import API: validation and write rules on ${engine.label}`, () => {
    let t: TestApp;
    const status = async (url: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/${url}` })).statusCode;

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      const r = await postImport(t.app, { domains: [sampleDomain()], metrics: [metric('BASE-A'), metric('BASE-B', { relationships: { upstream_metric_ids: ['BASE-A'] } })] });
      expect(r.statusCode, r.body).toBe(200);
    });
    afterAll(async () => t?.close());

    it('dry_run=true writes nothing and reports each change with its fields and each invalid record with path and reason', async () => {
      const body = { metrics: [metric('BASE-A', { definition: eur }), metric('DRY-NEW'), badUnit('DRY-BAD'), metric('DRY-DEP', { relationships: { upstream_metric_ids: ['GHOST'] } })] };
      const before = await dbState(t.tdb.db);
      for (const query of ['dry_run=true&strict=true', 'dry_run=true&continue_on_error=true&strict=true']) {
        const r = await postImport(t.app, body, { query });
        expect(r.statusCode, r.body).toBe(200);
        const report = r.json();
        expect(report).toMatchObject({ dry_run: true, committed: false, mode: query.includes('continue') ? 'continue-on-error' : 'all-or-nothing', errors_total: 2 });
        expect(report.counts.metric).toEqual({ created: 1, updated: 1, unchanged: 0, invalid: 2 });
        expect(report.changes).toEqual([
          { kind: 'metric', id: 'BASE-A', outcome: 'updated', version: '2.0.0', changed: ['definition.unit'] },
          { kind: 'metric', id: 'DRY-NEW', outcome: 'created', version: '1.0.0', changed: ['*'] },
        ]);
        expect(report.errors).toEqual([
          { kind: 'metric', path: 'metrics[2]', id: 'DRY-BAD', issues: [{ path: 'metrics[2].definition.unit', message: expect.stringMatching(/expected string/) }] },
          { kind: 'metric', path: 'metrics[3]', id: 'DRY-DEP', issues: [{ path: 'metrics[3].relationships.upstream_metric_ids[0]', message: 'unknown metric "GHOST"' }] },
        ]);
        expect(await dbState(t.tdb.db)).toEqual(before);
      }
      // A clean dry run writes nothing either.
      const clean = await postImport(t.app, { metrics: [metric('DRY-NEW')] }, { query: 'dry_run=true' });
      expect(clean.json()).toMatchObject({ dry_run: true, committed: false, errors: [], changes: [{ id: 'DRY-NEW', outcome: 'created' }] });
      expect(await dbState(t.tdb.db)).toEqual(before);
      expect(await status('metrics/DRY-NEW')).toBe(404);
      expect((await getJson(t.app, '/api/v1/metrics/BASE-A')).definition.unit).toBe('USD');
      expect(await versionCount(t.app, 'metrics', 'BASE-A')).toBe(1);
    });

    it('refuses the whole file with 422 IMPORT_REJECTED for one wrong type, unknown reference or duplicate id, writing nothing', async () => {
      const cases: Array<{ metrics: unknown[]; errors: unknown[] }> = [
        {
          metrics: [metric('AON-1'), metric('AON-2'), badUnit('AON-3')],
          errors: [{ kind: 'metric', path: 'metrics[2]', id: 'AON-3', issues: [{ path: 'metrics[2].definition.unit', message: expect.stringMatching(/expected string, received number/) }] }],
        },
        {
          metrics: [metric('AON-1'), metric('AON-2', { business_domain: 'nowhere' })],
          errors: [{ kind: 'metric', path: 'metrics[1]', id: 'AON-2', issues: [{ path: 'metrics[1].business_domain', message: 'unknown domain "nowhere"' }] }],
        },
        {
          metrics: [metric('AON-DUP'), metric('AON-1'), metric('AON-DUP', { name: 'again' })],
          errors: [{ kind: 'metric', path: 'metrics[2]', id: 'AON-DUP', issues: [{ path: 'metrics[2]', message: 'duplicate metric id "AON-DUP" (first at metrics[0])' }] }],
        },
      ];
      const before = await dbState(t.tdb.db);
      for (const c of cases) {
        // Under strict (a CI gate) an unknown reference refuses the file as an invalid record does.
        const r = await postImport(t.app, { metrics: c.metrics }, { query: 'strict=true' });
        expect(r.statusCode, r.body).toBe(422);
        const error = r.json().error;
        expect(error.code).toBe('IMPORT_REJECTED');
        expect(error.message).toMatch(/^import refused: 1 invalid record\(s\); nothing was written/);
        expect(error.details).toMatchObject({ committed: false, dry_run: false, mode: 'all-or-nothing', errors_total: 1, changes: [] });
        expect(error.details.errors).toEqual(c.errors);
        expect(await dbState(t.tdb.db)).toEqual(before);
      }
      // All three problems in one file: each is listed with its own path.
      const all = await postImport(t.app, { metrics: [metric('AON-1'), metric('AON-2', { business_domain: 'nowhere' }), badUnit('AON-3'), metric('AON-1')] }, { query: 'strict=true' });
      expect(all.statusCode).toBe(422);
      expect(issuePaths(all.json().error.details).sort()).toEqual(['metrics[1].business_domain', 'metrics[2].definition.unit', 'metrics[3]']);
      expect(all.json().error.details.counts.metric.invalid).toBe(3);
      expect(await dbState(t.tdb.db)).toEqual(before);
      expect(await status('metrics/AON-1')).toBe(404);
    });

    it('never refuses a record for another record\'s fault: references to a refused record are unresolved and reported', async () => {
      const body = {
        metrics: [
          metric('DEP-B', { relationships: { upstream_metric_ids: ['DEP-A'] } }),
          badUnit('DEP-A'),
          metric('DEP-C', { relationships: { downstream_metric_ids: ['DEP-B'] } }),
          metric('DEP-OK'),
        ],
        objectives: [{ objective_id: 'DEP-O', name: 'Depends', key_results: [{ kr_id: 'DEP-O-KR1', metric_ids: ['DEP-OK', 'DEP-C'] }] }],
      };
      const invalidA = { kind: 'metric', path: 'metrics[1]', id: 'DEP-A', issues: [{ path: 'metrics[1].definition.unit', message: expect.any(String) }] };
      const refused = await postImport(t.app, body);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.details.errors).toEqual([invalidA]);
      const unresolvedA = [{ kind: 'metric', id: 'DEP-B', path: 'metrics[0]', field: 'relationships.upstream_metric_ids[0]', target_type: 'metric', target_id: 'DEP-A' }];
      expect(refused.json().error.details.unresolved).toEqual(unresolvedA);

      // Strict refuses unknown targets, but DEP-A is in the file (refused for its own fault): still not DEP-B's fault.
      for (const query of ['continue_on_error=true&strict=true', 'continue_on_error=true']) {
        const partial = await postImport(t.app, body, { query });
        expect(partial.statusCode, partial.body).toBe(200);
        expect(partial.json()).toMatchObject({ committed: true, errors_total: 1, unresolved_total: 1, unresolved: unresolvedA });
        expect(partial.json().errors).toEqual([invalidA]);
      }
      for (const url of ['metrics/DEP-OK', 'metrics/DEP-B', 'metrics/DEP-C', 'objectives/DEP-O']) expect(await status(url), url).toBe(200);
      expect(await status('metrics/DEP-A')).toBe(404);
      // The fixed record resolves it, with no rewrite of DEP-B.
      const etag = (await t.app.inject({ method: 'GET', url: '/api/v1/metrics/DEP-B' })).headers.etag;
      const fixed = await postImport(t.app, { metrics: [metric('DEP-A')] });
      expect(fixed.json()).toMatchObject({ unresolved_total: 0 });
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/metrics/DEP-B' })).headers.etag).toBe(etag);
      expect((await getJson(t.app, '/api/v1/references?state=unresolved&from=DEP-B')).items).toEqual([]);
    });

    it('accepts references to records later in the file (a metric before its domain and objective)', async () => {
      const r = await postImport(t.app, {
        metrics: [metric('FWD-M', { business_domain: 'fwd-dom', alignment: { primary_objective_ids: ['FWD-O'], related_okr_ids: ['FWD-O-KR1'] }, relationships: { upstream_metric_ids: ['FWD-N'] } }), metric('FWD-N')],
        objectives: [{ objective_id: 'FWD-O', name: 'Forward', business_domain: 'Forward domain', key_results: [{ name: 'KR without id', metric_ids: ['FWD-M'] }] }],
        domains: [{ domain_id: 'fwd-dom', name: 'Forward domain', key_metric_ids: ['FWD-M'], objective_ids: ['FWD-O'] }],
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ errors_total: 0, counts: { metric: { created: 2 }, objective: { created: 1 }, domain: { created: 1 } } });
      expect((await getJson(t.app, '/api/v1/metrics/FWD-M')).business_domain).toBe('fwd-dom');
      expect((await getJson(t.app, '/api/v1/objectives/FWD-O')).key_results[0].kr_id).toBe('FWD-O-KR1');
    });

    it('continue_on_error=true writes the valid records, versions them, and reports the rest', async () => {
      const r = await postImport(t.app, {
        domains: [{ domain_id: 'coe-dom', name: 'COE' }, { domain_id: 'coe dom!', name: 'Bad id' }],
        metrics: [metric('COE-1', { business_domain: 'coe-dom' }), badUnit('COE-2'), metric('BASE-A', { definition: eur }), metric('COE-1')],
      }, { query: 'continue_on_error=true' });
      expect(r.statusCode, r.body).toBe(200);
      const report = r.json();
      expect(report).toMatchObject({ committed: true, dry_run: false, mode: 'continue-on-error', errors_total: 3 });
      expect(report.counts).toEqual({
        domain: { created: 1, updated: 0, unchanged: 0, invalid: 1 },
        objective: { created: 0, updated: 0, unchanged: 0, invalid: 0 },
        metric: { created: 1, updated: 1, unchanged: 0, invalid: 2 },
      });
      expect(issuePaths(report).sort()).toEqual(['domains[1].domain_id', 'metrics[1].definition.unit', 'metrics[3]']);
      expect(report.changes).toEqual(expect.arrayContaining([
        { kind: 'metric', id: 'BASE-A', outcome: 'updated', version: '2.0.0', changed: ['definition.unit'] },
        { kind: 'metric', id: 'COE-1', outcome: 'created', version: '1.0.0', changed: ['*'] },
        { kind: 'domain', id: 'coe-dom', outcome: 'created', version: '1.0.0', changed: ['*'] },
      ]));
      expect(await status('metrics/COE-1')).toBe(200);
      expect(await status('metrics/COE-2')).toBe(404);
      const versions = await getJson(t.app, '/api/v1/metrics/BASE-A/versions');
      expect(versions.items.map((v: { version: string }) => v.version)).toEqual(['2.0.0', '1.0.0']);
      expect(versions.items[0]).toMatchObject({ bump: 'major', changed_fields: ['definition.unit'] });
    });

    it('resolves a dependency that the workspace still holds when the file\'s copy of it is refused', async () => {
      // BASE-B exists in the workspace; the file's BASE-B is refused for an unknown domain, but
      // USES-B may still refer to the stored BASE-B.
      const r = await postImport(t.app, {
        metrics: [metric('BASE-B', { business_domain: 'ghost-domain' }), metric('USES-B', { relationships: { upstream_metric_ids: ['BASE-B'] } })],
      }, { query: 'continue_on_error=true&strict=true' });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().errors).toEqual([{ kind: 'metric', path: 'metrics[0]', id: 'BASE-B', issues: [{ path: 'metrics[0].business_domain', message: 'unknown domain "ghost-domain"' }] }]);
      expect(r.json().counts.metric).toMatchObject({ created: 1, invalid: 1 });
      expect((await getJson(t.app, '/api/v1/metrics/BASE-B')).business_domain).toBe('revenue');
      expect(await status('metrics/USES-B')).toBe(200);
    });
  });
}
