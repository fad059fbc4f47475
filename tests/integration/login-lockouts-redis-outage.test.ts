import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../helpers/app.js';
import { ENGINES, type TestDatabase } from '../helpers/databases.js';
import { privateRedisAvailable, type PrivateRedis } from '../helpers/private-redis.js';
import { appOnPrivateRedis, type AppOnPrivateRedis } from '../helpers/redis-app.js';
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
    let h: AppOnPrivateRedis;
    beforeAll(async () => {
      // The largest budget: a busy machine should not look like an outage here.
      h = await appOnPrivateRedis(engine.name, { timeoutMs: 100, rateLimit: { redisTimeoutMs: 100 }, people: ['locked@example.com', 'other-locked@example.com', 'free@example.com'] });
      ({ server, redis, tdb, app } = h);
    }, 60_000);
    afterAll(async () => h?.close());
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
