import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

/**
 * A merge patch that sets a server-managed field (a version or a timestamp) to another value is refused
 * with 422 READ_ONLY_FIELD naming the path, instead of answering 200 and silently ignoring it.
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`PATCH of server-managed fields on ${engine.label}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(engine.name);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/domains', payload: sampleDomain() })).statusCode).toBe(201);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric() })).statusCode).toBe(201);
    });
    afterAll(async () => t?.close());

    it('refuses a metric patch that changes governance.version or created_at, and changes nothing', async () => {
      const before = (await t.app.inject({ method: 'GET', url: '/api/v1/metrics/METRIC-ARR' })).json();
      const r = await t.app.inject({ method: 'PATCH', url: '/api/v1/metrics/METRIC-ARR', payload: { name: 'Renamed', governance: { version: '9.9.9', created_at: '2001-01-01T00:00:00Z' } } });
      expect(r.statusCode).toBe(422);
      expect(r.json().error.code).toBe('READ_ONLY_FIELD');
      expect(r.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['governance.created_at', 'governance.version']);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/metrics/METRIC-ARR' })).json()).toEqual(before);
    });

    it('refuses a domain patch that changes its top-level updated_at', async () => {
      const r = await t.app.inject({ method: 'PATCH', url: '/api/v1/domains/revenue', payload: { updated_at: '2001-01-01T00:00:00Z' } });
      expect(r.statusCode).toBe(422);
      expect(r.json().error.details).toEqual([{ path: 'updated_at', message: expect.stringMatching(/managed by the server/) }]);
    });

    it('accepts the stored values (a document read back), and the version follows the bump rules', async () => {
      const current = (await t.app.inject({ method: 'GET', url: '/api/v1/metrics/METRIC-ARR' })).json();
      const r = await t.app.inject({ method: 'PATCH', url: '/api/v1/metrics/METRIC-ARR', payload: { name: 'Annual Recurring Revenue (ARR)', governance: { version: current.governance.version, created_at: current.governance.created_at } } });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().governance.version).toBe('1.1.0'); // a name change is a minor bump
    });
  });
}
