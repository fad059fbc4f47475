import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

type Operation = { method: string; path: string; url: string; scope?: string };

/** Every operation of the OpenAPI document, with concrete URLs for its path parameters. */
async function operations(t: TestApp): Promise<Operation[]> {
  const doc = (await t.raw.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Record<string, { 'x-required-scope'?: string }>>(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      ops.push({ method: method.toUpperCase(), path, url: path.replace(/\{[^}]+\}/g, 'x'), scope: op['x-required-scope'] });
    }
  }
  return ops;
}

const PUBLIC = [
  'GET /.well-known/jwks.json', 'GET /api/v1/setup', 'GET /health/live', 'GET /health/ready',
  'POST /api/v1/auth/login', 'POST /api/v1/auth/mfa', 'POST /api/v1/auth/refresh', 'POST /api/v1/setup',
  // Single sign-on: the redirect to the workspace's identity provider and the way back from it.
  'GET /api/v1/auth/sso/{workspaceId}', 'GET /api/v1/auth/sso/{workspaceId}/start', 'GET /api/v1/auth/sso/{workspaceId}/callback',
  // The invitee accepts with the link's token, before they have any credential.
  'POST /api/v1/invitations/accept',
];

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`route inventory on ${engine.label}`, () => {
    let t: TestApp;
    let ops: Operation[];
    let onlySelf: string;
    let onlyMetricsRead: string;

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      ops = await operations(t);
      const key = async (scopes: string[]) => (await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: scopes.join('+'), scopes } })).json().key as string;
      onlySelf = await key(['self']);
      onlyMetricsRead = await key(['metrics:read']);
    });
    afterAll(async () => t?.close());

    it('declares exactly the expected public operations', () => {
      expect(ops.length).toBeGreaterThan(30);
      expect(ops.filter((o) => !o.scope).map((o) => `${o.method} ${o.path}`).sort()).toEqual([...PUBLIC].sort());
    });

    it('answers 401 to every protected operation without credentials, or with a bad one', async () => {
      for (const o of ops.filter((x) => x.scope)) {
        for (const headers of [{}, { authorization: 'Bearer not-a-token' }, { 'x-api-key': 'mdl_aaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }, { authorization: 'Basic YTpi' }]) {
          const r = await t.raw.inject({ method: o.method as 'GET', url: o.url, headers, ...(o.method === 'GET' || o.method === 'DELETE' ? {} : { payload: {} }) });
          expect(r.statusCode, `${o.method} ${o.path} ${JSON.stringify(headers)}`).toBe(401);
          expect(r.json().error.code).toBe('UNAUTHENTICATED');
        }
      }
    });

    it('answers 403 to every protected operation with a credential lacking its scope', async () => {
      for (const o of ops.filter((x) => x.scope)) {
        const weak = o.scope === 'self' ? onlyMetricsRead : onlySelf;
        const r = await t.as(weak).inject({ method: o.method as 'GET', url: o.url, ...(o.method === 'GET' || o.method === 'DELETE' ? {} : { payload: {} }) });
        expect(r.statusCode, `${o.method} ${o.path} needs ${o.scope}`).toBe(403);
        expect(r.json().error.code).toBe('FORBIDDEN');
      }
    });

    it('gives viewers reads and refuses them writes; editors write but cannot administer', async () => {
      const viewer = await t.login('viewer@example.com', 'viewer');
      const editor = await t.login('editor@example.com', 'editor');
      expect((await t.as(viewer.token).inject({ method: 'GET', url: '/api/v1/metrics' })).statusCode).toBe(200);
      expect((await t.as(viewer.token).inject({ method: 'POST', url: '/api/v1/domains', payload: { domain_id: 'd', name: 'D' } })).statusCode).toBe(403);
      expect((await t.as(editor.token).inject({ method: 'POST', url: '/api/v1/domains', payload: { domain_id: 'd', name: 'D' } })).statusCode).toBe(201);
      expect((await t.as(editor.token).inject({ method: 'GET', url: '/api/v1/members' })).statusCode).toBe(403);
      // A key can never be granted a scope its creator lacks.
      const escalate = await t.as(viewer.token).inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'x', scopes: ['metrics:write'] } });
      expect(escalate.statusCode).toBe(403);
    });
  });
}
