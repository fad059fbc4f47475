import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { API_CSP, CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, DOCS_CSP, type SecurityConfig } from '../../src/http/security.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

const API_POLICY = "default-src 'none';frame-ancestors 'none'";
const ALLOWED = 'https://app.example.com';
const OTHER = 'https://evil.example.com';

function cspOf(res: LightMyRequestResponse): Map<string, string[]> {
  const header = String(res.headers['content-security-policy'] ?? '');
  return new Map(header.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name!, values];
  }));
}

/** The headers every response carries, whatever answered it (route, 404/405 handler, auth hook, docs). */
function expectBaseHeaders(res: LightMyRequestResponse, opts: { hsts: boolean }): void {
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
  expect(res.headers['x-powered-by']).toBeUndefined();
  expect(res.headers.server).toBeUndefined();
  // No header reveals a product or version.
  for (const [name, value] of Object.entries(res.headers)) {
    expect(`${name}: ${String(value)}`).not.toMatch(/fastify|node\.js|express|\d+\.\d+\.\d+/i);
  }
  if (opts.hsts) expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  else expect(res.headers['strict-transport-security']).toBeUndefined();
}

function expectApiHeaders(res: LightMyRequestResponse, opts = { hsts: false }): void {
  expectBaseHeaders(res, opts);
  expect(res.headers['content-security-policy']).toBe(API_POLICY);
}

