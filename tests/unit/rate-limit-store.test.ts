import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient, describeRedis } from '../../src/http/redis.js';
import { MemoryCounterStore, RedisCounterStore, ResilientCounterStore, type OutageLog } from '../../src/http/rate-limit-store.js';
import { LoginThrottle } from '../../src/modules/auth/login-throttle.js';
import { AuthenticationError, RateLimitedError, ValidationError } from '../../src/shared/errors.js';

const REDIS_URL = process.env.MDL_TEST_REDIS_URL;
const REDIS_LABEL = REDIS_URL ? 'Redis' : 'Redis (SKIPPED: MDL_TEST_REDIS_URL not set)';

function recordingLog(): OutageLog & { warns: string[]; infos: string[] } {
  const warns: string[] = [];
  const infos: string[] = [];
  return { warns, infos, warn: (_o, m) => warns.push(m), info: (_o, m) => infos.push(m) };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

async function ready(client: Redis): Promise<void> {
  if (client.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    setTimeout(() => reject(new Error(`redis not ready: ${client.status}`)), 5000).unref();
  });
}

describe('MemoryCounterStore', () => {
  let now = 1_000_000;
  const store = () => new MemoryCounterStore(() => now);

  it('counts hits in a fixed window and starts over when it ends', async () => {
    const s = store();
    expect(await s.hit('k', 1000)).toEqual({ count: 1, ttlMs: 1000 });
    now += 400;
    expect(await s.hit('k', 1000)).toEqual({ count: 2, ttlMs: 600 });
    expect(await s.peek('k')).toEqual({ count: 2, ttlMs: 600 });
    now += 600;
    expect(await s.peek('k')).toEqual({ count: 0, ttlMs: 0 });
    expect(await s.hit('k', 1000)).toEqual({ count: 1, ttlMs: 1000 });
    expect(await s.peek('other')).toEqual({ count: 0, ttlMs: 0 });
  });

  it('re-arms the window at the given count, takes hits back and forgets keys', async () => {
    const s = store();
    await s.hit('k', 1000, 3);
    now += 900;
    await s.hit('k', 1000, 3);
    expect(await s.hit('k', 1000, 3)).toEqual({ count: 3, ttlMs: 1000 }); // lockout: a full window from here
    now += 500;
    expect(await s.hit('k', 1000, 3)).toEqual({ count: 4, ttlMs: 500 }); // later hits do not extend it
    await s.release('k');
    expect((await s.peek('k')).count).toBe(3);
    await s.reset('k');
    expect(await s.peek('k')).toEqual({ count: 0, ttlMs: 0 });
    await s.release('k');
    expect(await s.peek('k')).toEqual({ count: 0, ttlMs: 0 }); // release never opens a window
  });

  it('stays bounded: expired windows are swept, then the oldest keys go', async () => {
    const s = new MemoryCounterStore(() => now, 10);
    for (let i = 0; i < 10; i++) await s.hit(`old-${i}`, 100);
    now += 200;
    for (let i = 0; i < 25; i++) await s.hit(`new-${i}`, 10_000);
    expect(s.size).toBeLessThanOrEqual(10);
    expect((await s.peek('new-24')).count).toBe(1);
  });
});

