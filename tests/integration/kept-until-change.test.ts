import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { createServices } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { SecretBox } from '../../src/shared/secret-box.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';

/**
 * Issue 10: what is kept between requests must stay exact. "Counts without scanning": a list's total is
 * counted on the first page of a cursor chain
 * and carried in its cursors, so later pages do not count again. What must hold: the chain repeats the
 * first page's count; a fresh first page counts anew; a cursor sent with other filters, or with a
 * total that does not parse, is counted again for what was asked; and a cursor never carries a count
 * from one workspace into another. On SQLite counts are also kept until the database changes
 * (KeptWhile, tagged with the change token): writes here and through another connection must show at once. The workspace
 * guard's row is kept while auth_epoch stands still (KeptWhile, tagged with the epoch): a delete or restore elsewhere
 * shows once the epoch is read, and one made through this app at its next request.
 */
type Page = { items: Array<{ metric_id: string; tier?: string }>; total: number; next_cursor: string | null };

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`list totals per cursor chain on ${engine.label}`, () => {
    let t: TestApp;
    const get = async (url: string): Promise<Page> => {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as Page;
    };
    const create = async (id: string, tier: string) => {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/metrics', payload: { metric_id: id, name: id, tier, definition: { formula: 'a', unit: 'u' } } });
      expect(r.statusCode, r.body).toBe(201);
    };
    const decode = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const encode = (payload: Record<string, unknown>) => Buffer.from(JSON.stringify(payload)).toString('base64url');

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      for (let i = 0; i < 7; i++) await create(`M-${i}`, i % 2 === 0 ? 'Tier-1' : 'Tier-2');
    });
    afterAll(async () => t?.close());

    it('counts on the first page, repeats it along the chain, and counts anew on a fresh first page', async () => {
      const first = await get('/api/v1/metrics?limit=3');
      expect(first.total).toBe(7);
      await create('M-7', 'Tier-1');
      const second = await get(`/api/v1/metrics?limit=3&cursor=${first.next_cursor}`);
      expect(second.total).toBe(7); // carried, not recounted
      expect(second.items.map((m) => m.metric_id)).toEqual(['M-3', 'M-4', 'M-5']);
      const third = await get(`/api/v1/metrics?limit=3&cursor=${second.next_cursor}`);
      expect(third.items.map((m) => m.metric_id)).toEqual(['M-6', 'M-7']); // the rows themselves are live
      expect(third.total).toBe(7);
      expect((await get('/api/v1/metrics?limit=3')).total).toBe(8);
    });

    it('counts again when the cursor was counted for other filters', async () => {
      const all = await get('/api/v1/metrics?limit=2');
      expect(all.total).toBe(8);
      const tier1 = await get(`/api/v1/metrics?limit=2&tier=Tier-1&cursor=${all.next_cursor}`);
      expect(tier1.total).toBe(5); // M-0, M-2, M-4, M-6 and M-7
      expect(tier1.items.map((m) => m.tier)).toEqual(['Tier-1', 'Tier-1']);
    });

    it('ignores a forged or malformed carried total and counts', async () => {
      const first = await get('/api/v1/metrics?limit=2');
      const payload = decode(first.next_cursor!);
      expect(payload.n).toBe(8);
      for (const n of [-1, 1.5, 'many', 1e300]) {
        const page = await get(`/api/v1/metrics?limit=2&cursor=${encode({ ...payload, n })}`);
        expect(page.total, String(n)).toBe(8);
      }
      // A cursor from before chain counts (no n) still pages, and counts.
      const { n: _n, h: _h, ...old } = payload;
      expect((await get(`/api/v1/metrics?limit=2&cursor=${encode(old)}`)).total).toBe(8);
    });

    it('does not carry a count into another workspace', async () => {
      const first = await get('/api/v1/metrics?limit=2');
      // The same cursor read in a workspace with no metrics: its carried 8 is another workspace's count.
      const elsewhere = await t.services.metrics.listText(localContext('test', 'another-workspace'), { filter: {}, limit: 2, cursor: first.next_cursor! });
      expect(elsewhere.items).toEqual([]);
      expect(elsewhere.total).toBe(0);
    });

    it('keeps counts exact while they are kept between requests: own writes, other connections, filters', async () => {
      const total = async (q = '') => (await get(`/api/v1/metrics?limit=1${q}`)).total;
      const base = await total();
      const tier2 = await total('&tier=Tier-2');
      expect(await total()).toBe(base); // asked twice: the second may come from the kept count
      await create('M-NEW', 'Tier-2');
      expect(await total()).toBe(base + 1);
      expect(await total('&tier=Tier-2')).toBe(tier2 + 1);
      // An update that moves a metric out of a filter changes that filter's count, not the whole one.
      const moved = await t.app.inject({ method: 'PATCH', url: '/api/v1/metrics/M-NEW', payload: { tier: 'Tier-1' } });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(await total('&tier=Tier-2')).toBe(tier2);
      expect(await total()).toBe(base + 1);
      // Another connection to the same database (the CLI, a second server) writes: counted at once.
      const other = connect(t.tdb.config);
      try {
        const services = createServices(other, undefined, { secretBox: SecretBox.ephemeral() });
        await services.metrics.create(localContext('other-process', 'default'), { metric_id: 'M-ELSEWHERE', name: 'elsewhere', tier: 'Tier-2', definition: { formula: 'a', unit: 'u' } });
        expect(await total()).toBe(base + 2);
        expect(await total('&tier=Tier-2')).toBe(tier2 + 1);
        await services.metrics.delete(localContext('other-process', 'default'), 'M-ELSEWHERE', { force: true });
      } finally {
        await other.destroy();
      }
      expect(await total()).toBe(base + 1);
      const gone = await t.app.inject({ method: 'DELETE', url: '/api/v1/metrics/M-NEW?force=true' });
      expect(gone.statusCode, gone.body).toBe(204);
      expect(await total()).toBe(base);
      expect(await total('&tier=Tier-2')).toBe(tier2);
    });

    it('a workspace deleted or restored through another connection is read-only, then open, once auth_epoch is read', async () => {
      const ws = 'kept-ws';
      await t.login('kept-admin@example.com', 'admin', ws);
      // A viewer: in a deleted workspace even its reads are refused, by the guard alone (writers check again in their transaction).
      const { token } = await t.login('kept-viewer@example.com', 'viewer', ws);
      const read = () => t.as(token).inject({ method: 'GET', url: '/api/v1/metrics?limit=1' });
      expect((await read()).statusCode).toBe(200);
      expect((await read()).statusCode).toBe(200); // the guard's row is now kept
      const other = connect(t.tdb.config);
      try {
        const services = createServices(other, undefined, { secretBox: SecretBox.ephemeral() });
        await services.workspaces.softDelete(localContext('other-process', ws), ws, ws);
        // Another instance's change is read at the next auth_epoch poll (250 ms), as for a revoked credential.
        await t.syncAuth();
        const refused = await read();
        expect(refused.statusCode, refused.body).toBe(409);
        expect(refused.json().error.code).toBe('WORKSPACE_DELETED');
        await services.workspaces.restore(localContext('other-process', ws), ws);
        await t.syncAuth();
        expect((await read()).statusCode).toBe(200);
      } finally {
        await other.destroy();
      }
    });

    it('a workspace deleted through the API is read-only at the very next request', async () => {
      const ws = 'kept-ws-2';
      const { token } = await t.login('kept-admin-2@example.com', 'admin', ws);
      const viewer = (await t.login('kept-viewer-2@example.com', 'viewer', ws)).token;
      const read = () => t.as(viewer).inject({ method: 'GET', url: '/api/v1/metrics?limit=1' });
      expect((await read()).statusCode).toBe(200);
      expect((await read()).statusCode).toBe(200);
      const del = await t.as(token).inject({ method: 'DELETE', url: `/api/v1/workspaces/${ws}?confirm=${ws}` });
      expect(del.statusCode, del.body).toBe(200);
      // No syncAuth: the DELETE read auth_epoch before it answered.
      const refused = await read();
      expect(refused.statusCode, refused.body).toBe(409);
    });
  });
}