function expectDocsHeaders(res: LightMyRequestResponse, opts = { hsts: false }): void {
  expectBaseHeaders(res, opts);
  const csp = cspOf(res);
  expect(Object.fromEntries(csp)).toEqual(DOCS_CSP);
  // The properties that make it strict, spelled out.
  expect(csp.get('default-src')).toEqual(["'none'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('style-src')).not.toContain("'unsafe-inline'");
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect([...csp.values()].flat().every((v) => v.startsWith("'") || v === 'data:')).toBe(true); // no host is trusted
}

async function appWith(tdb: TestDatabase, security?: SecurityConfig): Promise<FastifyInstance> {
  return buildApp({ config: { bodyLimit: 1024 * 1024, importBodyLimit: 1024 * 1024, requestTimeoutMs: 30_000 }, db: tdb.db, ...(security ? { security } : {}) });
}

describe('security headers (default configuration: no CORS, no TLS)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp('sqlite'); });
  afterAll(async () => { await t.close(); });

  it('API responses: strict CSP, nosniff, frame denial, no referrer, no HSTS without TLS, nothing that names the server', async () => {
    const ok = await t.app.inject({ method: 'GET', url: '/api/v1/metrics' });
    expect(ok.statusCode).toBe(200);
    expectApiHeaders(ok);
    const health = await t.raw.inject({ method: 'GET', url: '/health/live' });
    expectApiHeaders(health);
    const spec = await t.raw.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expectApiHeaders(spec);
    const post = await t.app.inject({ method: 'POST', url: '/api/v1/domains', payload: { id: 'sales', name: 'Sales', owner: 'a@example.com' } });
    expectApiHeaders(post);
  });

  it('error responses carry the same headers: 401 from the auth hook, 403, 404, 405, 400', async () => {
    const unauthenticated = await t.raw.inject({ method: 'GET', url: '/api/v1/metrics' });
    expect(unauthenticated.statusCode).toBe(401);
    expectApiHeaders(unauthenticated);
    const badToken = await t.as('not-a-token').inject({ method: 'GET', url: '/api/v1/metrics' });
    expect(badToken.statusCode).toBe(401);
    expectApiHeaders(badToken);
    const viewer = await t.login('viewer@example.com', 'viewer');
    const forbidden = await t.as(viewer.token).inject({ method: 'POST', url: '/api/v1/domains', payload: {} });
    expect(forbidden.statusCode).toBe(403);
    expectApiHeaders(forbidden);
    const missing = await t.raw.inject({ method: 'GET', url: '/no/such/route' });
    expect(missing.statusCode).toBe(404);
    expectApiHeaders(missing);
    const wrongMethod = await t.raw.inject({ method: 'PUT', url: '/health/live' });
    expect(wrongMethod.statusCode).toBe(405);
    expectApiHeaders(wrongMethod);
    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/domains', headers: { 'content-type': 'application/json' }, payload: '{' });
    expect(malformed.statusCode).toBe(400);
    expectApiHeaders(malformed);
  });

  it('the docs pages and their assets get the docs CSP, and the root the dashboard\'s (tests/unit/web-dashboard-serving.test.ts)', async () => {
    for (const url of ['/api-docs', '/api-docs/', '/api-docs/static/swagger-ui-bundle.js', '/api-docs/static/swagger-ui.css', '/api-docs/static/swagger-initializer.js', '/api-docs/json']) {
      const res = await t.raw.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expectDocsHeaders(res);
    }
    const root = await t.raw.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.headers['content-type']).toMatch(/^text\/html/);
    expect(cspOf(root).get('frame-ancestors')).toEqual(["'none'"]);
    expect(String(root.headers['content-security-policy'])).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('the docs carry MDL\'s name and mark, not Fastify\'s, and load the document from /api/v1/openapi.json', async () => {
    const html = (await t.raw.inject({ method: 'GET', url: '/api-docs/' })).body;
    expect(html).toContain('<title>MDL API</title>');
    expect(html).toContain('static/theme/mdl.svg');
    const init = (await t.raw.inject({ method: 'GET', url: '/api-docs/static/swagger-initializer.js' })).body;
    expect(init).toContain('"url":"/api/v1/openapi.json"');
    // The logo is MDL's mark (a data: SVG), not the plugin's default Fastify logo.
    const logo = Buffer.from(/img\.src = 'data:image\/svg\+xml;base64,([^']+)'/.exec(init)?.[1] ?? '', 'base64').toString('utf8');
    expect(logo).toContain('MDL API');
    expect(`${html}${init}${logo}`.toLowerCase()).not.toContain('fastify');
    // The README's "the API is at /api/v1" answers where things are, without a credential.
    const index = await t.raw.inject({ method: 'GET', url: '/api/v1' });
    expect(index.statusCode).toBe(200);
    expect(index.json()).toMatchObject({ openapi: '/api/v1/openapi.json', docs: '/api-docs', health: { live: '/health/live', ready: '/health/ready' }, metrics: '/metrics', invite: '/invite' });
    expectApiHeaders(index);
    const icon = await t.raw.inject({ method: 'GET', url: '/api-docs/static/theme/mdl.svg' });
    expect(icon.statusCode).toBe(200);
    expectDocsHeaders(icon);
  });

  it('sends no CORS headers at all when no origin is allowed', async () => {
    const get = await t.app.inject({ method: 'GET', url: '/api/v1/metrics', headers: { origin: ALLOWED } });
    expect(Object.keys(get.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const preflight = await t.raw.inject({ method: 'OPTIONS', url: '/api/v1/metrics', headers: { origin: ALLOWED, 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(405);
    expect(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});

describe('the docs CSP matches what Swagger UI serves', () => {
  const staticDir = join(dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui')), 'static');
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp('sqlite'); });
  afterAll(async () => { await t.close(); });

  it('the HTML has no inline script, style or event handler; everything loads from /api-docs/static', async () => {
    for (const url of ['/api-docs', '/api-docs/']) {
      const html = (await t.raw.inject({ method: 'GET', url })).body;
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i); // every <script> has a src
      expect(html).not.toMatch(/<style/i);
      expect(html).not.toMatch(/\sstyle=/i);
      expect(html).not.toMatch(/\son[a-z]+=/i);
      const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(refs.length).toBeGreaterThan(4);
      for (const ref of refs) {
        expect(ref, ref).toMatch(/^(\.\/static\/|\/api-docs\/static\/)/); // same origin, under the docs prefix
        const path = ref.startsWith('./') ? `/api-docs/${ref.slice(2)}` : ref;
        expect((await t.raw.inject({ method: 'GET', url: path })).statusCode, path).toBe(200);
      }
    }
  });

  it('the scripts need no eval and fetch the spec from the same origin; the styles load nothing from elsewhere', async () => {
    const init = (await t.raw.inject({ method: 'GET', url: '/api-docs/static/swagger-initializer.js' })).body;
    expect(init).not.toMatch(/\beval\(|new Function/);
    expect(init).toContain("resolveUrl('./json')"); // connect-src 'self'
    expect(init).toMatch(/img\.src = 'data:image\/svg\+xml;base64,/); // the logo: img-src data:
    expect(init).toContain('validatorUrl: null'); // no badge image from validator.swagger.io
    const css = readFileSync(join(staticDir, 'swagger-ui.css'), 'utf8');
    expect(css).not.toMatch(/@import/);
    const urls = [...css.matchAll(/url\(\s*["']?([^"')]+)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.every((u) => u.startsWith('data:'))).toBe(true); // img-src data: covers them
  });

  it("each <style> element the bundles render is allowed by its hash (the only inline style; no 'unsafe-inline')", () => {
    const allowed = DOCS_CSP['style-src']!.filter((s) => s.startsWith("'sha256-")).map((s) => s.slice(8, -1));
    const found: string[] = [];
    for (const file of ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']) {
      const js = readFileSync(join(staticDir, file), 'utf8');
      for (const m of js.matchAll(/createElement\("style",null,"((?:[^"\\]|\\.)*)"\)/g)) found.push(JSON.parse(`"${m[1]!}"`) as string);
    }
    expect(found.length).toBeGreaterThan(0);
    for (const text of found) expect(allowed).toContain(createHash('sha256').update(text).digest('base64'));
  });
});

describe('HSTS', () => {
  let tdb: TestDatabase;
  beforeAll(async () => { tdb = await createTestDatabase('sqlite'); });
  afterAll(async () => { await tdb.destroy(); });

  it('is sent on every response when TLS is on (or MDL_TRUST_PROXY_TLS), and never otherwise', async () => {
    const on = await appWith(tdb, { corsOrigins: [], hsts: true });
    expectApiHeaders(await on.inject({ method: 'GET', url: '/health/live' }), { hsts: true });
    expectApiHeaders(await on.inject({ method: 'GET', url: '/api/v1/metrics' }), { hsts: true });
    expectApiHeaders(await on.inject({ method: 'GET', url: '/nope' }), { hsts: true });
    expectDocsHeaders(await on.inject({ method: 'GET', url: '/api-docs/' }), { hsts: true });
    await on.close();
    const off = await appWith(tdb, { corsOrigins: [], hsts: false });
    expectApiHeaders(await off.inject({ method: 'GET', url: '/health/live' }), { hsts: false });
    await off.close();
  });
});

describe('CORS from an allow-list', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    app = await appWith(tdb, { corsOrigins: [ALLOWED, 'http://localhost:5173'], hsts: false });
  });
  afterAll(async () => {
    await app.close();
    await tdb.destroy();
  });

  it('reflects an allowed origin, never `*`, without credentials, and exposes the documented headers', async () => {
    for (const origin of [ALLOWED, 'http://localhost:5173']) {
      const res = await app.inject({ method: 'GET', url: '/health/live', headers: { origin } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(res.headers.vary).toMatch(/origin/i);
      expect(String(res.headers['access-control-expose-headers']).split(', ')).toEqual(CORS_EXPOSED_HEADERS);
      expectApiHeaders(res);
    }
    expect(CORS_EXPOSED_HEADERS).toEqual(expect.arrayContaining(['etag', 'location', 'x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy']));
    // A 401 to an allowed origin is readable by the page (so it can send the user to log in).
    const denied = await app.inject({ method: 'GET', url: '/api/v1/metrics', headers: { origin: ALLOWED } });
    expect(denied.statusCode).toBe(401);
    expect(denied.headers['access-control-allow-origin']).toBe(ALLOWED);
  });

  it('gives a disallowed origin, a look-alike or no origin no CORS headers', async () => {
    for (const origin of [OTHER, 'https://app.example.com.evil.example', 'http://app.example.com', 'https://app.example.com:8443', 'null']) {
      const res = await app.inject({ method: 'GET', url: '/health/live', headers: { origin } });
      expect(res.statusCode).toBe(200); // the request is served; the browser withholds the response
      expect(res.headers['access-control-allow-origin'], origin).toBeUndefined();
      expect(res.headers['access-control-expose-headers']).toBeUndefined();
      expect(res.headers.vary).toMatch(/origin/i);
    }
    const none = await app.inject({ method: 'GET', url: '/health/live' });
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a preflight from an allowed origin before authentication, with the allowed methods and headers', async () => {
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/metrics/revenue',
      headers: { origin: ALLOWED, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization, content-type, if-match, idempotency-key' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(String(res.headers['access-control-allow-methods']).split(', ')).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
    expect(String(res.headers['access-control-allow-headers']).split(', ')).toEqual(CORS_ALLOWED_HEADERS);
    expect(CORS_ALLOWED_HEADERS).toEqual(['authorization', 'content-type', 'if-match', 'if-none-match', 'idempotency-key', 'x-api-key', 'x-request-id']);
    expect(res.headers['access-control-max-age']).toBe('600');
    expectApiHeaders(res);
  });

  it('does not answer a preflight from a disallowed origin (no CORS headers; the route answers 405 as before)', async () => {
    const res = await app.inject({ method: 'OPTIONS', url: '/api/v1/metrics', headers: { origin: OTHER, 'access-control-request-method': 'DELETE' } });
    expect(res.statusCode).toBe(405);
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expectApiHeaders(res);
    // Without an Origin it is not a preflight at all.
    const bare = await app.inject({ method: 'OPTIONS', url: '/api/v1/metrics' });
    expect(bare.statusCode).toBe(405);
    expect(bare.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps the catch-all OPTIONS route out of the OpenAPI document', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(spec.paths)).not.toContain('*');
    expect(Object.values(spec.paths).some((ops) => 'options' in ops)).toBe(false);
  });

  it('uses API_CSP as documented', () => {
    expect(API_CSP).toEqual({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] });
  });
});
