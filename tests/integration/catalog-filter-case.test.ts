import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VocabularyRepository } from '../../src/modules/catalog/vocabulary-repository.js';
import { localContext } from '../../src/shared/context.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

/**
 * List filters over vocabularies (tier, category, type, status, classification, owner, tag, domain id or
 * name) match without regard to case: `mdl list --tier tier-1` finds `Tier-1` instead of "0 of 0".
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`case-insensitive list filters on ${engine.label}`, () => {
    let t: TestApp;
    const ids = async (query: string) => {
      const r = await t.app.inject({ method: 'GET', url: `/api/v1/metrics?${query}` });
      expect(r.statusCode, r.body).toBe(200);
      return (r.json().items as Array<{ metric_id: string }>).map((m) => m.metric_id).sort();
    };

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      const ctx = { ...localContext(), workspaceId: 'default' };
      await t.services.domains.create(ctx, sampleDomain({ domain_id: 'dom-rev', name: 'Revenue' }));
      await t.services.metrics.create(ctx, sampleMetric({ metric_id: 'M-1', tier: 'Tier-1', category: 'Financial', business_domain: 'dom-rev', tags: ['KPI'] }));
      await t.services.metrics.create(ctx, sampleMetric({ metric_id: 'M-2', tier: 'TIER-1', business_domain: 'Revenue', tags: ['kpi'] }));
      await t.services.metrics.create(ctx, sampleMetric({ metric_id: 'M-3', tier: 'Tier-2', business_domain: 'dom-rev', tags: ['ops'], governance: { owner_team: 'Data Platform', status: 'active' } }));
    });
    afterAll(async () => t?.close());

    it('matches every stored spelling of a value, in any case', async () => {
      expect(await ids('tier=tier-1')).toEqual(['M-1', 'M-2']);
      expect(await ids('tier=Tier-1')).toEqual(['M-1', 'M-2']);
      expect(await ids('tier=tier-2,TIER-1')).toEqual(['M-1', 'M-2', 'M-3']);
      expect(await ids('category=FINANCIAL')).toEqual(['M-1', 'M-2', 'M-3']); // 'Financial' and 'financial'
      expect(await ids('tag=Kpi')).toEqual(['M-1', 'M-2']);
      expect(await ids('owner=data%20platform')).toEqual(['M-3']);
      expect(await ids('status=ACTIVE')).toEqual(['M-1', 'M-2', 'M-3']);
    });

    it('finds metrics filed under a domain\'s id or its name, either spelled in any case', async () => {
      expect(await ids('domain=revenue')).toEqual(['M-1', 'M-2', 'M-3']);
      expect(await ids('domain=DOM-REV')).toEqual(['M-1', 'M-2', 'M-3']);
      expect(await ids('domain=revenue&tier=tier-2')).toEqual(['M-3']);
    });

    it('still answers nothing for a value no spelling matches', async () => {
      expect(await ids('tier=tier-3')).toEqual([]);
    });

    it('lists a vocabulary by index seeks, and gives up past its cap', async () => {
      const v = new VocabularyRepository();
      expect(await v.distinct(t.tdb.db, 'metrics', 'tier', 'default')).toEqual(expect.arrayContaining(['TIER-1', 'Tier-1', 'Tier-2']));
      expect(await v.distinct(t.tdb.db, 'metrics', 'tier', 'default', 2)).toBeUndefined();
      expect(await v.distinct(t.tdb.db, 'metrics', 'tier', 'elsewhere')).toEqual([]);
    });
  });
}
