import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { createServices } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { TEST_PASSWORD } from '../helpers/app.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';

/**
 * The per-IP cap across accounts (issue 7, finding 7a): the per-(email, IP) throttle alone lets one
 * address try 5 passwords on every account there is. MDL_LOGIN_IP_MAX_FAILURES failures from one IP,
 * whatever the emails, refuse that IP's logins (429) until the window has passed.
 */
describe('MDL_LOGIN_IP_MAX_FAILURES', () => {
  it('defaults to 50 and is passed to the rate limits', () => {
    expect(loadConfig({}).rateLimit.loginIpMaxFailures).toBe(50);
    expect(loadConfig({ MDL_LOGIN_IP_MAX_FAILURES: '7' }).rateLimit.loginIpMaxFailures).toBe(7);
    expect(() => loadConfig({ MDL_LOGIN_IP_MAX_FAILURES: '0' })).toThrow(/MDL_LOGIN_IP_MAX_FAILURES/);
  });
});

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`Login: a cap per IP across emails, on ${engine.label}`, () => {
    let tdb: TestDatabase;
    let app: FastifyInstance;
    beforeAll(async () => {
      tdb = await createTestDatabase(engine.name);
      const services = createServices(tdb.db);
      app = await buildApp({
        config: { bodyLimit: 1024 * 1024, importBodyLimit: 1024 * 1024, requestTimeoutMs: 30_000 }, db: tdb.db, services,
        rateLimit: { loginMaxFailures: 5, loginIpMaxFailures: 3 },
      });
      for (const email of ['ann@example.com', 'ben@example.com', 'cat@example.com']) {
        await services.identity.users.createUser(localContext('test'), { email, password: TEST_PASSWORD, membership: { workspaceId: 'default', role: 'viewer' } });
      }
    });
    afterAll(async () => {
      await app?.close();
      await tdb?.destroy();
    });
    const login = (email: string, password: string, remoteAddress: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { email, password } });

    it('refuses an IP after its failures across two emails reach the cap, whatever the account; other IPs go on', async () => {
      expect((await login('ann@example.com', 'wrong one', '10.7.0.1')).statusCode).toBe(401);
      expect((await login('ann@example.com', 'wrong two', '10.7.0.1')).statusCode).toBe(401);
      expect((await login('ben@example.com', 'wrong three', '10.7.0.1')).statusCode).toBe(401); // 2 + 1: the cap of 3
      for (const email of ['ben@example.com', 'cat@example.com', 'nobody@example.com']) {
        const res = await login(email, TEST_PASSWORD, '10.7.0.1');
        expect(res.statusCode, `${email}: ${res.body}`).toBe(429);
        expect(res.json().error).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 3 } });
        expect(res.headers['ratelimit-limit']).toBe('3');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect((await login('ben@example.com', TEST_PASSWORD, '10.7.0.2')).statusCode).toBe(200);
      expect((await login('ann@example.com', TEST_PASSWORD, '10.7.0.2')).statusCode).toBe(200);
    });

    it('does not let a success from the IP clear its count across accounts', async () => {
      // An attacker with one account of their own cannot wipe the IP's failures by signing in to it.
      expect((await login('ann@example.com', 'wrong one', '10.7.0.3')).statusCode).toBe(401);
      expect((await login('ben@example.com', 'wrong two', '10.7.0.3')).statusCode).toBe(401);
      expect((await login('cat@example.com', TEST_PASSWORD, '10.7.0.3')).statusCode).toBe(200);
      expect((await login('cat@example.com', 'wrong three', '10.7.0.3')).statusCode).toBe(401);
      expect((await login('cat@example.com', TEST_PASSWORD, '10.7.0.3')).statusCode).toBe(429);
    });

    it('counts failed invitation accepts from the IP too (one cap for every password guess)', async () => {
      const accept = (token: string) => app.inject({ method: 'POST', url: '/api/v1/invitations/accept', remoteAddress: '10.7.0.4', payload: { token, password: TEST_PASSWORD } });
      expect((await login('ann@example.com', 'wrong one', '10.7.0.4')).statusCode).toBe(401);
      expect((await accept('A'.repeat(43))).statusCode).toBe(401);
      expect((await accept('B'.repeat(43))).statusCode).toBe(401); // 1 + 2: the cap of 3
      expect((await accept('C'.repeat(43))).statusCode).toBe(429);
      expect((await login('ann@example.com', TEST_PASSWORD, '10.7.0.4')).statusCode).toBe(429);
    });
  });
}
