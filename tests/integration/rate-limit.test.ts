import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { RateLimitOptions } from '../../src/http/rate-limit.js';
import { createRedisClient } from '../../src/http/redis.js';
import { createServices, type Services } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { TEST_PASSWORD } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

/**
 * The API rate limit: exact boundaries with headers, principal vs IP keys, failed credentials,
 * window expiry, limits shared through Redis, and the in-process fallback when Redis is gone.
 * Redis suites run when MDL_TEST_REDIS_URL is set; the machine's Redis server is never stopped.
 */
const REDIS_URL = process.env.MDL_TEST_REDIS_URL;
const STORES = [
  { name: 'in-process', redis: false, available: true },
  { name: REDIS_URL ? 'Redis' : 'Redis (SKIPPED: MDL_TEST_REDIS_URL not set)', redis: true, available: Boolean(REDIS_URL) },
];

interface LimitedApp {
  app: FastifyInstance;
  services: Services;
  tdb: TestDatabase;
  logLines: string[];
  /** Creates a user and returns a fresh access token (each call opens another session). */
  tokenFor(email: string): Promise<string>;
  close(): Promise<void>;
}

async function limitedApp(rateLimit: RateLimitOptions, tdb?: TestDatabase): Promise<LimitedApp> {
  const db = tdb ?? (await createTestDatabase('sqlite'));
  const services = createServices(db.db);
  const logLines: string[] = [];
  const app = await buildApp({
    config: { bodyLimit: 1024 * 1024, importBodyLimit: 1024 * 1024, requestTimeoutMs: 30_000 },
    db: db.db,
    services,
    rateLimit,
    logger: { level: 'warn', stream: { write: (line: string) => logLines.push(line) } },
  });
  const created = new Set<string>();
  return {
    app, services, tdb: db, logLines,
    async tokenFor(email) {
      if (!created.has(email) && !(await db.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())) {
        await services.identity.users.createUser(localContext('test'), { email, password: TEST_PASSWORD, membership: { workspaceId: 'default', role: 'viewer' } });
      }
      created.add(email);
      return (await services.login.login(email, TEST_PASSWORD, 'default', {})).access_token;
    },
    async close() {
      await app.close();
      if (!tdb) await db.destroy();
    },
  };
}

function get(app: FastifyInstance, url: string, opts: Partial<InjectOptions> = {}): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, ...opts });
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

function expectAllowed(res: LightMyRequestResponse, limit: number, remaining: number) {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['ratelimit-limit']).toBe(String(limit));
  expect(res.headers['ratelimit-remaining']).toBe(String(remaining));
  expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThan(0);
}

function expectRefused(res: LightMyRequestResponse, limit: number, windowSeconds: number) {
  expect(res.statusCode, res.body).toBe(429);
  expect(res.json()).toEqual({
    error: { code: 'RATE_LIMITED', message: expect.stringMatching(/rate limit exceeded/), details: { retryAfterSeconds: expect.any(Number), limit } },
    requestId: expect.any(String),
  });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(res.headers['ratelimit-limit']).toBe(String(limit));
  expect(res.headers['ratelimit-remaining']).toBe('0');
  expect(res.headers['ratelimit-reset']).toBe(String(retryAfter));
}

