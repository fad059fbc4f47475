import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMPORT_RECORDS } from '../../src/modules/import/service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

/**
 * Memory follows the number of records as well as the body: 2,000,000 one-field records (48 MiB of
 * JSON, under the body limit) took 2.5 GB and stalled the server for 94 s (hostile review). One import
 * holds at most MAX_IMPORT_RECORDS, refused with 413 as soon as the reader passes it.
 */
describe('an import with more records than one import may hold', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp('sqlite', { importBodyLimit: 16 * 1024 * 1024 }); });
  afterAll(async () => t?.close());

  const body = (n: number) => `[${Array.from({ length: n }, (_, i) => `{"metric_id":"M-${i}"}`).join(',')}]`;

  it('answers 413 IMPORT_TOO_MANY_RECORDS naming the limit, and writes nothing', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/import?dry_run=true', headers: { 'content-type': 'application/json' }, payload: body(MAX_IMPORT_RECORDS + 1) });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(413);
    expect(r.json().error).toMatchObject({ code: 'IMPORT_TOO_MANY_RECORDS', details: { limit: MAX_IMPORT_RECORDS } });
    expect(r.json().error.message).toMatch(/split it/);
    expect((await t.tdb.db.selectFrom('metrics').select('id').execute()).length).toBe(0);
  }, 120_000);

  it('lets other requests through while a long import runs (it yields between records and batches)', async () => {
    const metrics = Array.from({ length: 20_000 }, (_, i) => ({ ...sampleMetric({ metric_id: `M-LONG-${i}`, name: `Long ${i}` }) }));
    const file = JSON.stringify({ domains: [sampleDomain()], metrics });
    let importDone = 0;
    const importing = t.app.inject({ method: 'POST', url: '/api/v1/import?dry_run=true', headers: { 'content-type': 'application/json' }, payload: file })
      .then((r) => { importDone = Date.now(); return r; });
    await new Promise((r) => setTimeout(r, 200));
    const live = await t.raw.inject({ method: 'GET', url: '/health/live' });
    const liveAt = Date.now();
    expect(live.statusCode).toBe(200);
    const r = await importing;
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    expect(importDone === 0 || liveAt < importDone).toBe(true); // answered while the import was still running
  }, 120_000);

  it('reads a smaller file as before', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/import?dry_run=true', headers: { 'content-type': 'application/json' }, payload: body(1_000) });
    expect(r.statusCode).not.toBe(413);
  });
});
