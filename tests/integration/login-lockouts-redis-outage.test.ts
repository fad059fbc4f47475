import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createRedisClient } from '../../src/http/redis.js';
import { createServices } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { TEST_PASSWORD } from '../helpers/app.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { privateRedisAvailable, startPrivateRedis, type PrivateRedis } from '../helpers/private-redis.js';
import { skippedBecause } from '../helpers/skips.js';

/**
 * Login lockouts survive Redis being away (issue 7, finding 5a). With Redis under SIGSTOP and then
 * killed, an account locked while Redis was up used to log in with its password, and another locked
 * account got 5 fresh guesses: the in-process fallback knew nothing of either. Lockouts now also live
 * in the database (migration 0012), and every check consults it. A real redis-server of the test's
 * own is stalled, resumed, killed and started again empty; the machine's shared Redis is not touched.
 */
for (const engine of ENGINES) {
  const available = engine.available && privateRedisAvailable;
  const label = `${engine.label}${skippedBecause(engine.available && !privateRedisAvailable, 'redis-server not installed')}`;
  describe.skipIf(!available)(`Login lockouts while Redis is away, on ${label}`, () => {
    let server: PrivateRedis;
    let redis: Redis;
    let tdb: TestDatabase;
    let app: FastifyInstance;
    const ip = '10.6.0.1';
    beforeAll(async () => {
      server = await startPrivateRedis();
      redis = createRedisClient(server.url, 100); // the largest budget: a busy machine should not look like an outage here
      if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
      tdb = await createTestDatabase(engine.name);
      const services = createServices(tdb.db);
      app = await buildApp({ config: { bodyLimit: 1024 * 1024, importBodyLimit: 1024 * 1024, requestTimeoutMs: 30_000 }, db: tdb.db, services, rateLimit: { redis, redisTimeoutMs: 100 } });
      for (const email of ['locked@example.com', 'other-locked@example.com', 'free@example.com']) {
        await services.identity.users.createUser(localContext('test'), { email, password: TEST_PASSWORD, membership: { workspaceId: 'default', role: 'viewer' } });
      }
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await tdb?.destroy();
      redis?.disconnect();
      await server?.destroy();
    });
    const login = (email: string, password: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { email, password } });
    const lock = async (email: string) => {
      for (let i = 0; i < 5; i++) expect((await login(email, `wrong guess ${i}`)).statusCode).toBe(401);
      expect((await login(email, TEST_PASSWORD)).statusCode).toBe(429);
    };
    /** The locked accounts stay locked: the right password is refused, and no guess reaches the check. */
    const expectStillLocked = async (when: string) => {
      const right = await login('locked@example.com', TEST_PASSWORD);
      expect(right.statusCode, `${when}: ${right.body}`).toBe(429);
      expect(Number(right.headers['retry-after']), when).toBeGreaterThan(800);
      for (let i = 0; i < 5; i++) expect((await login('other-locked@example.com', `fresh guess ${i}`)).statusCode, `${when}: guess ${i}`).toBe(429);
      expect((await login('other-locked@example.com', TEST_PASSWORD)).statusCode, when).toBe(429);
    };

    it('keeps both accounts locked through a stall, a resume, a kill and a restart of Redis; others still sign in', async () => {
      await lock('locked@example.com');
      await lock('other-locked@example.com');
      expect(await redis.keys('mdl:lt:login:*')).not.toHaveLength(0); // counted in Redis while it was up

      server.stall();
      await expectStillLocked('Redis stalled (SIGSTOP)');
      expect((await login('free@example.com', TEST_PASSWORD)).statusCode).toBe(200); // not everyone refused

      server.resume();
      await expectStillLocked('Redis resumed (SIGCONT)');

      await server.kill();
      await expectStillLocked('Redis killed');
      expect((await login('free@example.com', TEST_PASSWORD)).statusCode).toBe(200);

      await server.start(); // empty: it lost every counter
      if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
      expect(await redis.keys('mdl:lt:login:*')).toHaveLength(0);
      await expectStillLocked('Redis restarted empty');
      expect((await login('free@example.com', TEST_PASSWORD)).statusCode).toBe(200);
    }, 60_000);
  });
}
