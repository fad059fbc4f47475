import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedFetch, isNonPublicAddress, STRICT_SSO_NETWORK } from '../../src/modules/sso/outbound.js';
import { SsoRepository } from '../../src/modules/sso/repository.js';
import { SSO_UNAVAILABLE } from '../../src/modules/sso/service.js';
import { SecretBox } from '../../src/shared/secret-box.js';
import { ENGINES } from '../helpers/databases.js';
import { createSsoTestApp, type SsoTestApp } from '../helpers/sso.js';

const json = (r: LightMyRequestResponse) => r.json() as Record<string, any>;
const settings = (issuer: string) => ({ issuer, client_id: 'mdl', client_secret: 'the-client-secret-9f3a1c', default_role: 'viewer' });

/** A TCP listener on loopback that counts the connections it receives. */
async function countingListener(host = '127.0.0.1'): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = createTcpServer((socket) => { n++; socket.destroy(); });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { port: (server.address() as AddressInfo).port, connections: () => n, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * The SSO issuer is chosen by a workspace admin and fetched by the server on an unauthenticated
 * request (/auth/sso/:ws/start). By default only https to public hosts is allowed: at save, and again
 * for every request and every resolved address; failures all answer one neutral message.
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`SSO issuer network policy on ${engine.label}`, () => {
    let strict: SsoTestApp;
    let local: SsoTestApp;
    const servers: Array<{ close: () => Promise<void> }> = [];

    beforeAll(async () => {
      strict = await createSsoTestApp(engine.name, { network: STRICT_SSO_NETWORK });
      local = await createSsoTestApp(engine.name); // MDL_SSO_ALLOW_PRIVATE_ISSUERS=true, outside production
    });
    afterAll(async () => {
      for (const s of servers) await s.close();
      await strict?.close();
      await local?.close();
    });

    it('refuses loopback, private, link-local and plain-http issuers at save, naming the setting that allows them', async () => {
      for (const issuer of ['http://127.0.0.1:9999', 'https://127.0.0.1:9999', 'https://localhost', 'https://10.1.2.3', 'https://169.254.169.254',
        'https://[::1]:8443', 'https://[::ffff:127.0.0.1]', 'https://192.168.10.1/realms/x', 'https://0x7f000001', 'http://idp.example.com']) {
        const r = await strict.admin.inject({ method: 'PUT', url: '/api/v1/settings/sso', payload: settings(issuer) });
        expect(r.statusCode, issuer).toBe(400);
        expect(json(r).error.details[0].path, issuer).toBe('issuer');
      }
      const r = await strict.admin.inject({ method: 'PUT', url: '/api/v1/settings/sso', payload: settings('https://10.0.0.1') });
      expect(json(r).error.details[0].message).toContain('MDL_SSO_ALLOW_PRIVATE_ISSUERS');
      expect((await strict.admin.inject({ method: 'PUT', url: '/api/v1/settings/sso', payload: settings('https://login.example.com/tenant') })).statusCode).toBe(200);
    });

    it('never connects to a loopback issuer stored before the rule, and answers the neutral error', async () => {
      const probe = await countingListener();
      servers.push(probe);
      const ws = 'legacy';
      await strict.adminOf(ws);
      const now = new Date().toISOString();
      await new SsoRepository().putProvider(strict.tdb.db, {
        workspaceId: ws, issuer: `http://127.0.0.1:${probe.port}`, clientId: 'mdl', sealedSecret: new SecretBox([strict.secretKey]).seal('s3cret', `sso:${ws}`),
        scopes: ['openid'], allowedEmailDomains: [], roleClaim: null, roleMappings: [], defaultRole: 'viewer', jitProvisioning: false, mfaAmr: null, createdAt: now, updatedAt: now,
      });
      const r = await strict.get(`/api/v1/auth/sso/${ws}/start`, '203.0.113.7');
      expect(r.statusCode).toBe(502);
      expect(json(r).error).toEqual({ code: 'SSO_PROVIDER_UNAVAILABLE', message: SSO_UNAVAILABLE });
      expect(probe.connections()).toBe(0);
    });

    it('answers the same whatever listens at the issuer: nothing, a non-OIDC web server, or garbage', async () => {
      const closed = await countingListener();
      await closed.close(); // a port with nothing behind it
      const web: Server = createHttpServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>router admin</h1>'); });
      await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
      servers.push({ close: () => new Promise((r) => web.close(() => r())) });
      const garbage = await countingListener(); // accepts and hangs up at once
      servers.push(garbage);
      const answers: unknown[] = [];
      for (const [ws, port] of [['closed', closed.port], ['web', (web.address() as AddressInfo).port], ['garbage', garbage.port]] as const) {
        const admin = await local.adminOf(ws);
        expect((await admin.inject({ method: 'PUT', url: '/api/v1/settings/sso', payload: settings(`http://127.0.0.1:${port}`) })).statusCode).toBe(200);
        const r = await local.get(`/api/v1/auth/sso/${ws}/start`, '203.0.113.8');
        expect(r.statusCode, ws).toBe(502);
        answers.push(json(r).error);
      }
      expect(answers).toEqual([answers[0], answers[0], answers[0]]);
      expect(answers[0]).toEqual({ code: 'SSO_PROVIDER_UNAVAILABLE', message: SSO_UNAVAILABLE });
    });
  });
}

describe('guardedFetch', () => {
  it('checks the address a host name resolves to, not only the name', async () => {
    // This machine's own name resolves to one of its (non-public) addresses: a name no literal check can catch.
    const name = hostname();
    const { address } = await lookup(name);
    expect(isNonPublicAddress(address), `${name} -> ${address}`).toBe(true);
    const probe = await countingListener(address);
    try {
      const fetch = guardedFetch({ allowHttp: true, allowPrivate: false });
      // https is required for a non-loopback name; the lookup refuses the address before any connection.
      await expect(fetch(`https://${name}:${probe.port}/.well-known/openid-configuration`, { method: 'GET', headers: {} })).rejects.toMatchObject({ code: 'FORBIDDEN_ADDRESS' });
      expect(probe.connections()).toBe(0);
      // Allowed, the same request connects (and fails its TLS handshake against the bare listener).
      await expect(guardedFetch({ allowHttp: false, allowPrivate: true })(`https://${name}:${probe.port}/x`, { method: 'GET', headers: {} })).rejects.toBeDefined();
      expect(probe.connections()).toBe(1);
    } finally {
      await probe.close();
    }
  });
});
