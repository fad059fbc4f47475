import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/modules/services.js';
import { createSsoServices } from '../../src/modules/sso/index.js';
import { SECRET_KEY_REQUIRED } from '../../src/modules/sso/settings-service.js';
import { localContext } from '../../src/shared/context.js';
import { SecretBox } from '../../src/shared/secret-box.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';
import { startTestIdp, type TestIdp } from '../helpers/oidc-provider.js';
import { createSsoTestApp, type SsoTestApp } from '../helpers/sso.js';

const json = (r: LightMyRequestResponse) => r.json() as Record<string, any>;
const SECRET = 'the-client-secret-9f3a1c';
const OTHER_SECRET = 'another-client-secret-77b2';

const body = (overrides: Record<string, unknown> = {}) => ({
  issuer: 'https://idp.example.com', client_id: 'mdl', client_secret: SECRET,
  role_claim: 'groups', role_mappings: [{ value: 'mdl-admins', role: 'admin' }], default_role: 'viewer', ...overrides,
});

/**
 * The workspace SSO settings (admins): validation (issuer https or loopback http only), the sealed
 * client secret that is never answered or audited, the secret rules when the provider changes, the
 * audit trail, and the refusal to store anything without MDL_SECRET_KEY.
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`SSO settings on ${engine.label}`, () => {
    let t: SsoTestApp;
    const put = (payload: unknown) => t.admin.inject({ method: 'PUT', url: '/api/v1/settings/sso', payload: payload as Record<string, unknown> });
    const get = () => t.admin.inject({ method: 'GET', url: '/api/v1/settings/sso' });

    beforeAll(async () => { t = await createSsoTestApp(engine.name); });
    afterAll(async () => { await t?.close(); });

    it('saves, answers without the secret, seals it at rest and audits the change', async () => {
      expect((await get()).statusCode).toBe(404);
      const r = await put(body({ allowed_email_domains: ['Example.COM', 'example.com'], jit_provisioning: true }));
      expect(r.statusCode, r.body).toBe(200);
      expect(json(r)).toEqual({
        workspace_id: 'default', issuer: 'https://idp.example.com', client_id: 'mdl', client_secret_set: true,
        scopes: ['openid', 'email', 'profile'], allowed_email_domains: ['example.com'], role_claim: 'groups',
        role_mappings: [{ value: 'mdl-admins', role: 'admin' }], default_role: 'viewer', jit_provisioning: true, mfa_amr: null,
        redirect_uri: 'http://localhost/api/v1/auth/sso/default/callback', created_at: expect.any(String), updated_at: expect.any(String),
      });
      expect(r.body).not.toContain(SECRET);
      expect(json(await get())).toEqual(json(r));

      const row = await t.tdb.db.selectFrom('sso_providers').selectAll().where('workspace_id', '=', 'default').executeTakeFirstOrThrow();
      expect(SecretBox.isSealed(row.client_secret)).toBe(true);
      expect(JSON.stringify(row)).not.toContain(SECRET);
      const opened = await t.services.sso.settings.providerFor('default');
      expect(opened?.settings.clientSecret).toBe(SECRET);

      const events = await t.tdb.db.selectFrom('audit_events').selectAll().where('action', 'like', 'sso.config.%').execute();
      expect(events.map((e) => [e.action, e.entity_type, e.entity_id])).toEqual([['sso.config.create', 'sso_provider', 'default']]);
      expect(JSON.parse(events[0]!.after!)).toMatchObject({ issuer: 'https://idp.example.com', client_secret_changed: true });
    });

    it('keeps the stored secret when the client is unchanged, and asks for it again when the issuer or client id changes', async () => {
      expect((await put(body({ client_secret: undefined, jit_provisioning: false }))).statusCode).toBe(200);
      expect((await t.services.sso.settings.providerFor('default'))?.settings.clientSecret).toBe(SECRET);
      for (const change of [{ issuer: 'https://evil.example.net' }, { client_id: 'someone-else' }]) {
        const r = await put(body({ client_secret: undefined, ...change }));
        expect(r.statusCode).toBe(400);
        expect(json(r).error.details).toEqual([{ path: 'client_secret', message: 'is required when the issuer or client id changes' }]);
      }
      expect((await t.services.sso.settings.providerFor('default'))?.settings.issuer).toBe('https://idp.example.com');
      expect((await put(body({ client_id: 'mdl-2', client_secret: OTHER_SECRET }))).statusCode).toBe(200);
      expect((await t.services.sso.settings.providerFor('default'))?.settings.clientSecret).toBe(OTHER_SECRET);
      const audit = JSON.stringify(await t.tdb.db.selectFrom('audit_events').selectAll().execute());
      expect(audit).not.toContain(SECRET);
      expect(audit).not.toContain(OTHER_SECRET);
    });

    it('re-seals the client secret under a new MDL_SECRET_KEY (the old one kept for opening meanwhile)', async () => {
      const sealedBefore = (await t.tdb.db.selectFrom('sso_providers').select('client_secret').where('workspace_id', '=', 'default').executeTakeFirstOrThrow()).client_secret;
      const newKey = randomBytes(32);
      const rotated = createServices(t.tdb.db, undefined, { secretBox: new SecretBox([newKey, t.secretKey]) });
      expect((await rotated.sso.settings.providerFor('default'))?.settings.clientSecret).toBe(OTHER_SECRET);
      const reports = await rotated.secrets.resealAll();
      expect(reports.find((r) => r.table === 'sso_providers')).toEqual({ table: 'sso_providers', values: 1, resealed: 1, fromClear: 0 });
      const onlyNew = createServices(t.tdb.db, undefined, { secretBox: new SecretBox([newKey]) });
      expect((await onlyNew.sso.settings.providerFor('default'))?.settings.clientSecret).toBe(OTHER_SECRET);
      // Back under the app's own key, for the tests that follow.
      await t.tdb.db.updateTable('sso_providers').set({ client_secret: sealedBefore }).where('workspace_id', '=', 'default').execute();
    });

    it('validates the issuer (https, or http on loopback only) and the rules', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ issuer: 'http://idp.example.com' }, 'issuer'],
        [{ issuer: 'http://10.0.0.1:8080' }, 'issuer'],
        [{ issuer: 'ftp://idp.example.com' }, 'issuer'],
        [{ issuer: 'not a url' }, 'issuer'],
        [{ issuer: 'https://user:pw@idp.example.com' }, 'issuer'],
        [{ issuer: 'https://idp.example.com/?tenant=1' }, 'issuer'],
        [{ scopes: ['email'] }, 'scopes'],
        [{ allowed_email_domains: ['not a domain'] }, 'allowed_email_domains[0]'],
        [{ role_claim: null }, 'role_claim'],
        [{ role_mappings: [], default_role: null }, 'role_mappings'],
        [{ role_mappings: [{ value: 'x', role: 'owner' }] }, 'role_mappings[0].role'],
        [{ unexpected: true }, 'unexpected'],
      ];
      for (const [change, path] of cases) {
        const r = await put(body(change));
        expect(r.statusCode, JSON.stringify(change)).toBe(400);
        expect(json(r).error.code).toBe('VALIDATION_FAILED');
        expect(json(r).error.details.map((d: { path: string }) => d.path), JSON.stringify(change)).toContain(path);
      }
      for (const issuer of ['http://127.0.0.1:9999', 'http://localhost:8080/realms/mdl', 'http://[::1]:9000', 'https://login.example.com/tenant/v2.0']) {
        const r = await put(body({ issuer }));
        expect(r.statusCode, issuer).toBe(200);
        expect(json(r).issuer).toBe(issuer);
      }
    });

    it('is for admins of the workspace only, and each workspace has its own', async () => {
      const other = await t.adminOf('second');
      expect((await other.inject({ method: 'GET', url: '/api/v1/settings/sso' })).statusCode).toBe(404);
      expect((await other.inject({ method: 'PUT', url: '/api/v1/settings/sso', payload: body({ client_id: 'second-client' }) })).statusCode).toBe(200);
      expect(json(await get()).client_id).not.toBe('second-client');
      // A sealed secret is bound to its workspace: copied into another row, it does not open.
      const sealed = (await t.tdb.db.selectFrom('sso_providers').select('client_secret').where('workspace_id', '=', 'second').executeTakeFirstOrThrow()).client_secret;
      await t.tdb.db.updateTable('sso_providers').set({ client_secret: sealed }).where('workspace_id', '=', 'default').execute();
      await expect(t.services.sso.settings.providerFor('default')).rejects.toThrow(/failed authentication/);
    });

    it('deletes the configuration with its identities and pending logins, audited', async () => {
      const r = await t.admin.inject({ method: 'DELETE', url: '/api/v1/settings/sso' });
      expect(r.statusCode).toBe(204);
      expect((await get()).statusCode).toBe(404);
      expect((await t.admin.inject({ method: 'DELETE', url: '/api/v1/settings/sso' })).statusCode).toBe(404);
      const del = await t.tdb.db.selectFrom('audit_events').selectAll().where('action', '=', 'sso.config.delete').execute();
      expect(del).toHaveLength(1);
      expect(del[0]!.after).toBeNull();
      expect(await t.tdb.db.selectFrom('sso_providers').select('workspace_id').where('workspace_id', '=', 'default').execute()).toEqual([]);
    });
  });

  describe.skipIf(!engine.available)(`SSO redirect URI with MDL_PUBLIC_URL on ${engine.label}`, () => {
    let t: SsoTestApp;
    let idp: TestIdp;
    const publicCallback = 'https://mdl.example.com/api/v1/auth/sso/default/callback';
    beforeAll(async () => {
      t = await createSsoTestApp(engine.name, { publicUrl: 'https://mdl.example.com' });
      idp = await startTestIdp({ redirectUris: [publicCallback] });
    });
    afterAll(async () => { await idp?.close(); await t?.close(); });

    it('builds the redirect URI on the public origin, whatever Host the request carries', async () => {
      const r = await t.admin.inject({
        method: 'PUT', url: '/api/v1/settings/sso', headers: { host: 'attacker.example' },
        payload: { issuer: idp.issuer, client_id: idp.clientId, client_secret: idp.clientSecret, default_role: 'viewer' },
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(json(r).redirect_uri).toBe(publicCallback);
      const start = await t.raw.inject({ method: 'GET', url: '/api/v1/auth/sso/default/start', headers: { host: 'attacker.example' } });
      expect(start.statusCode, start.body).toBe(302);
      expect(new URL(start.headers.location as string).searchParams.get('redirect_uri')).toBe(publicCallback);
    });
  });

  describe.skipIf(!engine.available)(`SSO settings without MDL_SECRET_KEY (ephemeral test key only) on ${engine.label}`, () => {
    let t: TestApp;
    beforeAll(async () => { t = await createTestApp(engine.name); });
    afterAll(async () => { await t?.close(); });

    it('refuses to store a client secret', async () => {
      const r = await t.app.inject({ method: 'PUT', url: '/api/v1/settings/sso', payload: body() });
      expect(r.statusCode).toBe(400);
      expect(json(r).error.code).toBe('BAD_REQUEST');
      expect(json(r).error.message).toMatch(/^MDL_SECRET_KEY is required/);
      expect(await t.tdb.db.selectFrom('sso_providers').selectAll().execute()).toEqual([]);
      // No SecretBox at all: the same refusal.
      const none = createSsoServices(t.tdb.db, { secretBox: undefined, audit: t.services.history, users: t.services.identity.users, login: t.services.login });
      await expect(none.settings.put(localContext('test'), body())).rejects.toMatchObject({ code: 'BAD_REQUEST', message: SECRET_KEY_REQUIRED });
    });
  });
}