describe('LoginThrottle', () => {
  let now = 5_000_000;
  const make = () => new LoginThrottle(new MemoryCounterStore(() => now), { maxFailures: 5, windowMs: 15 * 60_000 });
  const wrong = () => Promise.reject(new AuthenticationError('invalid email or password'));

  it('keys by purpose, IP and a hash of the lower-cased subject, IPv6 by /64', () => {
    const k = LoginThrottle.key('login', '10.0.0.1', 'Alice@Example.com ');
    expect(k).toBe(LoginThrottle.key('login', '10.0.0.1', 'alice@example.com'));
    // One address in either Unicode form is one key (as normalizeEmail makes it one account): 5 guesses, not 5 per form.
    expect(LoginThrottle.key('login', '10.0.0.1', 'jos\u00e9@x.example')).toBe(LoginThrottle.key('login', '10.0.0.1', 'jose\u0301@x.example'));
    expect(k).not.toContain('alice');
    expect(k).not.toBe(LoginThrottle.key('login', '10.0.0.2', 'alice@example.com'));
    expect(k).not.toBe(LoginThrottle.key('mfa', '10.0.0.1', 'alice@example.com'));
    expect(LoginThrottle.key('refresh', '2001:db8:1:2:aaaa::1')).toBe(LoginThrottle.key('refresh', '2001:db8:1:2:bbbb::9'));
    expect(LoginThrottle.key('refresh', '::ffff:10.0.0.1')).toBe(LoginThrottle.key('refresh', '10.0.0.1'));
  });

  it('check/fail/reset by hand: refused after 5 failures, with the time to wait, until the window has passed', async () => {
    const t = make();
    const key = LoginThrottle.key('mfa', '10.0.0.1', 'user-1');
    for (let i = 0; i < 5; i++) {
      await t.check(key);
      await t.fail(key);
    }
    const err = await t.check(key).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 900, limit: 5 } });
    now += 15 * 60_000 - 1;
    await expect(t.check(key)).rejects.toMatchObject({ details: { retryAfterSeconds: 1 } });
    now += 1;
    await expect(t.check(key)).resolves.toBeUndefined();
    await t.fail(key);
    await t.reset(key);
    await expect(t.check(key)).resolves.toBeUndefined();
  });

  it('guard: counts credential failures only, clears on success, refuses before running the check', async () => {
    const t = make();
    const key = LoginThrottle.key('login', '10.0.0.1', 'bob@example.com');
    let ran = 0;
    const right = async () => { ran++; return 'ok'; };
    for (let i = 0; i < 4; i++) await expect(t.guard(key, wrong)).rejects.toBeInstanceOf(AuthenticationError);
    for (let i = 0; i < 10; i++) await expect(t.guard(key, () => Promise.reject(new ValidationError('bad', [])))).rejects.toBeInstanceOf(ValidationError);
    await expect(t.guard(key, right)).resolves.toBe('ok'); // success: the four failures are forgotten
    for (let i = 0; i < 5; i++) await expect(t.guard(key, wrong)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(t.guard(key, right)).rejects.toBeInstanceOf(RateLimitedError);
    expect(ran).toBe(1); // refused without running the check
  });

  it('guard: N concurrent wrong guesses cannot overshoot the limit', async () => {
    const t = make();
    const key = LoginThrottle.key('login', '10.0.0.1', 'carol@example.com');
    let checked = 0;
    const slowWrong = async () => { checked++; await new Promise((r) => setTimeout(r, 20)); throw new AuthenticationError('no'); };
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => t.guard(key, slowWrong)));
    const reasons = results.map((r) => (r.status === 'rejected' ? (r.reason as Error).constructor.name : 'ok'));
    expect(reasons.filter((r) => r === 'AuthenticationError')).toHaveLength(5);
    expect(reasons.filter((r) => r === 'RateLimitedError')).toHaveLength(7);
    expect(checked).toBe(5);
  });
});

