import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCounterStore, RedisCounterStore, ResilientCounterStore } from '../../src/http/rate-limit-store.js';

/**
 * A stalled Redis (connected, never answering) costs one timeout, then nothing (issue 7, finding 5b).
 * The client here has its own command timeout equal to the store's budget, as src/http/redis.ts sets
 * it: that error used to win the race and was not taken for a timeout, so every operation waited.
 * Counted on the wire: after the first timeout only the probe's PINGs reach the server.
 */
describe('ResilientCounterStore on a stalled Redis', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let received = '';
  beforeAll(async () => {
    server = createServer((s) => { sockets.add(s); s.on('data', (d) => { received += d.toString('latin1').toLowerCase(); }); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => server.close(resolve));
  });

  it('waits one budget once, then skips Redis for every caller; probes at most once per retryAfterMs', async () => {
    const { port } = server.address() as AddressInfo;
    const client = new Redis({ port, host: '127.0.0.1', enableReadyCheck: false, disableClientInfo: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 50 });
    client.on('error', () => undefined);
    try {
      if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
      const store = new ResilientCounterStore(new RedisCounterStore(client), new MemoryCounterStore(), { timeoutMs: 50, retryAfterMs: 200 });
      const first = performance.now();
      expect((await store.hit('k', 60_000)).count).toBe(1);
      expect(performance.now() - first).toBeLessThan(100);
      const evals = () => received.split('\r\neval\r\n').length - 1;
      const sent = evals();
      // Parallel and sequential callers alike answer at once from the in-process store.
      const start = performance.now();
      await Promise.all(Array.from({ length: 20 }, () => store.hit('k', 60_000)));
      for (let i = 0; i < 20; i++) await store.peek('k');
      expect(performance.now() - start).toBeLessThan(50);
      expect((await store.peek('k')).count).toBe(21);
      // Over about a second, a probe every 200 ms at most, and no counter command at all.
      const pingsBefore = received.split('\r\nping\r\n').length - 1;
      await new Promise((r) => setTimeout(r, 1100));
      const pings = received.split('\r\nping\r\n').length - 1 - pingsBefore;
      expect(pings).toBeGreaterThanOrEqual(1);
      expect(pings).toBeLessThanOrEqual(6);
      expect(evals()).toBe(sent);
      expect(store.degraded).toBe(true);
    } finally {
      client.disconnect();
    }
  });
});
