import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pageLinks, pageSchema } from '../../src/http/list-query.js';
import { domainSchema } from '../../src/modules/domains/schema.js';
import { metricFilterQuery } from '../../src/modules/metrics/routes.js';
import { metricSchema } from '../../src/modules/metrics/schema.js';
import { objectiveSchema } from '../../src/modules/objectives/schema.js';
import { localContext } from '../../src/shared/context.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';
import { fixture, postImport } from '../helpers/transfer.js';

/**
 * Issue 10, "serve stored JSON as text": GET /{metrics,domains,objectives}/:id sends the stored
 * document text without parsing and re-serializing it. The contract must not move by a byte: for
 * every record of every fixture set, the body equals JSON.stringify of the parsed document (what the
 * route answered before), the content type is the JSON one, and the ETag is still the hash of the body.
 */
const SETS: Array<[name: string, type: string]> = [
  ['catalog.yaml', 'application/yaml'],
  ['catalog.json', 'application/json'],
  ['earlier-mdl/metrics.json', 'application/json'],
  ['earlier-mdl/domains.yaml', 'application/yaml'],
  ['earlier-mdl/objectives.yaml', 'application/yaml'],
  ['mdl-templates/template-metric.json', 'application/json'],
  ['mdl-templates/template-domain.json', 'application/json'],
];

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`stored-text GET on ${engine.label}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(engine.name);
      for (const [name, type] of SETS) {
        const r = await postImport(t.app, fixture(name), { type, query: 'continue_on_error=true' });
        expect(r.statusCode, `${name}: ${r.body}`).toBe(200);
      }
      // Hostile text: every escape JSON.stringify makes, lone surrogates refused upstream, astral and bidi characters.
      const odd = { metric_id: 'ODD-TEXT', name: 'quote " backslash \\ tab \t newline \n nul-free \u2028 \u2029 😀 \u202e', definition: { formula: 'a / b', unit: '%' } };
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/metrics', payload: odd })).statusCode).toBe(201);
    });
    afterAll(async () => t?.close());

    it('answers every stored record with exactly the bytes of the serialized document', async () => {
      const ctx = localContext('test', 'default');
      let checked = 0;
      for (const [kind, service, idField] of [['metrics', t.services.metrics, 'metric_id'], ['domains', t.services.domains, 'domain_id'], ['objectives', t.services.objectives, 'objective_id']] as const) {
        const page = await service.list(ctx, { filter: {}, limit: 500 });
        expect(page.items.length, kind).toBeGreaterThan(0);
        for (const doc of page.items as Array<Record<string, unknown>>) {
          const id = String(doc[idField]);
          const r = await t.app.inject({ method: 'GET', url: `/api/v1/${kind}/${encodeURIComponent(id)}` });
          expect(r.statusCode, id).toBe(200);
          const parsed = await service.get(ctx, id);
          expect(r.body, id).toBe(JSON.stringify(parsed.doc));
          expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
          expect(r.headers.etag).toBe(parsed.etag);
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(15);
    });

    it('answers every list page with exactly the bytes of the serialized, schema-valid page (stored texts spliced, not parsed)', async () => {
      const ctx = localContext('test', 'default');
      const kinds = [
        ['metrics', t.services.metrics, metricSchema, ['', 'sort=-updated_at', 'sort=name', 'q=revenue', 'status=active,Active']],
        ['domains', t.services.domains, domainSchema, ['', 'sort=-name']],
        ['objectives', t.services.objectives, objectiveSchema, ['', 'sort=-updated_at']],
      ] as const;
      let pages = 0;
      for (const [kind, service, schema, queries] of kinds) {
        for (const query of queries) {
          // Small pages, so cursors, next links and the last page's nulls are all crossed.
          let url: string | null = `/api/v1/${kind}?limit=3${query ? `&${query}` : ''}`;
          while (url) {
            const r = await t.app.inject({ method: 'GET', url });
            expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
            expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
            // What the route answered before splicing: the parsed page through the app's serializer
            // (JSON.stringify: app.ts sets it for every response schema), in pageSchema's key order.
            const u = new URL(url, 'http://x');
            const params = Object.fromEntries(u.searchParams);
            const { sort, limit, cursor, ...filters } = params;
            const filter = kind === 'metrics' ? z.object(metricFilterQuery).parse(filters) : {};
            const parsed = await service.list(ctx, { filter: filter as never, sort, limit: Number(limit), cursor });
            const page = { items: parsed.items, total: parsed.total, limit: Number(limit), next_cursor: parsed.nextCursor, links: pageLinks(url, parsed.nextCursor) };
            expect(Object.keys(page)).toEqual(Object.keys(pageSchema(schema).shape));
            expect(pageSchema(schema).safeParse(page).success, url).toBe(true);
            const expected = JSON.stringify(page);
            expect(r.body, url).toBe(expected);
            pages++;
            url = (JSON.parse(r.body) as { links: { next: string | null } }).links.next;
          }
        }
      }
      expect(pages).toBeGreaterThanOrEqual(12);
    });

    it('still answers 304 to a matching If-None-Match, and 404 in the one error shape', async () => {
      const first = await t.app.inject({ method: 'GET', url: '/api/v1/metrics/ODD-TEXT' });
      const again = await t.app.inject({ method: 'GET', url: '/api/v1/metrics/ODD-TEXT', headers: { 'if-none-match': String(first.headers.etag) } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      const missing = await t.app.inject({ method: 'GET', url: '/api/v1/metrics/NOPE-404' });
      expect(missing.statusCode).toBe(404);
      expect(JSON.parse(missing.body).error.code).toBe('NOT_FOUND');
    });
  });
}
