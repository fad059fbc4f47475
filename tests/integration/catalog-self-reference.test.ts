import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';
import { postImport } from '../helpers/transfer.js';

/**
 * A metric whose lineage names itself (relationships.upstream/downstream_metric_ids) was accepted by
 * the importer and by PUT, but POST answered 422 UNKNOWN_REFERENCE: the reference was checked before
 * the metric existed. The API and the importer accept the same documents.
 */

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`a metric referring to itself on ${engine.label}`, () => {
    let t: TestApp;
    const inject = (opts: InjectOptions) => t.app.inject(opts);
    const selfRef = (id: string) => sampleMetric({ metric_id: id, relationships: { upstream_metric_ids: [id], downstream_metric_ids: [id] } });

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      expect((await inject({ method: 'POST', url: '/api/v1/domains', payload: sampleDomain() })).statusCode).toBe(201);
    });
    afterAll(async () => t?.close());

    it('is created by POST as by import', async () => {
      const imported = await postImport(t.app, { metrics: [selfRef('SELF-IMPORTED')] });
      expect(imported.statusCode, imported.body).toBe(200);
      const posted = await inject({ method: 'POST', url: '/api/v1/metrics', payload: selfRef('SELF-POSTED') });
      expect(posted.statusCode, posted.body).toBe(201);
      expect(posted.json().relationships).toEqual({ upstream_metric_ids: ['SELF-POSTED'], downstream_metric_ids: ['SELF-POSTED'] });
    });

    it('lists only the reference to another metric that does not exist (warned; refused under strict)', async () => {
      const strict = await inject({ method: 'PUT', url: '/api/v1/settings/references', payload: { reference_policy: 'strict' } });
      expect(strict.statusCode, strict.body).toBe(200);
      const r = await inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric({ metric_id: 'SELF-X', relationships: { upstream_metric_ids: ['SELF-X', 'NOPE'] } }) });
      expect(r.statusCode, r.body).toBe(422);
      expect(r.json().error.details).toEqual([{ path: 'relationships.upstream_metric_ids[1]', message: 'unknown metric "NOPE"' }]);
      await inject({ method: 'PUT', url: '/api/v1/settings/references', payload: { reference_policy: 'warn' } });
      const warned = await inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric({ metric_id: 'SELF-X', relationships: { upstream_metric_ids: ['SELF-X', 'NOPE'] } }) });
      expect(warned.statusCode, warned.body).toBe(201);
      expect(warned.json().warnings).toEqual([expect.objectContaining({ code: 'UNRESOLVED_REFERENCE', path: 'relationships.upstream_metric_ids[1]', target_type: 'metric', target_id: 'NOPE' })]);
      // The response may be sent back as it is (its `warnings` are not an unknown field).
      const back = await inject({ method: 'PUT', url: '/api/v1/metrics/SELF-X', payload: warned.json() });
      expect(back.statusCode, back.body).toBe(200);
      expect((await inject({ method: 'DELETE', url: '/api/v1/metrics/SELF-X' })).statusCode).toBe(204);
    });

    it('can be deleted without force (it refers only to itself)', async () => {
      expect((await inject({ method: 'DELETE', url: '/api/v1/metrics/SELF-POSTED' })).statusCode).toBe(204);
    });
  });
}
