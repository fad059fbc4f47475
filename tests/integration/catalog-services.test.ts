import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { fullMetric, sampleDomain, sampleMetric, sampleObjective } from '../helpers/samples.js';

const ctx = localContext('tester');

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`catalog services on ${engine.label}`, () => {
    let tdb: TestDatabase;
    let s: Services;

    beforeAll(async () => {
      tdb = await createTestDatabase(engine.name);
      s = createServices(tdb.db);
      await s.domains.create(ctx, sampleDomain());
      await s.metrics.create(ctx, sampleMetric());
      await s.objectives.create(ctx, sampleObjective());
    });
    afterAll(async () => tdb?.destroy());

    it('round-trips a fully populated metric, domain and objective field by field', async () => {
      const metric = fullMetric();
      const created = await s.metrics.create(ctx, metric);
      const stored = (await s.metrics.get(ctx, metric.metric_id)).doc;
      const { governance: g, ...rest } = stored;
      const { governance: g0, ...rest0 } = metric;
      expect(rest).toStrictEqual(rest0);
      expect(g).toStrictEqual({ ...g0, version: '1.0.0', created_at: g?.created_at, updated_at: g?.updated_at });
      expect(created.etag).toMatch(/^".+"$/);

      const domain = sampleDomain({ domain_id: 'growth', name: 'Growth', contact_email: 'g@example.com', key_areas: ['acquisition'], color: '#00aa00',
        stakeholders: ['cmo'], objective_ids: ['OBJ-GROW'], key_metric_ids: ['METRIC-ARR'], metadata: { industry: 'saas', priority: 'high' }, extensions: { '/x': 1 } });
      await s.domains.create(ctx, domain);
      const d = (await s.domains.get(ctx, 'growth')).doc;
      expect({ ...d, version: undefined, created_at: undefined, updated_at: undefined }).toStrictEqual({ ...domain, version: undefined, created_at: undefined, updated_at: undefined });

      const objective = sampleObjective({ objective_id: 'OBJ-2', business_priority: 'P1', strategic_theme: 'efficiency', metric_ids: ['METRIC-ARR'], metadata: { notes: 'n' },
        key_results: [{ kr_id: 'KR-A', name: 'A', description: 'd', baseline_value: 10, target_value: 20, current_value: 15, unit: 'x', direction: 'increase', metric_ids: ['METRIC-NRR'], status: 'on_track', reported_progress_percentage: 40 }] });
      await s.objectives.create(ctx, objective);
      const o = (await s.objectives.get(ctx, 'OBJ-2')).doc;
      expect(o.key_results?.[0]).toStrictEqual({ ...objective.key_results![0], progress: 50 });
      expect(o.business_priority).toBe('P1');
      expect(o.metadata).toStrictEqual({ notes: 'n' });
    });

    it('bumps versions by rule and records the changed fields', async () => {
      const base = (await s.metrics.get(ctx, 'METRIC-ARR')).doc;
      const patch1 = await s.metrics.patch(ctx, 'METRIC-ARR', { governance: { technical_owner: 'eng' } });
      expect(patch1).toMatchObject({ outcome: 'updated', bump: 'patch', version: '1.0.1', changed: ['governance.technical_owner'] });
      const minor = await s.metrics.patch(ctx, 'METRIC-ARR', { tier: 'Tier-2' });
      expect(minor).toMatchObject({ bump: 'minor', version: '1.1.0' });
      const major = await s.metrics.patch(ctx, 'METRIC-ARR', { definition: { unit: 'EUR' } });
      expect(major).toMatchObject({ bump: 'major', version: '2.0.0', changed: ['definition.unit'] });
      const same = await s.metrics.replace(ctx, 'METRIC-ARR', { ...major.doc });
      expect(same.outcome).toBe('unchanged');
      const versions = await s.metrics.versions(ctx, 'METRIC-ARR');
      expect(versions.map((v) => v.version)).toEqual(['2.0.0', '1.1.0', '1.0.1', '1.0.0']);
      expect((await s.metrics.version(ctx, 'METRIC-ARR', '1.0.0')).snapshot).toMatchObject({ tier: base.tier });
      const audit = await s.history.listAudit(tdb.db, ctx.workspaceId, { entityType: 'metric', entityId: 'METRIC-ARR', limit: 10 });
      expect(audit[0]).toMatchObject({ action: 'metric.update', actor: 'tester', before: { 'definition.unit': 'USD' }, after: { 'definition.unit': 'EUR' } });
    });

    it('refuses a stale If-Match and accepts the current ETag', async () => {
      const cur = await s.metrics.get(ctx, 'METRIC-ARR');
      await expect(s.metrics.patch(ctx, 'METRIC-ARR', { short_name: 'x' }, '"stale"')).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
      await expect(s.metrics.patch(ctx, 'METRIC-ARR', { short_name: 'ARR' }, cur.etag)).resolves.toMatchObject({ outcome: 'updated' });
    });

    it('keeps unknown references as unresolved warnings, refuses them under the strict policy, and refuses duplicate ids', async () => {
      await s.references.setPolicy(ctx, 'strict');
      await expect(s.metrics.create(ctx, sampleMetric({ metric_id: 'M-BAD', business_domain: 'nope', relationships: { upstream_metric_ids: ['GHOST'] } })))
        .rejects.toMatchObject({ code: 'UNKNOWN_REFERENCE', details: [{ path: 'business_domain', message: 'unknown domain "nope"' }, { path: 'relationships.upstream_metric_ids[0]', message: 'unknown metric "GHOST"' }] });
      await s.references.setPolicy(ctx, 'warn');
      const kept = await s.metrics.create(ctx, sampleMetric({ metric_id: 'M-BAD', business_domain: 'nope', relationships: { upstream_metric_ids: ['GHOST'] } }));
      expect(kept.warnings.map((w) => [w.path, w.target_type, w.target_id])).toEqual([['business_domain', 'domain', 'nope'], ['relationships.upstream_metric_ids[0]', 'metric', 'GHOST']]);
      const listed = await s.references.list(ctx, { state: 'unresolved', from: 'M-BAD', limit: 10 });
      expect(listed.items.map((r) => r.to_id)).toEqual(['nope', 'GHOST']);
      // The target appearing later resolves the reference with no rewrite of the referrer.
      await s.metrics.create(ctx, sampleMetric({ metric_id: 'GHOST' }));
      expect((await s.references.list(ctx, { state: 'unresolved', from: 'M-BAD', limit: 10 })).items.map((r) => r.to_id)).toEqual(['nope']);
      expect((await s.metrics.get(ctx, 'M-BAD')).etag).toBe(kept.etag);
      await s.metrics.delete(ctx, 'M-BAD');
      await s.metrics.delete(ctx, 'GHOST');
      await expect(s.metrics.create(ctx, sampleMetric())).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      // A domain may be referred to by its name as well as its id.
      await expect(s.metrics.create(ctx, sampleMetric({ metric_id: 'M-BY-NAME', business_domain: 'Revenue' }))).resolves.toMatchObject({ outcome: 'created' });
    });

    it('refuses to delete a referenced metric unless forced, listing the referrers', async () => {
      await expect(s.metrics.delete(ctx, 'METRIC-ARR')).rejects.toMatchObject({
        code: 'STILL_REFERENCED',
        details: { referrers: expect.arrayContaining([{ type: 'objective', id: 'OBJ-GROW', field: 'key_results[0].metric_ids[0]' }, { type: 'metric', id: 'METRIC-NRR', field: 'relationships.upstream_metric_ids[0]' }]) },
      });
      await s.metrics.create(ctx, sampleMetric({ metric_id: 'M-TMP' }));
      await s.metrics.delete(ctx, 'M-TMP');
      await expect(s.metrics.get(ctx, 'M-TMP')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await s.metrics.versions(ctx, 'M-TMP'))[0]).toMatchObject({ change_kind: 'delete' });
      await expect(s.domains.delete(ctx, 'revenue')).rejects.toMatchObject({ code: 'STILL_REFERENCED' });
    });

    it('filters, searches, sorts and paginates with a stable total', async () => {
      for (let i = 0; i < 23; i++) {
        await s.metrics.create(ctx, sampleMetric({ metric_id: `P-${String(i).padStart(2, '0')}`, name: `Paged metric ${i}`, tier: i % 2 ? 'Tier-1' : 'Tier-3', tags: i % 3 === 0 ? ['kpi'] : ['ops'], description: i === 7 ? 'contains zebra' : 'plain' }));
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await s.metrics.list(ctx, { filter: { tier: ['Tier-3'] }, sort: '-name', limit: 5, cursor });
        expect(page.total).toBe(12);
        seen.push(...page.items.map((m) => m.metric_id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toHaveLength(12);
      expect(new Set(seen).size).toBe(12);
      const names = seen.map((id) => `Paged metric ${Number(id.slice(2))}`);
      expect(names).toEqual([...names].sort().reverse());

      expect((await s.metrics.list(ctx, { filter: { q: 'zebr' } })).items.map((m) => m.metric_id)).toEqual(['P-07']);
      expect((await s.metrics.list(ctx, { filter: { q: 'retained expansion' } })).items.map((m) => m.metric_id)).toEqual(['METRIC-NRR']);
      expect((await s.metrics.list(ctx, { filter: { q: '") OR 1=1 --' } })).total).toBe(0);
      expect((await s.metrics.list(ctx, { filter: { tag: ['kpi'], tier: ['Tier-3'] } })).total).toBe(4);
      expect((await s.metrics.list(ctx, { filter: { domain: ['Revenue'] } })).total).toBeGreaterThan(20);
      await expect(s.metrics.list(ctx, { filter: {}, sort: 'doc' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });

    it('counts by dimension', async () => {
      const stats = await s.metrics.stats(ctx);
      expect(stats.total).toBeGreaterThan(20);
      expect(Object.values(stats.by.tier).reduce((a, b) => a + b, 0)).toBe(stats.total);
      expect(stats.by.classification.confidential).toBe(1);
    });
  });
}