async function readyClient(url: string): Promise<Redis> {
  const client = createRedisClient(url);
  if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
  return client;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

for (const store of STORES) {
  describe.skipIf(!store.available)(`API rate limit, ${store.name}`, () => {
    let redis: Redis | undefined;
    const prefixes: string[] = [];
    let prefix = '';
    /** The options for this store: on Redis, a fresh key prefix for each app. */
    const opts = (o: RateLimitOptions): RateLimitOptions => {
      if (!store.redis) return o;
      prefix = `mdl-test:${randomUUID()}:`;
      prefixes.push(prefix);
      return { ...o, redis, redisPrefix: prefix };
    };

    beforeAll(async () => {
      if (store.redis) redis = await readyClient(REDIS_URL!);
    });
    afterAll(async () => {
      if (redis) {
        for (const p of prefixes) {
          const keys = await redis.keys(`${p}*`);
          if (keys.length) await redis.del(...keys);
        }
        redis.disconnect();
      }
    });

    it('allows exactly N requests per IP in a window and refuses the N+1-th with Retry-After and RateLimit headers', async () => {
      const t = await limitedApp(opts({ max: 3, windowMs: 60_000 }));
      try {
        for (let i = 0; i < 3; i++) expectAllowed(await get(t.app, '/health/live'), 3, 2 - i);
        expectRefused(await get(t.app, '/health/live'), 3, 60);
        expectRefused(await get(t.app, '/api/v1/setup'), 3, 60); // one bucket per IP across routes
        // Another client address has its own window.
        expectAllowed(await get(t.app, '/health/live', { remoteAddress: '10.0.0.2' }), 3, 2);
        if (store.redis) expect(await redis!.exists(`${prefix}rl:ip:127.0.0.1`)).toBe(1);
      } finally {
        await t.close();
      }
    });

    it('keys authenticated requests by principal: all of a user\'s sessions share one window; other users and the IP do not', async () => {
      const t = await limitedApp(opts({ max: 3, windowMs: 60_000 }));
      try {
        const [a1, a2, b] = [await t.tokenFor('a@example.com'), await t.tokenFor('a@example.com'), await t.tokenFor('b@example.com')];
        expectAllowed(await get(t.app, '/api/v1/metrics', bearer(a1)), 3, 2);
        expectAllowed(await get(t.app, '/api/v1/metrics', bearer(a2)), 3, 1);
        expectAllowed(await get(t.app, '/api/v1/metrics', { ...bearer(a1), remoteAddress: '10.9.9.9' }), 3, 0); // the principal, wherever it comes from
        expectRefused(await get(t.app, '/api/v1/metrics', bearer(a2)), 3, 60);
        expectAllowed(await get(t.app, '/api/v1/metrics', bearer(b)), 3, 2);
        expectAllowed(await get(t.app, '/health/live'), 3, 2); // anonymous: the IP's own window

        // An API key is its own principal.
        const created = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', ...bearer(b), payload: { name: 'ci', scopes: ['metrics:read'] } });
        expect(created.statusCode).toBe(201);
        const key = created.json().key as string;
        for (let i = 0; i < 3; i++) expectAllowed(await get(t.app, '/api/v1/metrics', { headers: { 'x-api-key': key } }), 3, 2 - i);
        expectRefused(await get(t.app, '/api/v1/metrics', { headers: { 'x-api-key': key } }), 3, 60);
        expectAllowed(await get(t.app, '/api/v1/metrics', bearer(b)), 3, 0); // b: one list and the key creation before this
        expectRefused(await get(t.app, '/api/v1/metrics', bearer(b)), 3, 60);
      } finally {
        await t.close();
      }
    });

    it('counts rejected credentials per IP and refuses more before checking them', async () => {
      const t = await limitedApp(opts({ max: 3, windowMs: 60_000 }));
      try {
        for (let i = 0; i < 3; i++) expect((await get(t.app, '/api/v1/metrics', bearer(`not-a-token-${i}`))).statusCode).toBe(401);
        expectRefused(await get(t.app, '/api/v1/metrics', bearer('not-a-token-3')), 3, 60);
        expectRefused(await get(t.app, '/api/v1/metrics'), 3, 60); // no credential at all: same IP, same answer
        expect((await get(t.app, '/api/v1/metrics', { ...bearer('x'), remoteAddress: '10.0.0.7' })).statusCode).toBe(401);
        // Public routes do not look at that bucket.
        expectAllowed(await get(t.app, '/health/live'), 3, 2);
      } finally {
        await t.close();
      }
    });

    it('opens a new window once the old one has passed', async () => {
      let now = Date.now();
      const windowMs = store.redis ? 300 : 60_000;
      const t = await limitedApp(opts({ max: 2, windowMs, now: () => now }));
      try {
        expectAllowed(await get(t.app, '/health/live'), 2, 1);
        expectAllowed(await get(t.app, '/health/live'), 2, 0);
        expectRefused(await get(t.app, '/health/live'), 2, Math.ceil(windowMs / 1000));
        if (store.redis) await new Promise((r) => setTimeout(r, windowMs + 50));
        else now += windowMs;
        expectAllowed(await get(t.app, '/health/live'), 2, 1);
      } finally {
        await t.close();
      }
    });
  });
}

describe.skipIf(!REDIS_URL)(`Rate limits shared through ${REDIS_URL ? 'Redis' : 'Redis (SKIPPED: MDL_TEST_REDIS_URL not set)'}`, () => {
  let redis: Redis;
  const prefix = `mdl-test:${randomUUID()}:`;
  beforeAll(async () => { redis = await readyClient(REDIS_URL!); });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('holds one limit across two instances', async () => {
    const tdb = await createTestDatabase('sqlite');
    const one = await limitedApp({ max: 3, windowMs: 60_000, redis, redisPrefix: prefix }, tdb);
    const two = await limitedApp({ max: 3, windowMs: 60_000, redis, redisPrefix: prefix }, tdb);
    try {
      expectAllowed(await get(one.app, '/health/live'), 3, 2);
      expectAllowed(await get(two.app, '/health/live'), 3, 1);
      expectAllowed(await get(one.app, '/health/live'), 3, 0);
      expectRefused(await get(two.app, '/health/live'), 3, 60);
      expectRefused(await get(one.app, '/health/live'), 3, 60);
    } finally {
      await one.close();
      await two.close();
      await tdb.destroy();
    }
  });

  it('keeps limiting, in-process and without waiting, when its own connection is dropped mid-test; warns once', async () => {
    const own = await readyClient(REDIS_URL!);
    const t = await limitedApp({ max: 3, windowMs: 60_000, redis: own, redisPrefix: `${prefix}drop:` });
    try {
      expectAllowed(await get(t.app, '/health/live'), 3, 2);
      expect(await redis.get(`${prefix}drop:rl:ip:127.0.0.1`)).toBe('1');
      own.disconnect(); // only this client: the server keeps running for everyone else
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        expectAllowed(await get(t.app, '/health/live'), 3, 2 - i); // the in-process window starts afresh
        expect(performance.now() - start).toBeLessThan(250); // the whole request; the store alone answers in < 100 ms (unit test)
      }
      expectRefused(await get(t.app, '/health/live'), 3, 60);
      const warnings = t.logLines.filter((l) => l.includes('Redis unavailable'));
      expect(warnings).toHaveLength(1);
      expect(await redis.get(`${prefix}drop:rl:ip:127.0.0.1`)).toBe('1'); // nothing reached Redis meanwhile
    } finally {
      await t.close();
      own.disconnect();
    }
  });
});

describe('Rate limits with Redis unreachable (nothing listens on the port)', () => {
  let redis: Redis;
  let t: LimitedApp;
  beforeAll(async () => {
    redis = createRedisClient(`redis://127.0.0.1:${await closedPort()}`);
    t = await limitedApp({ max: 3, windowMs: 60_000, loginMaxFailures: 2, redis });
  });
  afterAll(async () => {
    await t?.close();
    redis?.disconnect();
  });

  it('enforces the limit in-process, answers at once, and warns once', async () => {
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      expectAllowed(await get(t.app, '/health/live'), 3, 2 - i);
      expect(performance.now() - start).toBeLessThan(250); // the whole request; the store alone answers in < 100 ms (unit test)
    }
    expectRefused(await get(t.app, '/health/live'), 3, 60);
    expect(t.logLines.filter((l) => l.includes('Redis unavailable'))).toHaveLength(1);
  });

  it('never fails open on authentication: the login throttle still refuses', async () => {
    await t.tokenFor('outage@example.com');
    const login = (password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.1.1.1', payload: { email: 'outage@example.com', password } });
    expect((await login('wrong password, one')).statusCode).toBe(401);
    expect((await login('wrong password, two')).statusCode).toBe(401);
    const refused = await login(TEST_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});
