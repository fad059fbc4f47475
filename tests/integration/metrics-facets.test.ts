import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Injector, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';
import { sampleMetric } from '../helpers/samples.js';

/**
 * GET /api/v1/metrics/facets: counts per value of each facet, with the OTHER facets' filters applied but
 * not its own (so a ticked value's siblings stay choosable), capped at 50 values plus an `other` count,
 * within the caller's workspace only.
 */
type Facet = { values: Array<{ value: string; count: number }>; other: number };
type Answer = { total: number; facets: Record<string, Facet> };
const asMap = (f: Facet) => Object.fromEntries(f.values.map((v) => [v.value, v.count]));

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`metric facets on ${engine.label}`, () => {
    let t: TestApp;
    let other: Injector;
    const facets = async (query = '', who: Injector = t.app): Promise<Answer> => {
      const r = await who.inject({ method: 'GET', url: `/api/v1/metrics/facets${query ? `?${query}` : ''}` });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as Answer;
    };
    const post = async (who: Injector, m: ReturnType<typeof sampleMetric>) => {
      const r = await who.inject({ method: 'POST', url: '/api/v1/metrics', payload: m });
      expect(r.statusCode, r.body).toBe(201);
    };

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      const gov = (owner_team: string, data_classification: string, status: string) => ({ owner_team, data_classification, status, pii_involved: false });
      await post(t.app, sampleMetric({ metric_id: 'M-1', name: 'Revenue growth', tier: 'Tier-1', business_domain: 'sales', metric_type: 'ratio', tags: ['kpi', 'growth'], governance: gov('finance', 'internal', 'active') }));
      await post(t.app, sampleMetric({ metric_id: 'M-2', name: 'Churned revenue', tier: 'Tier-1', business_domain: 'sales', metric_type: 'currency', tags: ['kpi'], governance: gov('finance', 'confidential', 'active') }));
      await post(t.app, sampleMetric({ metric_id: 'M-3', name: 'Page latency', tier: 'Tier-2', business_domain: 'ops', metric_type: 'ratio', tags: ['sre'], governance: gov('platform', 'internal', 'deprecated') }));
      await post(t.app, sampleMetric({ metric_id: 'M-4', name: 'Error budget', tier: 'Tier-3', business_domain: 'ops', metric_type: 'count', tags: [], governance: gov('platform', 'public', 'active') }));
      // Another workspace with values of its own and the same ones: never counted for `default`.
      other = t.as((await t.login('other@example.com', 'editor', 'elsewhere')).token);
      for (let i = 0; i < 3; i++) await post(other, sampleMetric({ metric_id: `X-${i}`, name: 'Revenue elsewhere', tier: 'Tier-1', business_domain: 'sales', tags: ['kpi', 'foreign'], governance: gov('intruders', 'internal', 'active') }));
    });
    afterAll(async () => t?.close());

    it('counts every value of every facet in the workspace, empty values left out', async () => {
      const a = await facets();
      expect(a.total).toBe(4);
      expect(a.facets.tier).toEqual({ values: [{ value: 'Tier-1', count: 2 }, { value: 'Tier-2', count: 1 }, { value: 'Tier-3', count: 1 }], other: 0 });
      expect(asMap(a.facets.domain!)).toEqual({ sales: 2, ops: 2 });
      expect(asMap(a.facets.status!)).toEqual({ active: 3, deprecated: 1 });
      expect(asMap(a.facets.owner_team!)).toEqual({ finance: 2, platform: 2 });
      expect(asMap(a.facets.classification!)).toEqual({ internal: 2, confidential: 1, public: 1 });
      expect(asMap(a.facets.metric_type!)).toEqual({ ratio: 2, currency: 1, count: 1 });
      expect(a.facets.tag!.values).toEqual([{ value: 'kpi', count: 2 }, { value: 'growth', count: 1 }, { value: 'sre', count: 1 }]);
    });

    it('applies the other facets\' filters to a facet but not its own, and all of them to the total', async () => {
      const a = await facets('tier=Tier-1');
      expect(a.total).toBe(2);
      // Its own facet ignores tier=Tier-1: the other tiers stay choosable with their counts.
      expect(asMap(a.facets.tier!)).toEqual({ 'Tier-1': 2, 'Tier-2': 1, 'Tier-3': 1 });
      expect(asMap(a.facets.domain!)).toEqual({ sales: 2 });
      expect(asMap(a.facets.classification!)).toEqual({ internal: 1, confidential: 1 });
      expect(asMap(a.facets.tag!)).toEqual({ kpi: 2, growth: 1 });

      const b = await facets('tier=Tier-1,Tier-2&classification=internal');
      expect(b.total).toBe(2); // M-1, M-3
      expect(asMap(b.facets.tier!)).toEqual({ 'Tier-1': 1, 'Tier-2': 1 }); // internal only, any tier
      expect(asMap(b.facets.classification!)).toEqual({ internal: 2, confidential: 1 }); // Tier-1/2, any classification
      expect(asMap(b.facets.owner_team!)).toEqual({ finance: 1, platform: 1 });

      const c = await facets('tag=sre&owner_team=PLATFORM');
      expect(c.total).toBe(1);
      expect(asMap(c.facets.tag!)).toEqual({ sre: 1 }); // platform's metrics' tags (M-4 has none)
      expect(asMap(c.facets.owner_team!)).toEqual({ platform: 1 }); // owner_team is matched without regard to case
    });

    it('narrows by full-text q on every facet', async () => {
      const a = await facets('q=revenue');
      expect(a.total).toBe(2);
      expect(asMap(a.facets.domain!)).toEqual({ sales: 2 });
      expect(asMap(a.facets.tag!)).toEqual({ kpi: 2, growth: 1 });
      expect((await facets('q=revenue&metric_type=ratio')).total).toBe(1);
      const none = await facets('q=nothingmatches');
      expect(none.total).toBe(0);
      expect(none.facets.tier).toEqual({ values: [], other: 0 });
    });

    it('the list filtered by owner_team agrees with the facet', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/api/v1/metrics?owner_team=finance&tier=Tier-1' });
      expect(r.json().items.map((m: { metric_id: string }) => m.metric_id).sort()).toEqual(['M-1', 'M-2']);
      expect((await facets('owner_team=finance&tier=Tier-1')).total).toBe(r.json().total);
    });

    it('never counts another workspace\'s metrics, and counts only its own for that workspace', async () => {
      const a = await facets();
      expect(asMap(a.facets.owner_team!)).not.toHaveProperty('intruders');
      expect(asMap(a.facets.tag!)).not.toHaveProperty('foreign');
      const b = await facets('', other);
      expect(b.total).toBe(3);
      expect(asMap(b.facets.tag!)).toEqual({ kpi: 3, foreign: 3 });
      expect(asMap(b.facets.domain!)).toEqual({ sales: 3 });
    });

    it('caps a facet at 50 values, by count then value, and counts the rest as other', async () => {
      const many = Array.from({ length: 55 }, (_, i) => `t${String(i).padStart(2, '0')}`);
      await post(other, sampleMetric({ metric_id: 'X-many', tags: many }));
      await post(other, sampleMetric({ metric_id: 'X-more', tags: ['t54', 't53'] }));
      const tag = (await facets('', other)).facets.tag!;
      expect(tag.values).toHaveLength(50);
      expect(tag.values.slice(0, 4)).toEqual([{ value: 'foreign', count: 3 }, { value: 'kpi', count: 3 }, { value: 't53', count: 2 }, { value: 't54', count: 2 }]);
      expect(tag.values[4]).toEqual({ value: 't00', count: 1 });
      // 55 + 2 + 3 + 3 tag uses, 50 values shown holding 3+3+2+2+46 = 56.
      expect(tag.other).toBe(63 - 56);
    });

    it('answers 401 without credentials and 400 on a bad filter', async () => {
      const r = await t.raw.inject({ method: 'GET', url: '/api/v1/metrics/facets' });
      expect(r.statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/metrics/facets?q=${'x'.repeat(501)}` })).statusCode).toBe(400);
    });
  });
}
