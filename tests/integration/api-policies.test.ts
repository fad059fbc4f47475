import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

async function untar(buf: Buffer): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => { files.set(header.name, Buffer.concat(chunks).toString('utf8')); next(); });
  });
  await new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
    Readable.from([buf]).pipe(createGunzip()).pipe(extract);
  });
  return files;
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`policy routes on ${engine.label}`, () => {
    let t: TestApp;
    const inject = (o: InjectOptions) => t.app.inject(o);

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      await inject({ method: 'POST', url: '/api/v1/domains', payload: sampleDomain() });
      await inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric({
        metric_id: 'CHURN', name: 'Churn rate', definition: { unit: 'percent', expected_direction: 'decrease' },
        targets_and_alerts: { target_value: 2, warning_threshold: 3, critical_threshold: 5 },
        governance: { owner_team: 'cs', data_classification: 'confidential', pii_involved: true, status: 'active' },
      }) });
    });
    afterAll(async () => t?.close());

    it('serves the fixed module and the metric data', async () => {
      const r = await inject({ method: 'GET', url: '/api/v1/metrics/CHURN/policy' });
      expect(r.statusCode).toBe(200);
      const body = r.json();
      expect(body.module).toContain('package mdl.policy.metrics');
      expect(body.data).toMatchObject({ expected_direction: 'decrease', data_classification: 'confidential', pii_involved: true, critical_threshold: 5 });
      expect(body.data).not.toHaveProperty('name');
      expect((await inject({ method: 'GET', url: '/api/v1/metrics/NOPE/policy' })).statusCode).toBe(404);
    });

    it('evaluates thresholds by direction and gates values by classification and PII', async () => {
      const user = { id: 'u1', roles: ['viewer'], clearance: 'confidential', pii_access: true };
      const check = async (value: number) => (await inject({ method: 'POST', url: '/api/v1/metrics/CHURN/policy/evaluate', payload: { action: 'check_value', user, value } })).json();
      // Lower is better: 1 is fine, 4 is a warning, 6 is critical (never ">= target means ok").
      expect((await check(1)).threshold_status).toBe('ok');
      expect((await check(4)).threshold_status).toBe('warning');
      expect((await check(6)).threshold_status).toBe('critical');
      const noPii = await inject({ method: 'POST', url: '/api/v1/metrics/CHURN/policy/evaluate', payload: { action: 'read_values', user: { ...user, pii_access: false } } });
      expect(noPii.json()).toMatchObject({ allow: false });
      expect(noPii.json().deny_reasons.length).toBeGreaterThan(0);
      const bad = await inject({ method: 'POST', url: '/api/v1/metrics/CHURN/policy/evaluate', payload: { action: 'fly', user } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].path).toBe('action');
    });

    it('serves a standard OPA bundle with an ETag that changes only when metrics change', async () => {
      const first = await inject({ method: 'GET', url: '/api/v1/policies/bundle.tar.gz' });
      expect(first.statusCode).toBe(200);
      expect(first.headers['content-type']).toBe('application/gzip');
      const files = await untar(first.rawPayload);
      expect([...files.keys()].sort()).toEqual(['.manifest', 'data.json', 'mdl/policy/metrics.rego']);
      const manifest = JSON.parse(files.get('.manifest')!);
      expect(`"${manifest.revision}"`).toBe(first.headers.etag);
      expect(JSON.parse(files.get('data.json')!).mdl.metrics.CHURN.expected_direction).toBe('decrease');

      const again = await inject({ method: 'GET', url: '/api/v1/policies/bundle.tar.gz', headers: { 'if-none-match': String(first.headers.etag) } });
      expect(again.statusCode).toBe(304);
      await inject({ method: 'PATCH', url: '/api/v1/metrics/CHURN', payload: { targets_and_alerts: { critical_threshold: 8 } } });
      const changed = await inject({ method: 'GET', url: '/api/v1/policies/bundle.tar.gz', headers: { 'if-none-match': String(first.headers.etag) } });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).not.toBe(first.headers.etag);
    });
  });
}
