import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdempotencyService, type Claim, type IdempotencyKeyId } from '../../src/modules/idempotency/service.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';

/** The stored-key service on every engine: claims, races, replays, expiry, abandonment and purging. */

const HOUR = 60 * 60 * 1000;
const RESPONSE = { statusCode: 201, headers: { 'content-type': 'application/json; charset=utf-8', location: '/x' }, body: '{"ok":true}' };

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`idempotency service on ${engine.label}`, () => {
    let tdb: TestDatabase;
    let service: IdempotencyService;
    let now = new Date('2030-01-01T00:00:00.000Z');
    const advance = (ms: number) => { now = new Date(now.getTime() + ms); };
    const id = (key: string, principal = 'user:u1'): IdempotencyKeyId => ({ workspaceId: 'default', principal, key });
    async function claim(key: string, hash = 'h1'): Promise<Claim> {
      const r = await service.begin(id(key), 'POST /x', hash);
      if (r.kind !== 'claimed') throw new Error(`expected a claim, got ${r.kind}`);
      return r.claim;
    }

    beforeAll(async () => {
      tdb = await createTestDatabase(engine.name);
      service = new IdempotencyService(tdb.db, { clock: () => now });
    });
    afterAll(async () => tdb?.destroy());

    it('claims a new key, then answers in progress, mismatch, and after completion the stored response', async () => {
      const c = await claim('a');
      expect(await service.begin(id('a'), 'POST /x', 'h1')).toEqual({ kind: 'in_progress' });
      expect(await service.begin(id('a'), 'POST /x', 'h2')).toEqual({ kind: 'mismatch' });
      expect(await service.complete(c, RESPONSE)).toBe(true);
      expect(await service.complete(c, RESPONSE)).toBe(false); // completed once
      expect(await service.begin(id('a'), 'POST /x', 'h1')).toEqual({ kind: 'replay', response: RESPONSE });
      expect(await service.begin(id('a'), 'POST /x', 'h2')).toEqual({ kind: 'mismatch' });
      // Other principals and workspaces have their own key spaces.
      expect((await service.begin(id('a', 'api_key:k1'), 'POST /x', 'h2')).kind).toBe('claimed');
    });

    it('lets exactly one of many racing requests claim a key', async () => {
      const results = await Promise.all(Array.from({ length: 12 }, () => service.begin(id('race'), 'POST /x', 'h1')));
      expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(1);
      expect(results.filter((r) => r.kind === 'in_progress')).toHaveLength(11);
    });

    it('gives a released key back: the next request runs', async () => {
      const c = await claim('released');
      expect(await service.release(c)).toBe(true);
      expect(await tdb.db.selectFrom('idempotency_keys').select('idem_key').where('idem_key', '=', 'released').execute()).toEqual([]);
      const again = await claim('released', 'h2');
      expect(await service.release(c)).toBe(false); // the old claim no longer owns the row
      expect(await service.complete(again, RESPONSE)).toBe(true);
      expect(await service.release(again)).toBe(false); // a completed key is not released
    });

    it('ignores and overwrites a key 24 h after its first use; the old claim cannot write any more', async () => {
      const c = await claim('expiring');
      advance(24 * HOUR - 1);
      expect((await service.begin(id('expiring'), 'POST /x', 'h2')).kind).toBe('mismatch');
      advance(1);
      const fresh = await claim('expiring', 'h2');
      expect(fresh.createdAt).toBe(now.toISOString());
      expect(await service.complete(c, RESPONSE)).toBe(false);
      expect(await service.complete(fresh, RESPONSE)).toBe(true);
      const row = await tdb.db.selectFrom('idempotency_keys').selectAll().where('idem_key', '=', 'expiring').executeTakeFirstOrThrow();
      expect(row).toMatchObject({ request_hash: 'h2', created_at: now.toISOString(), expires_at: new Date(now.getTime() + 24 * HOUR).toISOString(), status_code: 201 });
    });

    it('reclaims an in-flight key after staleAfterMs (its process died), only for the same request', async () => {
      const c = await claim('abandoned');
      advance(service.staleAfterMs - 1);
      expect((await service.begin(id('abandoned'), 'POST /x', 'h1')).kind).toBe('in_progress');
      advance(1);
      expect((await service.begin(id('abandoned'), 'POST /x', 'h2')).kind).toBe('mismatch');
      const taken = await claim('abandoned');
      expect(taken.createdAt).not.toBe(c.createdAt);
      expect(await service.complete(c, RESPONSE)).toBe(false);
      expect(await service.release(c)).toBe(false);
      expect(await service.complete(taken, RESPONSE)).toBe(true);
    });

    it('purges only the expired keys', async () => {
      await tdb.db.deleteFrom('idempotency_keys').execute();
      await service.complete(await claim('old-1'), RESPONSE);
      await claim('old-2'); // in flight: purged all the same once expired
      advance(12 * HOUR);
      await service.complete(await claim('young'), RESPONSE);
      advance(12 * HOUR);
      expect(await service.purgeExpired()).toBe(2);
      expect((await tdb.db.selectFrom('idempotency_keys').select('idem_key').execute()).map((r) => r.idem_key)).toEqual(['young']);
      expect(await service.purgeExpired()).toBe(0);
    });
  });
}
