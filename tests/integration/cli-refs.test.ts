import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createServices } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { runMdl } from '../helpers/cli.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

describe('mdl refs (local SQLite)', () => {
  let dir: string;
  let dbArg: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mdl-refs-'));
    const file = join(dir, 'mdl.db');
    dbArg = ['--database', file];
    const db = connect({ kind: 'sqlite', file });
    await migrateToLatest(db);
    const s = createServices(db);
    const ctx = localContext();
    await s.domains.create(ctx, sampleDomain());
    await s.metrics.create(ctx, sampleMetric({ metric_id: 'R-A', relationships: { upstream_metric_ids: ['R-PLANNED', 'R-B'], downstream_metric_ids: ['R-LATER'] } }));
    await s.metrics.create(ctx, sampleMetric({ metric_id: 'R-B' }));
    await db.destroy();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists unresolved references across pages, filters by target, and prints JSON lines', async () => {
    const r = await runMdl([...dbArg, 'refs', '--unresolved']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'metric R-A relationships.downstream_metric_ids[0] → metric "R-LATER" (unresolved)',
      'metric R-A relationships.upstream_metric_ids[0] → metric "R-PLANNED" (unresolved)',
    ]);
    expect(r.stderr).toBe('2 of 2 reference(s) (unresolved)\n');
    const one = await runMdl([...dbArg, 'refs', '--target', 'R-PLANNED', '--json']);
    expect(one.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([{ from_type: 'metric', from_id: 'R-A', field: 'relationships.upstream_metric_ids[0]', to_type: 'metric', to_id: 'R-PLANNED', state: 'unresolved' }]);
    const all = await runMdl([...dbArg, 'refs', '--limit', '1']);
    expect(all.stdout.trim().split('\n')).toHaveLength(1);
    expect((await runMdl([...dbArg, 'refs', '--kind', 'widget'])).code).toBe(2);
  });
});
