import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { NONCE_PLACEHOLDER } from '../../src/http/dashboard.js';
import { createServices } from '../../src/modules/services.js';
import { SecretBox } from '../../src/shared/secret-box.js';
import { createTestDatabase, ENGINES, type TestDatabase } from '../helpers/databases.js';

/** A stand-in for web/dist: Vite's shapes (hashed assets, the nonce placeholder), not a real build. */
function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mdl-web-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), `<!doctype html><html><head><meta property="csp-nonce" nonce="${NONCE_PLACEHOLDER}"><script type="module" src="/assets/index-AbCd1234.js" nonce="${NONCE_PLACEHOLDER}"></script></head><body><div id="root"></div></body></html>`);
  writeFileSync(join(dir, 'assets', 'index-AbCd1234.js'), 'console.log("app")');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, '.secret'), 'not served');
  return dir;
}

function csp(res: LightMyRequestResponse): Map<string, string[]> {
  return new Map(String(res.headers['content-security-policy'] ?? '').split(';').filter(Boolean).map((d) => {
    const [name, ...values] = d.trim().split(/\s+/);
    return [name!, values];
  }));
}

/** The dashboard's policy: nothing inline, nothing from elsewhere, no eval, no framing. */
function expectStrictDashboardCsp(res: LightMyRequestResponse): void {
  const p = csp(res);
  expect(p.get('default-src')).toEqual(["'none'"]);
  expect(p.get('script-src')).toEqual(["'self'"]);
  expect(p.get('script-src-attr')).toEqual(["'none'"]);
  expect(p.get('connect-src')).toEqual(["'self'"]);
  expect(p.get('img-src')).toEqual(["'self'", 'data:']);
  expect(p.get('frame-ancestors')).toEqual(["'none'"]);
  expect(p.get('object-src')).toEqual(["'none'"]);
  const all = String(res.headers['content-security-policy']);
  expect(all).not.toContain('unsafe-inline');
  expect(all).not.toContain('unsafe-eval');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
}

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe.each(ENGINES)('dashboard serving ($label)', ({ name, available }) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let bare: FastifyInstance;
  let dir: string;
  let empty: string;

  beforeAll(async () => {
    if (!available) return;
    tdb = await createTestDatabase(name);
    dir = fakeDist();
    empty = mkdtempSync(join(tmpdir(), 'mdl-web-none-'));
    const base = { config: { bodyLimit: 1 << 20, importBodyLimit: 1 << 20, requestTimeoutMs: 30_000 }, db: tdb.db };
    app = await buildApp({ ...base, services: createServices(tdb.db, undefined, { secretBox: SecretBox.ephemeral() }), dashboard: { dir } });
    bare = await buildApp({ ...base, services: createServices(tdb.db, undefined, { secretBox: SecretBox.ephemeral() }), dashboard: { dir: empty } });
  });
  afterAll(async () => {
    if (!available) return;
    await app?.close();
    await bare?.close();
    await tdb?.destroy();
    rmSync(dir, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  });

  it.skipIf(!available)('serves index.html at / and for app URLs, no-cache, with a fresh style nonce in page and policy', async () => {
    const seen = new Set<string>();
    for (const url of ['/', '/catalog', '/catalog/METRIC-ARR?tab=history', '/sign-in?next=%2Fadmin']) {
      const res = await app.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expectStrictDashboardCsp(res);
      const styles = csp(res).get('style-src') ?? [];
      expect(styles[0]).toBe("'self'");
      const nonce = /^'nonce-([A-Za-z0-9+/=]{24})'$/.exec(styles[1] ?? '')?.[1];
      expect(nonce, url).toBeDefined();
      expect(styles).toHaveLength(2);
      // The placeholder is gone and the page carries the header's nonce.
      expect(res.body).not.toContain(NONCE_PLACEHOLDER);
      expect(res.body).toContain(`nonce="${nonce}"`);
      seen.add(nonce!);
    }
    expect(seen.size).toBe(4);
  });

  it.skipIf(!available)('hashed assets are immutable for a year; other files cache briefly; dotfiles and escapes are not served', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-AbCd1234.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expectStrictDashboardCsp(asset);
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
    for (const url of ['/.secret', '/assets/../.secret', '/%2e%2e/package.json', '/assets/%2e%2e/%2e%2e/package.json']) {
      const res = await app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('not served');
    }
    // A missing asset asked for by a script is a 404, not the page.
    expect((await app.inject({ method: 'GET', url: '/assets/gone-12345678.js', headers: { accept: '*/*' } })).statusCode).toBe(404);
  });

  it.skipIf(!available)('server routes keep theirs: unknown API, health, docs and metrics URLs answer the JSON 404, not the app', async () => {
    for (const url of ['/api/v1/nope', '/api/nope', '/api-docs/nope', '/health/nope', '/metrics/', '/docs/nope', '/.well-known/nope']) {
      const res = await app.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe('ROUTE_NOT_FOUND');
      expect(csp(res).get('default-src')).toEqual(["'none'"]);
      expect(csp(res).has('script-src'), url).toBe(false); // the API's policy, not the app's
    }
    expect((await app.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api-docs/json' })).statusCode).toBe(200);
    // /metrics is Prometheus (admin only); /metrics/<id> is the dashboard's metric page (a page load gets the app).
    expect((await app.inject({ method: 'GET', url: '/metrics', headers: html })).statusCode).toBe(401);
    const page = await app.inject({ method: 'GET', url: '/metrics/M-1/history', headers: html });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect((await app.inject({ method: 'GET', url: '/metrics/M-1', headers: { accept: 'application/json' } })).statusCode).toBe(404);
    // A non-HTML request for an app URL is the API's 404 too (a script mistyping a path gets JSON).
    expect((await app.inject({ method: 'GET', url: '/catalog', headers: { accept: 'application/json' } })).statusCode).toBe(404);
    // Writes never reach the app.
    expect((await app.inject({ method: 'POST', url: '/catalog', headers: html, payload: {} })).statusCode).toBe(404);
  });

  it.skipIf(!available)('without a build, / says how to make one: static HTML, no script, nothing allowed to load', async () => {
    const res = await bare.inject({ method: 'GET', url: '/', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('npm run build');
    expect(res.body).not.toMatch(/<script|<style|style=/i);
    const p = csp(res);
    expect(p.get('default-src')).toEqual(["'none'"]);
    expect(p.has('script-src')).toBe(false);
    expect(p.get('frame-ancestors')).toEqual(["'none'"]);
    expect((await bare.inject({ method: 'GET', url: '/catalog', headers: html })).body).toContain('npm run build');
  });
});
