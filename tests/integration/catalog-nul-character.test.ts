import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { sampleDomain, sampleMetric, sampleObjective } from '../helpers/samples.js';
import { dbState, metric, postImport } from '../helpers/transfer.js';

/**
 * U+0000 cannot be stored in PostgreSQL text. Every catalog request carrying one in a field that is
 * stored or looked up as a column answered 500 INTERNAL on PostgreSQL (and was accepted on SQLite).
 * It is a client error, refused alike on both engines with a 4xx and a stable code.
 */

const NUL = '\u0000';
const cursor = (payload: object) => Buffer.from(JSON.stringify(payload)).toString('base64url');

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`NUL characters in catalog requests on ${engine.label}`, () => {
    let t: TestApp;
    const inject = (opts: InjectOptions) => t.app.inject(opts);

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      expect((await inject({ method: 'POST', url: '/api/v1/domains', payload: sampleDomain() })).statusCode).toBe(201);
      expect((await inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric() })).statusCode).toBe(201);
    });
    afterAll(async () => t?.close());

    it('refuses documents with a NUL in stored text with 400 VALIDATION_FAILED naming the field', async () => {
      const cases: Array<[string, string, object, string]> = [
        ['metric name', '/api/v1/metrics', sampleMetric({ metric_id: 'N1', name: `a${NUL}b` }), 'name'],
        ['metric description', '/api/v1/metrics', sampleMetric({ metric_id: 'N2', description: `a${NUL}` }), 'description'],
        ['metric tag', '/api/v1/metrics', sampleMetric({ metric_id: 'N3', tags: [`t${NUL}`] }), 'tags[0]'],
        ['metric business_domain', '/api/v1/metrics', sampleMetric({ metric_id: 'N4', business_domain: `revenue${NUL}` }), 'business_domain'],
        ['metric created_at', '/api/v1/metrics', sampleMetric({ metric_id: 'N5', governance: { created_at: `2026${NUL}` } }), 'governance.created_at'],
        ['domain name', '/api/v1/domains', sampleDomain({ domain_id: 'd-nul', name: `x${NUL}` }), 'name'],
        ['domain created_at', '/api/v1/domains', sampleDomain({ domain_id: 'd-nul2', name: 'D2', created_at: `x${NUL}` }), 'created_at'],
        ['objective owner', '/api/v1/objectives', sampleObjective({ objective_id: 'O-NUL', owner_team: `x${NUL}`, key_results: [] }), 'owner_team'],
      ];
      for (const [label, url, payload, path] of cases) {
        const r = await inject({ method: 'POST', url, payload });
        expect(r.statusCode, `${label}: ${r.body}`).toBe(400);
        expect(r.json().error.code, label).toBe('VALIDATION_FAILED');
        expect(r.json().error.details.map((d: { path: string }) => d.path), label).toContain(path);
      }
      const patched = await inject({ method: 'PATCH', url: '/api/v1/metrics/METRIC-ARR', payload: { definition: { unit: `U${NUL}` } } });
      expect(patched.statusCode, patched.body).toBe(400);
    });

    it('refuses a NUL in list filters, ids, versions and cursors with a 400', async () => {
      const urls = [
        '/api/v1/metrics?tier=%00', '/api/v1/metrics?domain=a%00', '/api/v1/metrics?tag=%00', '/api/v1/metrics?owner=%00',
        '/api/v1/domains?owner=%00', '/api/v1/objectives?status=%00',
        '/api/v1/metrics/a%00b', '/api/v1/metrics/a%00b/versions', '/api/v1/metrics/METRIC-ARR/versions/1.0.0%00',
        '/api/v1/domains/a%00', '/api/v1/objectives/a%00', '/api/v1/metrics/a%00b/policy',
        `/api/v1/metrics?cursor=${cursor({ f: 'metric_id', d: 'asc', v: 'x', id: `a${NUL}` })}`,
        `/api/v1/metrics?sort=name&cursor=${cursor({ f: 'name', d: 'asc', v: `a${NUL}`, id: 'a' })}`,
      ];
      for (const url of urls) {
        const r = await inject({ method: 'GET', url });
        expect(r.statusCode, `${url}: ${r.body}`).toBe(400);
        expect(['VALIDATION_FAILED', 'BAD_REQUEST'], url).toContain(r.json().error.code);
      }
      for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
        const r = await inject({ method, url: '/api/v1/metrics/a%00b', ...(method === 'DELETE' ? {} : { payload: {} }) });
        expect(r.statusCode, `${method}: ${r.body}`).toBe(400);
      }
    });

    it('reports an imported record with a NUL as invalid, with its path, and writes nothing', async () => {
      const before = await dbState(t.tdb.db);
      const r = await postImport(t.app, { metrics: [metric('I-OK'), metric('I-NUL', { name: `a${NUL}` })] });
      expect(r.statusCode, r.body).toBe(422);
      expect(r.json().error.code).toBe('IMPORT_REJECTED');
      expect(r.json().error.details.errors[0].issues[0].path).toBe('metrics[1].name');
      expect(await dbState(t.tdb.db)).toEqual(before);
    });
  });
}
