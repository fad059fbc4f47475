import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createServices } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { createTestDatabase, ENGINES, type TestDatabase } from '../helpers/databases.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

/** name → { value, attributes } of every Set-Cookie in a response. */
function cookiesOf(res: LightMyRequestResponse): Map<string, { value: string; attrs: string[] }> {
  const raw = res.headers['set-cookie'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return new Map(list.map((line) => {
    const [pair, ...attrs] = line.split(';').map((p) => p.trim());
    const eq = pair!.indexOf('=');
    return [pair!.slice(0, eq), { value: pair!.slice(eq + 1), attrs }];
  }));
}

/** A tiny browser: keeps cookies across requests, sends them back (path-agnostic, the tests name paths). */
class Jar {
  readonly values = new Map<string, string>();
  take(res: LightMyRequestResponse): void {
    for (const [name, c] of cookiesOf(res)) {
      if (c.attrs.includes('Max-Age=0')) this.values.delete(name);
      else this.values.set(name, c.value);
    }
  }
  header(only?: string[]): string {
    return [...this.values].filter(([n]) => !only || only.includes(n)).map(([n, v]) => `${n}=${v}`).join('; ');
  }
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`browser sessions: cookies and CSRF (${engine.label})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(engine.name);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/domains', payload: sampleDomain() })).statusCode).toBe(201);
      await t.services.identity.users.createUser(localContext('test'), { email: 'eve@example.com', password: TEST_PASSWORD, membership: { workspaceId: 'default', role: 'editor' } });
    });
    afterAll(async () => t?.close());

    async function browserLogin(email = 'eve@example.com') {
      const jar = new Jar();
      const res = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: TEST_PASSWORD, mode: 'cookie' } });
      expect(res.statusCode).toBe(200);
      jar.take(res);
      return { jar, res, body: res.json() as { csrf_token: string; token_type: string } };
    }

    it('sets HttpOnly SameSite=Strict session cookies and never puts a token in the body', async () => {
      const { res, body } = await browserLogin();
      expect(body.token_type).toBe('Cookie');
      expect(body).not.toHaveProperty('access_token');
      expect(body).not.toHaveProperty('refresh_token');
      expect(body.csrf_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(res.headers['cache-control']).toBe('no-store');
      const c = cookiesOf(res);
      expect(c.get('mdl_access')!.attrs).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
      expect(c.get('mdl_refresh')!.attrs).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/api/v1/auth']));
      // The page reads the CSRF token; it is no credential by itself.
      expect(c.get('mdl_csrf')!.value).toBe(body.csrf_token);
      expect(c.get('mdl_csrf')!.attrs).not.toContain('HttpOnly');
      // Plain HTTP: no Secure flag (the browser would drop the cookie), and no __Host- names.
      for (const v of c.values()) expect(v.attrs).not.toContain('Secure');
      // Only the hash of the CSRF token is stored.
      const rows = await t.tdb.db.selectFrom('sessions').select('csrf_hash').where('csrf_hash', 'is not', null).execute();
      expect(JSON.stringify(rows)).not.toContain(body.csrf_token);
    });

    it('reads with the cookie alone, but refuses a state-changing request without the CSRF token', async () => {
      const { jar, body } = await browserLogin();
      const cookie = jar.header(['mdl_access']);
      expect((await t.raw.inject({ method: 'GET', url: '/api/v1/metrics', headers: { cookie } })).statusCode).toBe(200);

      const none = await t.raw.inject({ method: 'POST', url: '/api/v1/metrics', headers: { cookie }, payload: sampleMetric({ metric_id: 'M-CSRF-1' }) });
      expect(none.statusCode).toBe(403);
      expect(none.json()).toMatchObject({ error: { code: 'CSRF_FAILED' } });
      const wrong = await t.raw.inject({ method: 'POST', url: '/api/v1/metrics', headers: { cookie, 'x-csrf-token': 'A'.repeat(43) }, payload: sampleMetric({ metric_id: 'M-CSRF-1' }) });
      expect(wrong.statusCode).toBe(403);
      // Neither refused request wrote anything.
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/metrics/M-CSRF-1' })).statusCode).toBe(404);

      const ok = await t.raw.inject({ method: 'POST', url: '/api/v1/metrics', headers: { cookie, 'x-csrf-token': body.csrf_token }, payload: sampleMetric({ metric_id: 'M-CSRF-1' }) });
      expect(ok.statusCode).toBe(201);
      // DELETE is state-changing too.
      expect((await t.raw.inject({ method: 'DELETE', url: '/api/v1/metrics/M-CSRF-1', headers: { cookie } })).statusCode).toBe(403);
    });

    it("does not accept another session's CSRF token", async () => {
      const a = await browserLogin();
      const b = await browserLogin();
      const res = await t.raw.inject({ method: 'POST', url: '/api/v1/metrics', headers: { cookie: a.jar.header(['mdl_access']), 'x-csrf-token': b.body.csrf_token }, payload: sampleMetric({ metric_id: 'M-CSRF-2', name: 'Never written' }) });
      expect(res.statusCode).toBe(403);
    });

    it('audits a CSRF refusal in the workspace of the session', async () => {
      const { jar } = await browserLogin();
      await t.raw.inject({ method: 'PUT', url: '/api/v1/metrics/M-X', headers: { cookie: jar.header(['mdl_access']) }, payload: sampleMetric({ metric_id: 'M-X' }) });
      const events = await t.tdb.db.selectFrom('audit_events').selectAll().where('action', '=', 'auth.credential_rejected').where('workspace_id', '=', 'default').execute();
      expect(events.some((e) => e.outcome === 'failure' && e.after?.includes('CSRF') && e.after.includes('"credential":"cookie"'))).toBe(true);
    });

    it('bearer clients need no CSRF token, and a header credential wins over a cookie', async () => {
      const { jar } = await browserLogin();
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/metrics', headers: { cookie: jar.header(['mdl_access']) }, payload: sampleMetric({ metric_id: 'M-BEARER', name: 'Bearer-made metric' }) });
      expect(res.statusCode).toBe(201);
      // A bad bearer is refused even with a good cookie beside it.
      const bad = await t.raw.inject({ method: 'GET', url: '/api/v1/metrics', headers: { cookie: jar.header(['mdl_access']), authorization: 'Bearer nope' } });
      expect(bad.statusCode).toBe(401);
    });

    it('refreshes from the cookie only with the CSRF token, without spending the token on a forged request', async () => {
      const { jar, body } = await browserLogin();
      const refreshCookie = () => jar.header(['mdl_refresh']);
      const forged = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: refreshCookie() } });
      expect(forged.statusCode).toBe(401);
      // The refused attempt did not burn the token: the real page can still refresh (no reuse alarm).
      const before = jar.values.get('mdl_access');
      const ok = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: refreshCookie(), 'x-csrf-token': body.csrf_token } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ token_type: 'Cookie', csrf_token: body.csrf_token });
      const old = refreshCookie();
      jar.take(ok);
      expect(jar.values.get('mdl_access')).not.toBe(before);
      expect(refreshCookie()).not.toBe(old);
      expect((await t.raw.inject({ method: 'GET', url: '/api/v1/metrics', headers: { cookie: jar.header(['mdl_access']) } })).statusCode).toBe(200);
      // Replaying the spent cookie is reuse: the whole session ends.
      const replay = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: old, 'x-csrf-token': body.csrf_token } });
      expect(replay.statusCode).toBe(401);
      expect((await t.raw.inject({ method: 'GET', url: '/api/v1/metrics', headers: { cookie: jar.header(['mdl_access']) } })).statusCode).toBe(401);
    });

    it('logout ends the session and expires every cookie', async () => {
      const { jar, body } = await browserLogin();
      const access = jar.header(['mdl_access']);
      const res = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: access, 'x-csrf-token': body.csrf_token } });
      expect(res.statusCode).toBe(204);
      const c = cookiesOf(res);
      for (const name of ['mdl_access', 'mdl_refresh', 'mdl_csrf']) expect(c.get(name)!.attrs).toContain('Max-Age=0');
      expect((await t.raw.inject({ method: 'GET', url: '/api/v1/metrics', headers: { cookie: access } })).statusCode).toBe(401);
    });

    it('answers the bearer pair as before when no mode is asked for', async () => {
      const res = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'eve@example.com', password: TEST_PASSWORD } });
      expect(res.json()).toMatchObject({ token_type: 'Bearer' });
      expect(res.headers['set-cookie']).toBeUndefined();
    });
  });
}

describe('browser sessions over TLS (sqlite)', () => {
  let tdb: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    const services = createServices(tdb.db);
    await services.identity.users.createUser(localContext('test'), { email: 'tls@example.com', password: TEST_PASSWORD, membership: { workspaceId: 'default', role: 'viewer' } });
    // Behind a TLS-terminating proxy (the same switch that turns HSTS on).
    app = await buildApp({ config: { bodyLimit: 1 << 20, importBodyLimit: 1 << 20, requestTimeoutMs: 30_000 }, db: tdb.db, services, security: { corsOrigins: [], hsts: true } });
  });
  afterAll(async () => { await app?.close(); await tdb?.destroy(); });

  it('marks cookies Secure and uses the __Host-/__Secure- prefixes, and reads them back', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'tls@example.com', password: TEST_PASSWORD, mode: 'cookie' } });
    const c = cookiesOf(res);
    expect([...c.keys()].sort()).toEqual(['__Host-mdl_access', '__Host-mdl_csrf', '__Secure-mdl_refresh']);
    for (const v of c.values()) expect(v.attrs).toContain('Secure');
    expect(c.get('__Host-mdl_access')!.attrs).toContain('Path=/');
    const ok = await app.inject({ method: 'GET', url: '/api/v1/metrics', headers: { cookie: `__Host-mdl_access=${c.get('__Host-mdl_access')!.value}` } });
    expect(ok.statusCode).toBe(200);
    // The unprefixed name is not read in this mode (a sibling subdomain could have set it).
    const plain = await app.inject({ method: 'GET', url: '/api/v1/metrics', headers: { cookie: `mdl_access=${c.get('__Host-mdl_access')!.value}` } });
    expect(plain.statusCode).toBe(401);
  });
});
