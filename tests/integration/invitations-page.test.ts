import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * The page an invitation link opens (GET /invite) and its script (GET /invite.js). The token is a
 * credential in the URL fragment: the page must run no inline script, talk to no other origin, send
 * no Referer, and the script must keep the token out of storage, cookies and the address bar, and
 * hand it only to POST /api/v1/invitations/accept on the same origin. Checked on the served text,
 * and by running the script against stand-in browser objects that record what it touches.
 */
type Directives = Map<string, string[]>;
const parseCsp = (header: string): Directives =>
  new Map(header.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name!.toLowerCase(), values];
  }));

describe('the invitation accept page', () => {
  let t: TestApp;
  let page: { status: number; headers: Record<string, unknown>; body: string };
  let script: { status: number; headers: Record<string, unknown>; body: string };

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    // Public: no credential is sent.
    const p = await t.raw.inject({ method: 'GET', url: '/invite' });
    const s = await t.raw.inject({ method: 'GET', url: '/invite.js' });
    page = { status: p.statusCode, headers: p.headers, body: p.body };
    script = { status: s.statusCode, headers: s.headers, body: s.body };
  });
  afterAll(async () => t?.close());

  it('serves both under a strict CSP: scripts from this origin only, no inline script, connections to this origin only', () => {
    expect(page.status).toBe(200);
    expect(script.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    for (const r of [page, script]) {
      const csp = parseCsp(String(r.headers['content-security-policy']));
      expect(csp.get('default-src')).toEqual(["'none'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('script-src-attr')).toEqual(["'none'"]);
      expect(csp.get('connect-src')).toEqual(["'self'"]);
      for (const d of ['base-uri', 'form-action', 'frame-ancestors', 'object-src']) expect(csp.get(d), d).toEqual(["'none'"]);
      // Nothing that would let inline code or another origin back in.
      expect(String(r.headers['content-security-policy'])).not.toMatch(/unsafe-|nonce-|sha(256|384|512)-|\*|https?:|data:|blob:/);
      expect(csp.has('style-src') || csp.has('img-src')).toBe(false);
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['set-cookie']).toBeUndefined();
    }
  });

  it('the page has no inline script, handler or style, and asks for no referrer itself too', () => {
    const scripts = [...page.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]![1]).toMatch(/\bsrc="\/invite\.js"/);
    expect(scripts[0]![2]).toBe('');
    expect(page.body).not.toMatch(/\son[a-z]+\s*=/i); // no inline event handlers
    expect(page.body).not.toMatch(/javascript:|<style|\sstyle\s*=|<iframe|<object|<embed|<link\b/i);
    expect(page.body).toContain('<meta name="referrer" content="no-referrer">');
    // The form is never submitted by the browser (form-action 'none'): the script posts JSON itself.
    expect(page.body).not.toMatch(/<form[^>]*\s(action|method)=/i);
    expect(page.body).toMatch(/<input id="password" type="password" autocomplete="current-password"/);
  });

  it('the script never puts the token in storage or cookies, and sends it nowhere but the accept route', () => {
    const s = script.body;
    expect(s).not.toMatch(/localStorage|sessionStorage|indexedDB|document\.cookie|caches\.|serviceWorker|postMessage|window\.name|console\./);
    expect(s).not.toMatch(/https?:\/\//); // only same-origin, relative URLs
    expect([...s.matchAll(/fetch\(/g)]).toHaveLength(1);
    expect(s).toMatch(/fetch\('\/api\/v1\/invitations\/accept', \{ method: 'POST'/);
    expect(s).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  });

  it('run against stand-in browser objects: the fragment is cleared at once, storage untouched, the token posted once in cookie mode', async () => {
    const TOKEN = 'T'.repeat(43);
    const touched: string[] = [];
    const trap = (name: string) => new Proxy({}, { get: (_o, k) => { touched.push(`${name}.${String(k)}`); return () => undefined; } });
    const elements = new Map<string, Record<string, unknown>>();
    const el = (id: string) => {
      if (!elements.has(id)) {
        const listeners: Record<string, (e: unknown) => void> = {};
        elements.set(id, {
          id, hidden: true, value: id === 'password' ? 'the invitee password 1' : '', textContent: '', listeners,
          addEventListener: (type: string, cb: (e: unknown) => void) => { listeners[type] = cb; },
        });
      }
      return elements.get(id)!;
    };
    const docListeners: Record<string, () => void> = {};
    const document: Record<string, unknown> = {
      addEventListener: (type: string, cb: () => void) => { docListeners[type] = cb; },
      getElementById: el,
    };
    Object.defineProperty(document, 'cookie', { get: () => { touched.push('document.cookie'); return ''; }, set: () => { touched.push('document.cookie='); } });
    const location = { hash: `#token=${TOKEN}`, pathname: '/invite', href: `http://localhost/invite#token=${TOKEN}` };
    const replaced: unknown[][] = [];
    const fetches: Array<{ url: string; init: { method: string; headers: Record<string, string>; body: string; credentials: string } }> = [];
    let answer: () => Promise<unknown> = () => new Promise(() => undefined);
    const context = {
      location, document, URLSearchParams, JSON,
      history: { replaceState: (...a: unknown[]) => { replaced.push(a); location.hash = ''; } },
      fetch: (url: string, init: never) => { fetches.push({ url, init }); return answer(); },
      localStorage: trap('localStorage'), sessionStorage: trap('sessionStorage'), indexedDB: trap('indexedDB'), caches: trap('caches'),
      navigator: trap('navigator'), console: trap('console'), window: trap('window'), self: trap('self'),
    };
    runInNewContext(script.body, context);

    // Before the page is even parsed, the token is gone from the address bar and the history entry.
    expect(replaced).toEqual([[null, '', '/invite']]);
    docListeners.DOMContentLoaded!();
    expect(el('accept').hidden).toBe(false);
    expect(el('missing').hidden).toBe(true);

    answer = async () => ({ ok: true, json: async () => ({ workspace_id: 'default', role: 'editor', token_type: 'Cookie' }) });
    let prevented = false;
    (el('accept').listeners as Record<string, (e: unknown) => void>).submit!({ preventDefault: () => { prevented = true; } });
    expect(prevented).toBe(true);
    expect(fetches).toHaveLength(1);
    expect(fetches[0]!.url).toBe('/api/v1/invitations/accept');
    expect(fetches[0]!.init).toMatchObject({ method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(fetches[0]!.init.body)).toEqual({ token: TOKEN, password: 'the invitee password 1', mode: 'cookie' });
    await new Promise((r) => setTimeout(r, 10));
    expect(el('status').textContent).toBe('You joined workspace default as editor. You are signed in.');
    expect(touched).toEqual([]);

    // Opened without a token: it says so and posts nothing.
    const bare = { ...context, location: { hash: '', pathname: '/invite', href: 'http://localhost/invite' }, document: { ...document, addEventListener: (_t: string, cb: () => void) => cb() } };
    elements.clear();
    fetches.length = 0;
    replaced.length = 0;
    runInNewContext(script.body, bare);
    expect(el('missing').hidden).toBe(false);
    expect(el('accept').hidden).toBe(true);
    expect(replaced).toEqual([]);
    expect(fetches).toEqual([]);
    expect(touched).toEqual([]);
  });
});
