import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Injector, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';
import { sampleMetric } from '../helpers/samples.js';

/**
 * GET /api/v1/metrics/governance-gaps: the overview's gap counts (no owner, PII without a
 * classification, deprecated and still referenced) with the first metrics of each, per workspace.
 */
type Gap = { count: number; metrics: Array<{ metric_id: string; name: string }> };
type Answer = Record<'no_owner' | 'pii_unclassified' | 'deprecated_referenced', Gap>;
const ids = (g: Gap) => g.metrics.map((m) => m.metric_id);

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`governance gaps on ${engine.label}`, () => {
    let t: TestApp;
    let other: Injector;
    const gaps = async (who: Injector = t.app): Promise<Answer> => {
      const r = await who.inject({ method: 'GET', url: '/api/v1/metrics/governance-gaps' });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as Answer;
    };
    const post = async (who: Injector, url: string, payload: object) => {
      const r = await who.inject({ method: 'POST', url, payload });
      expect(r.statusCode, r.body).toBe(201);
    };

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      const m = (metric_id: string, governance: Record<string, unknown>, over: Record<string, unknown> = {}) =>
        post(t.app, '/api/v1/metrics', sampleMetric({ metric_id, name: `Metric ${metric_id}`, governance, ...over }));
      await m('M-OK', { owner_team: 'finance', data_classification: 'internal', pii_involved: true, status: 'active' });
      await m('M-NOBODY', { data_classification: 'internal', status: 'active' });
      await m('M-TECH', { technical_owner: 'ann@example.com', status: 'active' }); // an owner, just not a team
      await m('M-PII', { owner_team: 'crm', pii_involved: true, status: 'active' });
      await m('M-PII-NOBODY', { pii_involved: true, status: 'active' });
      await m('M-OLD', { owner_team: 'finance', data_classification: 'internal', status: 'Deprecated' });
      await m('M-OLD-UNUSED', { owner_team: 'finance', data_classification: 'internal', status: 'deprecated' });
      await m('M-OLD-SELF', { owner_team: 'finance', data_classification: 'internal', status: 'deprecated' }, { relationships: { upstream_metric_ids: ['M-OLD-SELF'] } });
      await m('M-USER', { owner_team: 'finance', data_classification: 'internal', status: 'active' }, { relationships: { upstream_metric_ids: ['M-OLD'] } });
      await post(t.app, '/api/v1/objectives', { objective_id: 'OBJ-1', name: 'Grow', metric_ids: ['M-OLD', 'M-OLD'] });
      other = t.as((await t.login('other@example.com', 'editor', 'elsewhere')).token);
      await post(other, '/api/v1/metrics', sampleMetric({ metric_id: 'X-NOBODY', governance: { pii_involved: true, status: 'deprecated' } }));
      await post(other, '/api/v1/metrics', sampleMetric({ metric_id: 'X-USER', relationships: { upstream_metric_ids: ['M-OLD-UNUSED', 'X-NOBODY'] } }));
    });
    afterAll(async () => t?.close());

    it('counts each gap in the workspace and lists its metrics by id', async () => {
      const a = await gaps();
      expect(a.no_owner).toEqual({ count: 2, metrics: [{ metric_id: 'M-NOBODY', name: 'Metric M-NOBODY' }, { metric_id: 'M-PII-NOBODY', name: 'Metric M-PII-NOBODY' }] });
      expect(a.pii_unclassified.count).toBe(2);
      expect(ids(a.pii_unclassified)).toEqual(['M-PII', 'M-PII-NOBODY']);
      // Referenced by a metric and an objective (counted once); the self-reference and the other workspace's reference do not count.
      expect(a.deprecated_referenced).toEqual({ count: 1, metrics: [{ metric_id: 'M-OLD', name: 'Metric M-OLD' }] });
    });

    it('follows writes: an owner added or a reference removed closes the gap', async () => {
      expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/metrics/M-NOBODY', payload: { governance: { business_owner: 'bob' } } })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/metrics/M-USER', payload: { relationships: { upstream_metric_ids: [] } } })).statusCode).toBe(200);
      const a = await gaps();
      expect(ids(a.no_owner)).toEqual(['M-PII-NOBODY']);
      expect(a.deprecated_referenced.count).toBe(1); // the objective still names it
      expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/objectives/OBJ-1', payload: { metric_ids: [] } })).statusCode).toBe(200);
      expect((await gaps()).deprecated_referenced).toEqual({ count: 0, metrics: [] });
    });

    it('is scoped to the caller\'s workspace and caps the list at 20', async () => {
      const b = await gaps(other);
      expect(ids(b.no_owner)).toEqual(['X-NOBODY']);
      expect(ids(b.pii_unclassified)).toEqual(['X-NOBODY']);
      expect(ids(b.deprecated_referenced)).toEqual(['X-NOBODY']);
      for (let i = 0; i < 23; i++) await post(other, '/api/v1/metrics', sampleMetric({ metric_id: `X-${String(i).padStart(2, '0')}`, governance: { status: 'active' } }));
      const c = await gaps(other);
      expect(c.no_owner.count).toBe(24);
      expect(c.no_owner.metrics).toHaveLength(20);
      expect(c.no_owner.metrics[0]!.metric_id).toBe('X-00');
    });

    it('needs a credential', async () => {
      expect((await t.raw.inject({ method: 'GET', url: '/api/v1/metrics/governance-gaps' })).statusCode).toBe(401);
    });
  });
}
