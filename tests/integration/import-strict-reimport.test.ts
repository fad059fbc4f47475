import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';
import { metric, postImport } from '../helpers/transfer.js';

/**
 * Under the strict reference policy an import refuses the unresolved references it adds, exactly as a
 * single write does: a record whose stored version already holds an unresolved reference (a planned
 * metric, a target force-deleted since) may be re-imported, unchanged or edited elsewhere.
 */
const planned = (over: object = {}) => metric('SR-1', { relationships: { upstream_metric_ids: ['SR-PLANNED'] }, ...over });

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`strict re-import on ${engine.label}`, () => {
    let t: TestApp;
    let held = 0;
    beforeAll(async () => {
      t = await createTestApp(engine.name);
      const first = await postImport(t.app, [planned()]);
      expect(first.statusCode, first.body).toBe(200);
      held = first.json().unresolved_total;
      expect(first.json().unresolved.map((u: { target_id: string }) => u.target_id)).toContain('SR-PLANNED');
    });
    afterAll(async () => t?.close());

    it('re-imports an unchanged record that holds an old unresolved reference', async () => {
      const r = await postImport(t.app, [planned()], { query: 'strict=true' });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ reference_policy: 'strict', counts: { metric: { unchanged: 1 } }, });
      expect(r.json().unresolved_total).toBe(held);
    });

    it('imports an edit that keeps the old reference, and refuses one that adds a new unresolved reference', async () => {
      const kept = await postImport(t.app, [planned({ description: 'edited' })], { query: 'strict=true' });
      expect(kept.statusCode, kept.body).toBe(200);
      expect(kept.json().counts.metric.updated).toBe(1);
      const added = await postImport(t.app, [metric('SR-1', { description: 'edited', relationships: { upstream_metric_ids: ['SR-PLANNED', 'SR-OTHER'] } })], { query: 'strict=true' });
      expect(added.statusCode).toBe(422);
      expect(JSON.stringify(added.json().error.details.errors)).toMatch(/unknown metric \\"SR-OTHER\\"/);
      expect(JSON.stringify(added.json().error.details.errors)).not.toMatch(/SR-PLANNED/);
    });
  });
}
