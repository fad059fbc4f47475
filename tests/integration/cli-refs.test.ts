import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMdl, seededLocalDatabase } from '../helpers/cli.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

describe('mdl refs (local SQLite)', () => {
  let dbArg: string[];
  let cleanup: (() => void) | undefined;

  beforeAll(async () => {
    const local = await seededLocalDatabase('mdl-refs-', async (s, ctx) => {
      await s.domains.create(ctx, sampleDomain());
      await s.metrics.create(ctx, sampleMetric({ metric_id: 'R-A', relationships: { upstream_metric_ids: ['R-PLANNED', 'R-B'], downstream_metric_ids: ['R-LATER'] } }));
      await s.metrics.create(ctx, sampleMetric({ metric_id: 'R-B' }));
    });
    dbArg = local.dbArg;
    cleanup = local.cleanup;
  });
  afterAll(() => cleanup?.());

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
