import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../helpers/app.js';
import { ENGINES, type TestDatabase } from '../helpers/databases.js';
import { privateRedisAvailable, type PrivateRedis } from '../helpers/private-redis.js';
import { appOnPrivateRedis, type AppOnPrivateRedis } from '../helpers/redis-app.js';
import { skippedBecause } from '../helpers/skips.js';

/**
 * Parallel wrong logins never get more than MDL_LOGIN_MAX_FAILURES (5) password checks, whatever
 * Redis does (hostile review). The throttle's steps (in flight, failure, release) each chose Redis or
 * the in-process store on their own, so with Redis flapping (SIGSTOP 120 ms / SIGCONT 60 ms) 60
 * parallel guesses got 10 checks, and slots taken in Redis but given back in-process made correct
 * logins wait and fail with 429. A redis-server of the test's own flaps; the shared one is not touched.
 */
for (const engine of ENGINES) {
  const available = engine.available && privateRedisAvailable;
  const label = `${engine.label}${skippedBecause(engine.available && !privateRedisAvailable, 'redis-server not installed')}`;
  describe.skipIf(!available)(`Login throttle with Redis flapping, on ${label}`, () => {
    let server: PrivateRedis;
    let redis: Redis;
    let tdb: TestDatabase;
    let app: FastifyInstance;
    const emails = ['a@example.com', 'b@example.com', 'c@example.com', 'right@example.com'];
    let h: AppOnPrivateRedis;
    beforeAll(async () => {
      h = await appOnPrivateRedis(engine.name, { timeoutMs: 75, people: emails });
      ({ server, redis, tdb, app } = h);
    }, 60_000);
    afterAll(async () => h?.close());
    const login = (email: string, password: string, ip: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { email, password } });

    /** Runs `body` while the server is stopped 120 ms, resumed 60 ms, over and over. */
    async function flapping<T>(body: () => Promise<T>): Promise<T> {
      let on = true;
      const loop = (async () => {
        while (on) {
          server.stall();
          await new Promise((r) => setTimeout(r, 120));
          server.resume();
          await new Promise((r) => setTimeout(r, 60));
        }
      })();
      try {
        return await body();
      } finally {
        on = false;
        await loop;
        server.resume();
      }
    }

    it('lets at most 5 of 60 parallel wrong logins reach the password check, and parallel correct logins through', async () => {
      await flapping(async () => {
        for (const [i, email] of emails.slice(0, 3).entries()) {
          const ip = `10.7.${i}.1`;
          const res = await Promise.all(Array.from({ length: 60 }, (_, j) => login(email, `wrong guess ${j}`, ip)));
          const checked = res.filter((r) => r.statusCode === 401).length;
          expect(checked, `${email}: ${res.filter((r) => r.statusCode !== 401 && r.statusCode !== 429).map((r) => r.body).join()}`).toBeLessThanOrEqual(5);
          expect(res.every((r) => r.statusCode === 401 || r.statusCode === 429)).toBe(true);
        }
        const ok = await Promise.all(Array.from({ length: 30 }, () => login('right@example.com', TEST_PASSWORD, '10.7.9.1')));
        expect(ok.filter((r) => r.statusCode !== 200).map((r) => r.body)).toEqual([]);
      });
    }, 60_000);

    it('with Redis healthy, lets at most 5 of 200 parallel wrong logins reach the password check', async () => {
      const res = await Promise.all(Array.from({ length: 200 }, (_, j) => login('right@example.com', `wrong ${j}`, '10.7.10.1')));
      expect(res.filter((r) => r.statusCode === 401).length).toBeLessThanOrEqual(5);
      expect(res.filter((r) => r.statusCode === 401).length).toBeGreaterThan(0);
    }, 60_000);
  });
}
