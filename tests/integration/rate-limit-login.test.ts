import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
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
 * Credential-check throttling over HTTP: login, refresh and first-run setup. 5 failures per account
 * and IP (login) or per IP (refresh, setup) per 15 minutes; the 6th attempt is refused with 429 and
 * Retry-After whatever the credential. In-process with an injected clock; on Redis (when
 * MDL_TEST_REDIS_URL is set) with the server's own expiry.
 */
const REDIS_URL = process.env.MDL_TEST_REDIS_URL;
const STORES = [
  { name: 'in-process', redis: false, available: true },
  { name: REDIS_URL ? 'Redis' : 'Redis (SKIPPED: MDL_TEST_REDIS_URL not set)', redis: true, available: Boolean(REDIS_URL) },
];
const WINDOW_MS = 15 * 60_000;

interface ThrottledApp {
  app: FastifyInstance;
  services: Services;
  close(): Promise<void>;
}

async function throttledApp(rateLimit: RateLimitOptions, users: string[] = []): Promise<ThrottledApp> {
  const tdb: TestDatabase = await createTestDatabase('sqlite');
  const services = createServices(tdb.db);
  const app = await buildApp({ config: { bodyLimit: 1024 * 1024, importBodyLimit: 1024 * 1024, requestTimeoutMs: 30_000 }, db: tdb.db, services, rateLimit });
  for (const email of users) {
    await services.identity.users.createUser(localContext('test'), { email, password: TEST_PASSWORD, membership: { workspaceId: 'default', role: 'viewer' } });
  }
  return { app, services, async close() { await app.close(); await tdb.destroy(); } };
}

function expectThrottled(res: LightMyRequestResponse, maxSeconds: number) {
  expect(res.statusCode, res.body).toBe(429);
  expect(res.json()).toEqual({
    error: { code: 'RATE_LIMITED', message: expect.stringMatching(/too many failed attempts/), details: { retryAfterSeconds: expect.any(Number), limit: 5 } },
    requestId: expect.any(String),
  });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  expect(res.json().error.details.retryAfterSeconds).toBe(retryAfter);
  expect(res.headers['ratelimit-limit']).toBe('5');
  expect(res.headers['ratelimit-remaining']).toBe('0');
  expect(res.headers['ratelimit-reset']).toBe(String(retryAfter));
}

