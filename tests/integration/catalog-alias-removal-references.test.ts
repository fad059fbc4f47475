import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { sampleDomain, sampleMetric, sampleObjective } from '../helpers/samples.js';
import { dbState, exportText, postImport } from '../helpers/transfer.js';

/**
 * A metric may refer to a domain by its name and to a key result by its kr_id. Renaming the domain or
 * removing the key result took that target away as silently as a delete without force would have:
 * the metric was left with a reference that no longer resolved, and the workspace's own export could
 * no longer be imported (422 UNKNOWN_REFERENCE on the metric). Such a write is refused like a delete
 * (409 STILL_REFERENCED, with the referrers) while something still refers to the old name or key result;
 * an import doing it is refused (422) unless the same file also moves the referrers.
 */

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`renaming a domain or removing a key result that is referred to, on ${engine.label}`, () => {
    let t: TestApp;
    const inject = (opts: InjectOptions) => t.app.inject(opts);
    const created = async (url: string, payload: object) => {
      const r = await inject({ method: 'POST', url, payload });
      expect(r.statusCode, r.body).toBe(201);
    };

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      await created('/api/v1/domains', sampleDomain()); // domain_id revenue, name Revenue
      await created('/api/v1/metrics', sampleMetric()); // METRIC-ARR, business_domain: revenue (by id)
      await created('/api/v1/objectives', sampleObjective()); // OBJ-GROW with OBJ-GROW-KR1
      await created('/api/v1/metrics', sampleMetric({ metric_id: 'BY-NAME', business_domain: 'Revenue' }));
      await created('/api/v1/metrics', sampleMetric({ metric_id: 'BY-KR', alignment: { related_okr_ids: ['OBJ-GROW-KR1'] } }));
    });
    afterAll(async () => t?.close());

    it('refuses renaming a domain still referred to by its name, listing the referrers', async () => {
      const before = await dbState(t.tdb.db);
      const r = await inject({ method: 'PATCH', url: '/api/v1/domains/revenue', payload: { name: 'Income' } });
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json().error).toMatchObject({ code: 'STILL_REFERENCED', details: { referrers: [{ type: 'metric', id: 'BY-NAME', field: 'business_domain' }] } });
      const put = await inject({ method: 'PUT', url: '/api/v1/domains/revenue', payload: sampleDomain({ name: 'Income' }) });
      expect(put.statusCode, put.body).toBe(409);
      expect(await dbState(t.tdb.db)).toEqual(before);
    });

    it('refuses removing a key result still referred to, listing the referrers', async () => {
      const r = await inject({ method: 'PATCH', url: '/api/v1/objectives/OBJ-GROW', payload: { key_results: [] } });
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json().error).toMatchObject({ code: 'STILL_REFERENCED', details: { referrers: [{ type: 'metric', id: 'BY-KR', field: 'alignment.related_okr_ids[0]' }] } });
    });

    it('refuses an import that renames a referred-to domain, and writes nothing', async () => {
      const before = await dbState(t.tdb.db);
      const r = await postImport(t.app, { domains: [sampleDomain({ name: 'Income' })] });
      expect(r.statusCode, r.body).toBe(422);
      expect(r.json().error.code).toBe('IMPORT_REJECTED');
      expect(r.json().error.message).toContain('BY-NAME');
      expect(await dbState(t.tdb.db)).toEqual(before);
    });

    it('accepts the rename when the same import moves the referrer to the new name', async () => {
      const r = await postImport(t.app, {
        domains: [sampleDomain({ name: 'Income' })],
        metrics: [sampleMetric({ metric_id: 'BY-NAME', business_domain: 'Income' })],
      });
      expect(r.statusCode, r.body).toBe(200);
      expect((await inject({ method: 'GET', url: '/api/v1/domains/revenue' })).json().name).toBe('Income');
    });

    it('allows renaming once nothing refers to the old name (references by id are unaffected)', async () => {
      expect((await inject({ method: 'PATCH', url: '/api/v1/metrics/BY-NAME', payload: { business_domain: 'revenue' } })).statusCode).toBe(200);
      const r = await inject({ method: 'PATCH', url: '/api/v1/domains/revenue', payload: { name: 'Turnover' } });
      expect(r.statusCode, r.body).toBe(200);
      const kept = await inject({ method: 'PATCH', url: '/api/v1/objectives/OBJ-GROW', payload: { description: 'still fine' } });
      expect(kept.statusCode, kept.body).toBe(200);
    });

    it('leaves an export that imports into an empty workspace', async () => {
      const fresh = await createTestApp(engine.name);
      try {
        const r = await postImport(fresh.app, await exportText(t.app, 'json'));
        expect(r.statusCode, r.body).toBe(200);
      } finally {
        await fresh.close();
      }
    });
  });
}
