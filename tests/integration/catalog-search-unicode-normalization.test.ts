import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

/**
 * Search normalises the query (NFKC) but indexed the stored text as written. Text in decomposed form
 * (NFD: "e" + U+0301, as macOS file names and some editors produce) was then found on SQLite (FTS5
 * folds diacritics) but not on PostgreSQL, not even by the exact text that was stored.
 */

const NFD_NAME = 'Cafe\u0301 Zo\u0308gling \uFB01nance'; // "Café Zögling ﬁnance", decomposed, with a ligature

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`search over text in any Unicode normal form on ${engine.label}`, () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/domains', payload: sampleDomain() })).statusCode).toBe(201);
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric({ metric_id: 'M-NFD', name: NFD_NAME, tags: ['kpi'] }) });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().name).toBe(NFD_NAME); // stored as written
    });
    afterAll(async () => t?.close());

    for (const q of ['Cafe\u0301', 'Café', 'café', 'Zo\u0308gling', 'Zögling', 'zög', '\uFB01nance', 'finance']) {
      it(`finds it by ${JSON.stringify(q)}`, async () => {
        const r = await t.app.inject({ method: 'GET', url: `/api/v1/metrics?q=${encodeURIComponent(q)}` });
        expect(r.statusCode, r.body).toBe(200);
        expect(r.json().items.map((m: { metric_id: string }) => m.metric_id)).toEqual(['M-NFD']);
      });
    }
  });
}