for (const store of STORES) {
  describe.skipIf(!store.available)(`Credential-check throttling, ${store.name}`, () => {
    let redis: Redis | undefined;
    const prefixes: string[] = [];
    let now = Date.now();
    const opts = (o: RateLimitOptions = {}): RateLimitOptions => {
      if (!store.redis) return { now: () => now, ...o };
      const redisPrefix = `mdl-test:${randomUUID()}:`;
      prefixes.push(redisPrefix);
      return { redis, redisPrefix, ...o };
    };

    beforeAll(async () => {
      if (!store.redis) return;
      redis = createRedisClient(REDIS_URL!);
      if (redis.status !== 'ready') await new Promise((resolve) => redis!.once('ready', resolve));
    });
    afterAll(async () => {
      if (!redis) return;
      for (const p of prefixes) {
        const keys = await redis.keys(`${p}*`);
        if (keys.length) await redis.del(...keys);
      }
      redis.disconnect();
    });

    describe('login', () => {
      let t: ThrottledApp;
      beforeAll(async () => {
        t = await throttledApp(opts(), ['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com']);
      });
      afterAll(async () => t?.close());
      const login = (email: string, password: string, remoteAddress = '10.0.0.1') =>
        t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { email, password } });

      it('refuses the 6th attempt after 5 failures for the same account and IP, even with the right password', async () => {
        for (let i = 0; i < 5; i++) expect((await login('alice@example.com', `wrong password ${i}`)).statusCode).toBe(401);
        expectThrottled(await login('alice@example.com', TEST_PASSWORD), WINDOW_MS / 1000);
        expectThrottled(await login('ALICE@example.com', TEST_PASSWORD), WINDOW_MS / 1000); // the same account, however spelt
        // A different IP, or a different account from the same IP, is not affected.
        expect((await login('alice@example.com', TEST_PASSWORD, '10.0.0.2')).statusCode).toBe(200);
        expect((await login('bob@example.com', TEST_PASSWORD)).statusCode).toBe(200);
        expect((await login('bob@example.com', 'wrong password')).statusCode).toBe(401);
      });

      it('does not count successes, and a success clears the failures before it', async () => {
        for (let i = 0; i < 10; i++) expect((await login('carol@example.com', TEST_PASSWORD)).statusCode).toBe(200);
        for (let i = 0; i < 4; i++) expect((await login('carol@example.com', 'wrong password')).statusCode).toBe(401);
        expect((await login('carol@example.com', TEST_PASSWORD)).statusCode).toBe(200);
        for (let i = 0; i < 4; i++) expect((await login('carol@example.com', 'wrong password')).statusCode).toBe(401);
        expect((await login('carol@example.com', TEST_PASSWORD)).statusCode).toBe(200);
      });

      it('counts unknown accounts the same way, and body validation errors not at all', async () => {
        for (let i = 0; i < 10; i++) {
          const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.0.0.3', payload: { email: 'dave@example.com' } });
          expect(bad.statusCode).toBe(400);
        }
        expect((await login('dave@example.com', TEST_PASSWORD, '10.0.0.3')).statusCode).toBe(200);
        for (let i = 0; i < 5; i++) expect((await login('nobody@example.com', 'whatever it is', '10.0.0.3')).statusCode).toBe(401);
        expectThrottled(await login('nobody@example.com', 'whatever it is', '10.0.0.3'), WINDOW_MS / 1000);
      });

      it('lets 5 of 12 concurrent wrong guesses through to the password check, and refuses the other 7', async () => {
        const results = await Promise.all(Array.from({ length: 12 }, (_, i) => login('dave@example.com', `guess ${i}`, '10.0.0.4')));
        const codes = results.map((r) => r.statusCode).sort();
        expect(codes.filter((c) => c === 401)).toHaveLength(5);
        expect(codes.filter((c) => c === 429)).toHaveLength(7);
      });
    });

    it('works again once the window has passed', async () => {
      const windowMs = store.redis ? 400 : WINDOW_MS;
      const t = await throttledApp(opts({ loginWindowMs: windowMs }), ['erin@example.com']);
      try {
        const login = (password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.0.0.5', payload: { email: 'erin@example.com', password } });
        for (let i = 0; i < 5; i++) expect((await login('wrong password')).statusCode).toBe(401);
        expectThrottled(await login(TEST_PASSWORD), Math.ceil(windowMs / 1000));
        if (store.redis) {
          await new Promise((r) => setTimeout(r, windowMs + 50));
        } else {
          now += windowMs - 1000;
          expectThrottled(await login(TEST_PASSWORD), 1); // one second to go
          now += 1000;
        }
        expect((await login(TEST_PASSWORD)).statusCode).toBe(200);
      } finally {
        await t.close();
      }
    });

    it('throttles refresh per IP: after 5 rejected refresh tokens a valid one is refused too', async () => {
      const t = await throttledApp(opts(), ['frank@example.com']);
      try {
        const valid = (await t.services.login.login('frank@example.com', TEST_PASSWORD, 'default', {})).refresh_token;
        const refresh = (token: string, remoteAddress = '10.0.0.6') => t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', remoteAddress, payload: { refresh_token: token } });
        for (let i = 0; i < 5; i++) expect((await refresh(randomBytes(32).toString('base64url'))).statusCode).toBe(401);
        expectThrottled(await refresh(valid), WINDOW_MS / 1000);
        expect((await refresh(valid, '10.0.0.7')).statusCode).toBe(200);
      } finally {
        await t.close();
      }
    });

    it('throttles first-run setup per IP; a weak password or a bad body is not a failure', async () => {
      const t = await throttledApp(opts()); // no users: setup is open
      try {
        const issued = await t.services.identity.setup.issueSetupToken(30);
        expect(issued).not.toBeNull();
        const setup = (token: string, password: string, remoteAddress = '10.0.0.8') =>
          t.app.inject({ method: 'POST', url: '/api/v1/setup', remoteAddress, payload: { token, email: 'first@example.com', password } });
        for (let i = 0; i < 6; i++) expect((await setup(issued!.token, 'short')).statusCode).toBe(400);
        for (let i = 0; i < 5; i++) expect((await setup(`guess-${i}`, 'a long first admin passphrase')).statusCode).toBe(401);
        expectThrottled(await setup(issued!.token, 'a long first admin passphrase'), WINDOW_MS / 1000);
        expect((await setup(issued!.token, 'a long first admin passphrase', '10.0.0.9')).statusCode).toBe(201);
      } finally {
        await t.close();
      }
    });
  });
}