describe('ResilientCounterStore when Redis is unreachable', () => {
  it('answers from the in-process store within 100 ms when nothing listens on the port, and warns once', async () => {
    const client = createRedisClient(`redis://127.0.0.1:${await closedPort()}`);
    try {
      const log = recordingLog();
      const store = new ResilientCounterStore(new RedisCounterStore(client, `t:${randomUUID()}:`), new MemoryCounterStore(), { log });
      for (let i = 1; i <= 20; i++) {
        const { value, ms } = await timed(() => store.hit('k', 60_000));
        expect(value.count).toBe(i);
        expect(ms).toBeLessThan(100);
      }
      expect((await timed(() => store.peek('k'))).ms).toBeLessThan(100);
      expect(store.degraded).toBe(true);
      expect(log.warns).toHaveLength(1);
    } finally {
      client.disconnect();
    }
  });

  describe('a Redis that accepts connections but never answers', () => {
    let server: Server;
    const sockets = new Set<Socket>();
    let received = 0; // commands (chunks) the silent server was sent
    beforeAll(async () => {
      server = createServer((s) => { sockets.add(s); s.on('data', () => { received++; }); });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => server.close(resolve));
    });

    it('gives up after the time budget, skips Redis for a while, and warns once', async () => {
      const { port } = server.address() as AddressInfo;
      // No ready check, so the client reports "ready" at once and the commands themselves hang.
      const client = new Redis({ port, host: '127.0.0.1', enableReadyCheck: false, disableClientInfo: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      client.on('error', () => undefined);
      try {
        await ready(client);
        const log = recordingLog();
        const store = new ResilientCounterStore(new RedisCounterStore(client), new MemoryCounterStore(), { log, timeoutMs: 50, retryAfterMs: 60_000 });
        const first = await timed(() => store.hit('k', 60_000));
        expect(first.value.count).toBe(1);
        expect(first.ms).toBeGreaterThanOrEqual(45);
        expect(first.ms).toBeLessThan(100);
        const sentBefore = received;
        for (let i = 2; i <= 10; i++) {
          const next = await timed(() => store.hit('k', 60_000));
          expect(next.value.count).toBe(i);
          expect(next.ms).toBeLessThan(100);
        }
        // Not asked again until retryAfterMs has passed: counted on the wire, not inferred from timing.
        await new Promise((r) => setTimeout(r, 20));
        expect(received).toBe(sentBefore);
        expect(log.warns).toHaveLength(1);
      } finally {
        client.disconnect();
      }
    });
  });
});

describe.skipIf(!REDIS_URL)(`RedisCounterStore on ${REDIS_LABEL}`, () => {
  let client: Redis;
  const prefix = `mdl-test:${randomUUID()}:`;
  beforeAll(async () => {
    client = createRedisClient(REDIS_URL!);
    await ready(client);
  });
  afterEach(async () => {
    if (client.status !== 'ready') return;
    const keys = await client.keys(`${prefix}*`);
    if (keys.length) await client.del(...keys);
  });
  afterAll(() => client?.disconnect());

  it('counts atomically with a server-side expiry, re-arms, releases and resets', async () => {
    const s = new RedisCounterStore(client, prefix);
    const hits = await Promise.all(Array.from({ length: 50 }, () => s.hit('k', 60_000)));
    expect(hits.map((h) => h.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await client.pttl(`${prefix}k`)).toBeGreaterThan(59_000);
    expect((await s.peek('k')).count).toBe(50);
    await s.release('k');
    expect((await s.peek('k')).count).toBe(49);
    await s.reset('k');
    expect(await s.peek('k')).toEqual({ count: 0, ttlMs: 0 });
    await s.release('k');
    expect(await client.exists(`${prefix}k`)).toBe(0); // release never creates a key without expiry

    await s.hit('lock', 200, 2);
    await new Promise((r) => setTimeout(r, 100));
    expect((await s.hit('lock', 200, 2)).ttlMs).toBeGreaterThan(150); // re-armed at the 2nd hit
    await new Promise((r) => setTimeout(r, 250));
    expect(await s.peek('lock')).toEqual({ count: 0, ttlMs: 0 });
  });

  it('falls back when the connection is dropped mid-use, then shares counts again once it is back', async () => {
    const own = createRedisClient(REDIS_URL!);
    try {
      await ready(own);
      const log = recordingLog();
      const store = new ResilientCounterStore(new RedisCounterStore(own, prefix), new MemoryCounterStore(), { log });
      expect((await store.hit('m', 60_000)).count).toBe(1);
      expect((await store.hit('m', 60_000)).count).toBe(2);
      own.disconnect(); // this client only: the server keeps running
      for (let i = 1; i <= 5; i++) {
        const { value, ms } = await timed(() => store.hit('m', 60_000));
        expect(value.count).toBe(i); // in-process counting starts afresh
        expect(ms).toBeLessThan(100);
      }
      expect(log.warns).toHaveLength(1);
      if (own.status !== 'end') await new Promise((resolve) => own.once('end', resolve));
      await own.connect();
      await ready(own);
      expect((await store.hit('m', 60_000)).count).toBe(3); // Redis kept the two shared hits
      expect(log.infos).toHaveLength(1);
      expect(store.degraded).toBe(false);
    } finally {
      own.disconnect();
    }
  });
});

describe('describeRedis', () => {
  it('never shows the password', () => {
    expect(describeRedis('redis://:s3cret@cache.internal:6380/2')).toBe('redis://cache.internal:6380/2');
    expect(describeRedis('rediss://user:pw@cache')).toBe('rediss://cache:6379');
  });
});
