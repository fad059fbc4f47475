// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * The dashboard's API client (web/src/api/client.ts) against a scripted fetch: the CSRF header on
 * writes only, and a 401 mid-session — refresh once, retry a read, else hand over to sign-in.
 */
type Call = { url: string; method: string; csrf: string | null };
const calls: Call[] = [];
let answers: Array<(c: Call) => Response> = [];
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const fakeFetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
  const req = input instanceof Request ? input : new Request(new URL(String(input), location.origin), init);
  const call = { url: new URL(req.url).pathname, method: req.method, csrf: req.headers.get('x-csrf-token') };
  calls.push(call);
  const next = answers.shift();
  if (!next) throw new Error(`unexpected ${call.method} ${call.url}`);
  return next(call);
});

let client: typeof import('../../web/src/api/client.js');

beforeAll(async () => {
  vi.stubGlobal('fetch', fakeFetch);
  client = await import('../../web/src/api/client.js'); // after the stub: openapi-fetch takes fetch at creation
});
afterEach(() => {
  calls.length = 0;
  answers = [];
  document.cookie = 'mdl_csrf=; max-age=0; path=/';
  client.rememberCsrf(undefined);
});

describe('the dashboard API client', () => {
  it('reads the CSRF token from the cookie (either name), else from the login answer', () => {
    expect(client.csrfToken('a=1; mdl_csrf=tok%2Bx; b=2')).toBe('tok+x');
    expect(client.csrfToken('__Host-mdl_csrf=secure')).toBe('secure');
    expect(client.csrfToken('other=1')).toBeUndefined();
    client.rememberCsrf('from-login');
    expect(client.csrfToken('other=1')).toBe('from-login');
  });

  it('sends X-CSRF-Token on writes, never on reads', async () => {
    document.cookie = 'mdl_csrf=the-token; path=/';
    answers = [() => json(200, { needs_setup: false }), () => new Response(null, { status: 204 })];
    await client.api.GET('/api/v1/setup');
    await client.api.POST('/api/v1/auth/logout');
    expect(calls).toEqual([
      { url: '/api/v1/setup', method: 'GET', csrf: null },
      { url: '/api/v1/auth/logout', method: 'POST', csrf: 'the-token' },
    ]);
  });

  it('a 401 on a read refreshes the session once and retries; the caller sees the retried answer', async () => {
    document.cookie = 'mdl_csrf=the-token; path=/';
    const ended = vi.fn();
    client.setSessionEndedHandler(ended);
    answers = [() => json(401, { error: { code: 'UNAUTHORIZED', message: 'authentication required' } }), () => json(200, { token_type: 'Cookie' }), () => json(200, { items: [] })];
    const res = await client.unwrap(client.api.GET('/api/v1/workspaces'));
    expect(res).toEqual({ items: [] });
    expect(calls.map((c) => `${c.method} ${c.url} ${c.csrf}`)).toEqual(['GET /api/v1/workspaces null', 'POST /api/v1/auth/refresh the-token', 'GET /api/v1/workspaces null']);
    expect(ended).not.toHaveBeenCalled();
  });

  it('when the refresh fails too, the session has ended: the handler runs and the caller gets the 401', async () => {
    document.cookie = 'mdl_csrf=the-token; path=/';
    const ended = vi.fn();
    client.setSessionEndedHandler(ended);
    answers = [() => json(401, { error: { code: 'UNAUTHORIZED', message: 'authentication required' } }), () => json(401, {})];
    const err = await client.unwrap(client.api.GET('/api/v1/workspaces')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(client.ApiError);
    expect((err as InstanceType<typeof client.ApiError>).status).toBe(401);
    expect(ended).toHaveBeenCalledOnce();
  });

  it('a 401 from sign-in itself is an answer (wrong password), not an ended session', async () => {
    const ended = vi.fn();
    client.setSessionEndedHandler(ended);
    answers = [() => json(401, { error: { code: 'UNAUTHORIZED', message: 'invalid email or password' } })];
    const err = await client.unwrap(client.api.POST('/api/v1/auth/login', { body: { email: 'a@b.c', password: 'x', mode: 'cookie' } })).catch((e: unknown) => e);
    expect((err as Error).message).toBe('invalid email or password');
    expect(calls).toHaveLength(1);
    expect(ended).not.toHaveBeenCalled();
  });

  it('a network failure becomes an ApiError with status 0', async () => {
    answers = [() => { throw new TypeError('Failed to fetch'); }];
    const err = await client.unwrap(client.api.GET('/api/v1/setup')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(client.ApiError);
    expect((err as InstanceType<typeof client.ApiError>).isNetwork).toBe(true);
  });
});
