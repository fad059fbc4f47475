import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { sampleDomain, sampleMetric, sampleObjective } from '../helpers/samples.js';

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`REST API /api/v1 on ${engine.label}`, () => {
    let t: TestApp;
    const inject = (opts: InjectOptions) => t.app.inject(opts);

    beforeAll(async () => {
      t = await createTestApp(engine.name, { bodyLimit: 64 * 1024 });
      expect((await inject({ method: 'POST', url: '/api/v1/domains', payload: sampleDomain() })).statusCode).toBe(201);
      expect((await inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric() })).statusCode).toBe(201);
      expect((await inject({ method: 'POST', url: '/api/v1/objectives', payload: sampleObjective() })).statusCode).toBe(201);
    });
    afterAll(async () => t?.close());

    it('creates with 201, Location and ETag, and gets with the same ETag', async () => {
      const created = await inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric({ metric_id: 'M-NEW', name: 'New' }) });
      expect(created.statusCode).toBe(201);
      expect(created.headers.location).toBe('/api/v1/metrics/M-NEW');
      const got = await inject({ method: 'GET', url: '/api/v1/metrics/M-NEW' });
      expect(got.statusCode).toBe(200);
      expect(got.headers.etag).toBe(created.headers.etag);
      expect(got.json()).toMatchObject({ metric_id: 'M-NEW', governance: { version: '1.0.0' } });
      const notModified = await inject({ method: 'GET', url: '/api/v1/metrics/M-NEW', headers: { 'if-none-match': String(got.headers.etag) } });
      expect(notModified.statusCode).toBe(304);
    });

    it('answers 409 on a duplicate id and 404 on unknown ids with the one error shape', async () => {
      const dup = await inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric() });
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toEqual({ error: { code: 'ALREADY_EXISTS', message: expect.any(String) }, requestId: expect.any(String) });
      for (const url of ['/api/v1/metrics/NOPE', '/api/v1/domains/NOPE', '/api/v1/objectives/NOPE', '/api/v1/metrics/NOPE/versions']) {
        const r = await inject({ method: 'GET', url });
        expect(r.statusCode, url).toBe(404);
        expect(r.json().error.code).toBe('NOT_FOUND');
      }
    });

    it('enforces If-Match on PUT, PATCH and DELETE with 412', async () => {
      await inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric({ metric_id: 'M-IFM' }) });
      const cur = await inject({ method: 'GET', url: '/api/v1/metrics/M-IFM' });
      const etag = String(cur.headers.etag);
      const stale = { 'if-match': '"not-it"' };
      expect((await inject({ method: 'PUT', url: '/api/v1/metrics/M-IFM', headers: stale, payload: { ...(cur.json() as object), name: 'x' } })).statusCode).toBe(412);
      expect((await inject({ method: 'PATCH', url: '/api/v1/metrics/M-IFM', headers: stale, payload: { name: 'x' } })).statusCode).toBe(412);
      expect((await inject({ method: 'DELETE', url: '/api/v1/metrics/M-IFM', headers: stale })).statusCode).toBe(412);
      const patched = await inject({ method: 'PATCH', url: '/api/v1/metrics/M-IFM', headers: { 'if-match': etag, 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify({ name: 'Renamed', short_name: null }) });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ name: 'Renamed', governance: { version: '1.1.0' } });
      expect(patched.headers.etag).not.toBe(etag);
      const put = await inject({ method: 'PUT', url: '/api/v1/metrics/M-IFM', headers: { 'if-match': String(patched.headers.etag) }, payload: { ...(patched.json() as object), definition: { formula: 'a/b' } } });
      expect(put.statusCode).toBe(200);
      expect(put.json().governance.version).toBe('2.0.0');
      expect((await inject({ method: 'DELETE', url: '/api/v1/metrics/M-IFM', headers: { 'if-match': String(put.headers.etag) } })).statusCode).toBe(204);
    });

    it('serves version history and single versions', async () => {
      await inject({ method: 'PATCH', url: '/api/v1/metrics/METRIC-ARR', payload: { description: 'changed' } });
      const list = await inject({ method: 'GET', url: '/api/v1/metrics/METRIC-ARR/versions' });
      expect(list.json().items.map((v: { version: string }) => v.version)).toEqual(['1.1.0', '1.0.0']);
      expect(list.json().items[0]).toMatchObject({ change_kind: 'update', bump: 'minor', changed_fields: ['description'], actor: expect.stringMatching(/^user:/) });
      const one = await inject({ method: 'GET', url: '/api/v1/metrics/METRIC-ARR/versions/1.0.0' });
      expect(one.json().snapshot.description).toBe(sampleMetric().description);
      expect((await inject({ method: 'GET', url: '/api/v1/metrics/METRIC-ARR/versions/9.9.9' })).statusCode).toBe(404);
    });

    it('refuses deleting a referenced metric with its referrers unless force=true', async () => {
      const r = await inject({ method: 'DELETE', url: '/api/v1/metrics/METRIC-ARR' });
      expect(r.statusCode).toBe(409);
      expect(r.json().error).toMatchObject({ code: 'STILL_REFERENCED', details: { referrers: [{ type: 'objective', id: 'OBJ-GROW', field: 'key_results[0].metric_ids[0]' }] } });
      await inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric({ metric_id: 'M-UP' }) });
      await inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric({ metric_id: 'M-DOWN', relationships: { upstream_metric_ids: ['M-UP'] } }) });
      expect((await inject({ method: 'DELETE', url: '/api/v1/metrics/M-UP' })).statusCode).toBe(409);
      expect((await inject({ method: 'DELETE', url: '/api/v1/metrics/M-UP?force=true' })).statusCode).toBe(204);
    });

    it('rejects bad input with field-level paths, unknown references with 422', async () => {
      const bad = await inject({ method: 'POST', url: '/api/v1/metrics', payload: { metric_id: 'bad id!', name: 5, tags: 'x', governance: { pii_involved: 'yes' } } });
      expect(bad.statusCode).toBe(400);
      const paths = bad.json().error.details.map((d: { path: string }) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['metric_id', 'name', 'tags', 'governance.pii_involved']));
      expect((await inject({ method: 'PUT', url: '/api/v1/settings/references', payload: { reference_policy: 'strict' } })).statusCode).toBe(200);
      const unknownRef = await inject({ method: 'POST', url: '/api/v1/objectives', payload: sampleObjective({ objective_id: 'O-X', key_results: [{ kr_id: 'K', metric_ids: ['GHOST'] }] }) });
      expect(unknownRef.statusCode).toBe(422);
      expect(unknownRef.json().error.details).toEqual([{ path: 'key_results[0].metric_ids[0]', message: 'unknown metric "GHOST"' }]);
      expect((await inject({ method: 'PUT', url: '/api/v1/settings/references', payload: { reference_policy: 'warn' } })).statusCode).toBe(200);
      const idMismatch = await inject({ method: 'PUT', url: '/api/v1/domains/revenue', payload: sampleDomain({ domain_id: 'other' }) });
      expect(idMismatch.statusCode).toBe(400);
    });

    it('answers malformed JSON 400, oversized bodies 413, wrong content type 415, unknown routes 404, wrong methods 405', async () => {
      const malformed = await inject({ method: 'POST', url: '/api/v1/metrics', headers: { 'content-type': 'application/json' }, payload: '{"metric_id": ' });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error.code).toBe('MALFORMED_BODY');
      const big = await inject({ method: 'POST', url: '/api/v1/metrics', payload: { ...sampleMetric({ metric_id: 'BIG' }), description: 'x'.repeat(70 * 1024) } });
      expect(big.statusCode).toBe(413);
      expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
      const wrongType = await inject({ method: 'POST', url: '/api/v1/metrics', headers: { 'content-type': 'text/csv' }, payload: 'a,b' });
      expect(wrongType.statusCode).toBe(415);
      expect((await inject({ method: 'GET', url: '/api/v1/nothing-here' })).statusCode).toBe(404);
      const wrongMethod = await inject({ method: 'DELETE', url: '/api/v1/metrics' });
      expect(wrongMethod.statusCode).toBe(405);
      expect(wrongMethod.headers.allow).toContain('POST');
      expect((await inject({ method: 'POST', url: '/api/v1/metrics/METRIC-ARR' })).statusCode).toBe(405);
    });

    it('lists with comma-separated and repeated filters, a working next link, and a total', async () => {
      for (let i = 0; i < 7; i++) {
        await inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric({ metric_id: `L-${i}`, tags: [i % 2 ? 'odd' : 'even'], tier: 'Tier-9' }) });
      }
      const first = await inject({ method: 'GET', url: '/api/v1/metrics?tier=Tier-9&tag=odd,even&sort=-metric_id&limit=3' });
      const body = first.json();
      expect(body.total).toBe(7);
      expect(body.items.map((m: { metric_id: string }) => m.metric_id)).toEqual(['L-6', 'L-5', 'L-4']);
      const ids: string[] = body.items.map((m: { metric_id: string }) => m.metric_id);
      let next = body.links.next as string | null;
      while (next) {
        const page = (await inject({ method: 'GET', url: next })).json();
        ids.push(...page.items.map((m: { metric_id: string }) => m.metric_id));
        next = page.links.next;
      }
      expect(ids).toEqual(['L-6', 'L-5', 'L-4', 'L-3', 'L-2', 'L-1', 'L-0']);
      const repeated = await inject({ method: 'GET', url: '/api/v1/metrics?tier=Tier-9&tag=odd&tag=even' });
      expect(repeated.json().total).toBe(7);
      expect((await inject({ method: 'GET', url: '/api/v1/metrics?sort=bogus' })).statusCode).toBe(400);
      expect((await inject({ method: 'GET', url: '/api/v1/metrics?cursor=%%%' })).statusCode).toBe(400);
      const stats = (await inject({ method: 'GET', url: '/api/v1/metrics/stats' })).json();
      expect(stats.by.tier['Tier-9']).toBe(7);
    });

    it('lets exactly one of two concurrent writers with the same If-Match win', async () => {
      await inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric({ metric_id: 'M-RACE' }) });
      const etag = String((await inject({ method: 'GET', url: '/api/v1/metrics/M-RACE' })).headers.etag);
      const results = await Promise.all(['a', 'b', 'c'].map((n) => inject({ method: 'PATCH', url: '/api/v1/metrics/M-RACE', headers: { 'if-match': etag }, payload: { short_name: n } })));
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412, 412]);
      expect((await inject({ method: 'GET', url: '/api/v1/metrics/M-RACE/versions' })).json().items).toHaveLength(2);
    });

    it('refuses deleting an objective whose key result a metric refers to', async () => {
      await inject({ method: 'POST', url: '/api/v1/objectives', payload: sampleObjective({ objective_id: 'OBJ-KR', key_results: [{ kr_id: 'KR-ONLY' }] }) });
      await inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric({ metric_id: 'M-OKR', alignment: { related_okr_ids: ['KR-ONLY'] } }) });
      const r = await inject({ method: 'DELETE', url: '/api/v1/objectives/OBJ-KR' });
      expect(r.statusCode).toBe(409);
      expect(r.json().error.details.referrers).toEqual([{ type: 'metric', id: 'M-OKR', field: 'alignment.related_okr_ids[0]' }]);
    });

    it('serves health, readiness and the OpenAPI 3.1 document', async () => {
      expect((await inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
      expect((await inject({ method: 'GET', url: '/health/ready' })).json()).toMatchObject({ status: 'ok', checks: { database: 'ok' } });
      const doc = (await inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/metrics', '/api/v1/metrics/{id}', '/api/v1/metrics/{id}/versions/{version}', '/api/v1/domains', '/api/v1/objectives/{id}']));
      expect(doc.paths['/api/v1/metrics'].post.requestBody.content['application/json'].schema.properties.metric_id).toBeDefined();
      expect((await inject({ method: 'GET', url: '/api-docs' })).statusCode).toBeLessThan(400);
    });
  });
}
