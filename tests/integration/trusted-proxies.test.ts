import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { createServices } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { TEST_PASSWORD } from '../helpers/app.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';

/**
 * MDL_TRUSTED_PROXIES (hostile review): behind a TLS-terminating proxy every client had the proxy's IP,
 * so 50 wrong logins from anywhere made every login 429 for everyone. Only listed proxies are believed:
 * through one, request.ip is the right-most X-Forwarded-For address that is not itself a listed proxy;
 * from anywhere else the header is ignored.
 */
describe('MDL_TRUSTED_PROXIES', () => {
  it('defaults to trusting no proxy and takes IPv4 and IPv6 addresses and CIDR ranges', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ MDL_TRUSTED_PROXIES: ' 10.0.0.5, 10.1.0.0/16 ,2001:db8::/32,::1,::ffff:10.2.0.1,' }).trustedProxies)
      .toEqual(['10.0.0.5', '10.1.0.0/16', '2001:db8::/32', '::1', '::ffff:10.2.0.1']);
  });

  it('refuses anything that is not an IP address or CIDR range, naming the setting and each entry', () => {
    const bad = ['*', 'loopback', 'proxy.example.com', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/255.0.0.0', '10.0.0.0/8/1', 'fe80::1%eth0', '010.0.0.1', '10.0.0.0/'];
    for (const entry of bad) {
      expect(() => loadConfig({ MDL_TRUSTED_PROXIES: `10.0.0.5,${entry}` }), entry).toThrow(`MDL_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    }
    // Every problem at once, so one start reports them all.
    expect(() => loadConfig({ MDL_TRUSTED_PROXIES: 'nope,also-nope' })).toThrow(/"nope".*"also-nope"/);
  });

  it('refuses a /0, which would let any client choose its IP', () => {
    for (const entry of ['0.0.0.0/0', '::/0', '10.0.0.0/0']) {
      expect(() => loadConfig({ MDL_TRUSTED_PROXIES: entry })).toThrow(`MDL_TRUSTED_PROXIES: "${entry}" would trust every address`);
    }
  });
});

const PROXY = '10.0.0.2';
const options = (trustedProxies?: string[]) => ({
  config: { bodyLimit: 1024 * 1024, importBodyLimit: 1024 * 1024, requestTimeoutMs: 30_000 },
  rateLimit: { loginMaxFailures: 5, loginIpMaxFailures: 3 },
  ...(trustedProxies ? { trustedProxies } : {}),
});

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`Client IP behind trusted proxies, on ${engine.label}`, () => {
    let tdb: TestDatabase;
    let app: FastifyInstance;
    let direct: FastifyInstance; // MDL_TRUSTED_PROXIES unset
    beforeAll(async () => {
      tdb = await createTestDatabase(engine.name);
      const services = createServices(tdb.db);
      app = await buildApp({ ...options(['10.0.0.0/24', '2001:db8::/64']), db: tdb.db, services });
      direct = await buildApp({ ...options(), db: tdb.db, services });
      for (const a of [app, direct]) {
        a.get('/whoami', { config: { scope: 'public' } }, async (request) => ({ ip: request.ip, protocol: request.protocol, host: request.host }));
      }
      await services.identity.users.createUser(localContext('test'), { email: 'ann@example.com', password: TEST_PASSWORD, membership: { workspaceId: 'default', role: 'viewer' } });
    });
    afterAll(async () => {
      await app?.close();
      await direct?.close();
      await tdb?.destroy();
    });
    const whoami = (a: FastifyInstance, remoteAddress: string, headers: Record<string, string> = {}) =>
      a.inject({ method: 'GET', url: '/whoami', remoteAddress, headers }).then((r) => r.json() as { ip: string; protocol: string; host: string });
    const login = (a: FastifyInstance, email: string, password: string, remoteAddress: string, forwardedFor?: string) =>
      a.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}, payload: { email, password } });

    it('from a listed proxy (IPv4, IPv6, IPv4-mapped), request.ip is the client X-Forwarded-For names', async () => {
      expect((await whoami(app, PROXY, { 'x-forwarded-for': '198.51.100.1' })).ip).toBe('198.51.100.1');
      expect((await whoami(app, '2001:db8::7', { 'x-forwarded-for': '2001:db8:ffff::1' })).ip).toBe('2001:db8:ffff::1');
      expect((await whoami(app, `::ffff:${PROXY}`, { 'x-forwarded-for': '198.51.100.1' })).ip).toBe('198.51.100.1');
      expect((await whoami(app, PROXY)).ip).toBe(PROXY); // the proxy's own request (a health check)
      const forwarded = await whoami(app, PROXY, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'mdl.example.com', host: 'internal:3000' });
      expect(forwarded).toMatchObject({ protocol: 'https', host: 'mdl.example.com' });
    });

    it('from any other address the X-Forwarded-* headers are ignored: a client cannot pick its own IP', async () => {
      const headers = { 'x-forwarded-for': '198.51.100.1', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example', host: 'mdl.internal' };
      expect(await whoami(app, '203.0.113.9', headers)).toEqual({ ip: '203.0.113.9', protocol: 'http', host: 'mdl.internal' });
      expect(await whoami(app, '10.0.1.2', headers)).toMatchObject({ ip: '10.0.1.2' }); // just outside 10.0.0.0/24
      expect(await whoami(direct, PROXY, headers)).toEqual({ ip: PROXY, protocol: 'http', host: 'mdl.internal' }); // unset: trust none
    });

    it('a spoofed chain through a listed proxy yields the right-most address the proxies did not add', async () => {
      expect((await whoami(app, PROXY, { 'x-forwarded-for': '1.2.3.4, 198.51.100.5' })).ip).toBe('198.51.100.5');
      expect((await whoami(app, PROXY, { 'x-forwarded-for': 'not-an-ip, 198.51.100.5' })).ip).toBe('198.51.100.5');
      expect((await whoami(app, PROXY, { 'x-forwarded-for': '198.51.100.5, 10.0.0.3' })).ip).toBe('198.51.100.5'); // two proxy hops
    });

    it('the per-IP login cap counts the forwarded client, so one client behind the proxy locks out only itself', async () => {
      // Without MDL_TRUSTED_PROXIES these three would be the proxy's, and every login after them 429.
      for (const email of ['x1@example.com', 'x2@example.com', 'ann@example.com']) {
        expect((await login(app, email, 'wrong password', PROXY, '198.51.100.10')).statusCode).toBe(401);
      }
      expect((await login(app, 'ann@example.com', TEST_PASSWORD, PROXY, '198.51.100.10')).statusCode).toBe(429);
      // Choosing a new left-most address does not help the locked-out client: the proxy appended its real one.
      expect((await login(app, 'ann@example.com', TEST_PASSWORD, PROXY, '198.51.100.99, 198.51.100.10')).statusCode).toBe(429);
      expect((await login(app, 'ann@example.com', TEST_PASSWORD, PROXY, '198.51.100.11')).statusCode).toBe(200);
      expect((await login(app, 'ann@example.com', TEST_PASSWORD, PROXY)).statusCode).toBe(200); // the proxy itself is not locked
    });

    it('an untrusted client cannot escape its cap by sending X-Forwarded-For', async () => {
      for (const [i, email] of ['y1@example.com', 'y2@example.com', 'y3@example.com'].entries()) {
        expect((await login(app, email, 'wrong password', '203.0.113.20', `198.51.100.${30 + i}`)).statusCode).toBe(401);
      }
      expect((await login(app, 'ann@example.com', TEST_PASSWORD, '203.0.113.20', '198.51.100.40')).statusCode).toBe(429);
      expect((await login(app, 'ann@example.com', TEST_PASSWORD, '203.0.113.21', '203.0.113.20')).statusCode).toBe(200);
    });
  });
}
