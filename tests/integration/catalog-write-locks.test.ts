import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/modules/services.js';
import { SecretBox } from '../../src/shared/secret-box.js';
import { localContext } from '../../src/shared/context.js';
import { createTestDatabase, ENGINES, type TestDatabase } from '../helpers/databases.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

const pg = ENGINES.find((e) => e.name === 'postgres')!;

/**
 * A long catalog write (an import) and a single update of a row the import has yet to reach. If
 * writers took the workspace lock only when appending audit events (after their row writes), the
 * import would hold the lock and wait for the row while the update held the row and waited for the
 * lock: PostgreSQL would abort one with a deadlock (40P01). Writers take the lock first, so the update
 * simply waits for the import. (SQLite has one writer at a time: nothing to test there.)
 */
describe.skipIf(!pg.available)(`catalog writers and the workspace lock (${pg.label})`, () => {
  let tdb: TestDatabase;
  let s: Services;
  const ctx = localContext('test');
  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
    s = createServices(tdb.db, undefined, { secretBox: SecretBox.ephemeral() });
    await s.domains.create(ctx, sampleDomain());
    await s.metrics.create(ctx, sampleMetric({ metric_id: 'M-1', name: 'One' }));
    await s.metrics.create(ctx, sampleMetric({ metric_id: 'M-2', name: 'Two' }));
  });
  afterAll(async () => tdb?.destroy());

  it('a single update waits for a long write instead of deadlocking with it', async () => {
    const metricLifecycle = s.metrics.lifecycle;
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    // The long writer: M-1 now, then (after the gate) M-2, in one transaction.
    const long = metricLifecycle.transaction(ctx.workspaceId, async (trx) => {
      await metricLifecycle.upsertInTrx(trx, ctx, sampleMetric({ metric_id: 'M-1', name: 'One', description: 'by the long writer' }), { mode: 'replace' });
      await gate;
      await metricLifecycle.upsertInTrx(trx, ctx, sampleMetric({ metric_id: 'M-2', name: 'Two', description: 'by the long writer' }), { mode: 'replace' });
    });
    await new Promise((r) => setTimeout(r, 100));
    // The single writer starts while the long one holds the lock, and wants M-2.
    const single = s.metrics.patch(ctx, 'M-2', { description: 'by the single writer' });
    await new Promise((r) => setTimeout(r, 300));
    release();
    const results = await Promise.allSettled([long, single]);
    expect(results.map((r) => (r.status === 'rejected' ? String((r.reason as { code?: string }).code ?? r.reason) : 'ok'))).toEqual(['ok', 'ok']);
    // The update ran after the long write: its change is the last one.
    expect((await s.metrics.get(ctx, 'M-2')).doc.description).toBe('by the single writer');
  });
});
