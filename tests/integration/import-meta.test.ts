import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { exportText, metric, postImport } from '../helpers/transfer.js';

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`catalog-level fields on import (${engine.label})`, () => {
    let t: TestApp;
    beforeAll(async () => { t = await createTestApp(engine.name); });
    afterAll(async () => t?.close());

    it('keeps unknown top-level keys of a collection file and reports catalog field changes', async () => {
      const collection = { note: 'kept', owner_hint: { team: 'x' }, domains: [{ domain_id: 'revenue', name: 'Revenue' }], metrics: [metric('MC-1')] };
      const first = await postImport(t.app, collection);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().catalog_meta).toBe('created');
      expect(JSON.parse(await exportText(t.app, 'json'))).toMatchObject({ note: 'kept', owner_hint: { team: 'x' } });
      expect((await postImport(t.app, collection)).json().catalog_meta).toBe('unchanged');

      const catalog = { catalog_version: '2', catalog_name: 'Renamed', owner_team: 'a', contacts: [], metrics: [metric('MC-1')] };
      const dry = await postImport(t.app, catalog, { query: 'dry_run=true' });
      expect(dry.json().catalog_meta).toBe('updated');
      expect(JSON.parse(await exportText(t.app, 'json')).note).toBe('kept');
      expect((await postImport(t.app, catalog)).json().catalog_meta).toBe('updated');
      const exported = JSON.parse(await exportText(t.app, 'json'));
      expect(exported.catalog_name).toBe('Renamed');
      // A catalog file states the catalog fields whole: keys it does not carry are replaced.
      expect(exported.note).toBeUndefined();
    });
  });
}
