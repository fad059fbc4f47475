import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { buildApp } from '../../src/app.js';
import { requestFingerprint } from '../../src/http/idempotency.js';
import { IdempotencyRepository } from '../../src/modules/idempotency/repository.js';
import { createServices } from '../../src/modules/services.js';
import { createTestApp, withCredential, type Injector, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';
import { sampleDomain } from '../helpers/samples.js';
import { dbState, metric } from '../helpers/transfer.js';

/** `Idempotency-Key` on authenticated POST routes, over HTTP, on every engine. */

const CONFIG = { bodyLimit: 1024 * 1024, importBodyLimit: 10 * 1024 * 1024, requestTimeoutMs: 30_000 };
const HOUR = 60 * 60 * 1000;

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`Idempotency-Key on ${engine.label}`, () => {
    let t: TestApp;
    let adminPrincipal: string;
    const extraApps: FastifyInstance[] = [];

    /** A JSON POST, sent as the exact text given (objects are stringified), with an optional key. */
    function post(url: string, body: unknown, key?: string, opts: { as?: Injector; type?: string; headers?: Record<string, string> } = {}) {
      const headers: Record<string, string> = { 'content-type': opts.type ?? 'application/json', ...opts.headers };
      if (key !== undefined) headers['idempotency-key'] = key;
      const req: InjectOptions = { method: 'POST', url, headers, payload: typeof body === 'string' ? body : JSON.stringify(body) };
      return (opts.as ?? t.app).inject(req);
    }
    const rows = (key: string) => t.tdb.db.selectFrom('idempotency_keys').selectAll().where('idem_key', '=', key).orderBy('principal').execute();
    const countWhere = async (table: 'entity_versions' | 'audit_events', entityId: string) =>
      Number((await t.tdb.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('entity_id', '=', entityId).executeTakeFirstOrThrow()).n);
    async function anotherApp(idempotency?: Parameters<typeof buildApp>[0]['idempotency']): Promise<FastifyInstance> {
      const app = await buildApp({ config: CONFIG, db: t.tdb.db, services: createServices(t.tdb.db), idempotency });
      extraApps.push(app);
      return app;
    }

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      expect((await post('/api/v1/domains', sampleDomain())).statusCode).toBe(201);
      const admin = await t.tdb.db.selectFrom('users').select('id').where('email', '=', 'admin@example.com').executeTakeFirstOrThrow();
      adminPrincipal = `user:${admin.id}`;
    });
    afterEach(() => vi.restoreAllMocks());
    afterAll(async () => {
      for (const app of extraApps) await app.close();
      await t?.close();
    });

    it('replays a metric creation (201, Location, ETag, body) without running the handler again', async () => {
      const body = metric('IDEM-1');
      const first = await post('/api/v1/metrics', body, 'create-1');
      expect(first.statusCode, first.body).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const versions = await countWhere('entity_versions', 'IDEM-1');
      const audits = await countWhere('audit_events', 'IDEM-1');
      expect(versions).toBe(1);

      const spy = vi.spyOn(t.services.metrics, 'create');
      const second = await post('/api/v1/metrics', body, 'create-1');
      expect(second.statusCode).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.headers.location).toBe('/api/v1/metrics/IDEM-1');
      expect(second.headers.etag).toBe(first.headers.etag);
      expect(second.headers['content-type']).toBe(first.headers['content-type']);
      expect(second.body).toBe(first.body);
      expect(spy).not.toHaveBeenCalled();
      expect(await countWhere('entity_versions', 'IDEM-1')).toBe(versions);
      expect(await countWhere('audit_events', 'IDEM-1')).toBe(audits);

      const [row] = await rows('create-1');
      expect(row).toMatchObject({
        workspace_id: 'default', principal: adminPrincipal, route: 'POST /api/v1/metrics', status_code: 201,
        // The fingerprint is over the raw bytes as sent.
        request_hash: requestFingerprint({ method: 'POST', url: '/api/v1/metrics', contentType: 'application/json', body: JSON.stringify(body) }),
      });
      expect(JSON.parse(row!.response_headers!)).toEqual({ 'content-type': first.headers['content-type'], location: '/api/v1/metrics/IDEM-1', etag: first.headers.etag, 'cache-control': 'private, no-cache' });
      expect(Date.parse(row!.expires_at) - Date.parse(row!.created_at)).toBe(24 * HOUR);
    });

    it('answers 422 IDEMPOTENCY_KEY_REUSED when the key comes back with another body, URL or content type', async () => {
      const body = metric('IDEM-2');
      expect((await post('/api/v1/metrics', body, 'reuse-1')).statusCode).toBe(201);
      const cases = [
        post('/api/v1/metrics', metric('IDEM-2B'), 'reuse-1'),
        // Whitespace differs: the bytes are what count.
        post('/api/v1/metrics', JSON.stringify(body, null, 2), 'reuse-1'),
        post('/api/v1/metrics?x=1', body, 'reuse-1'),
        post('/api/v1/domains', body, 'reuse-1'),
        post('/api/v1/metrics', JSON.stringify(body), 'reuse-1', { type: 'text/plain' }),
      ];
      for (const r of await Promise.all(cases)) {
        expect(r.statusCode, r.body).toBe(422);
        expect(r.json()).toEqual({ error: { code: 'IDEMPOTENCY_KEY_REUSED', message: expect.any(String) }, requestId: expect.any(String) });
      }
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/metrics/IDEM-2B' })).statusCode).toBe(404);
      // The content-type parameters other than charset do not matter, and the case of the type does not either.
      const same = await post('/api/v1/metrics', body, 'reuse-1', { type: 'Application/JSON' });
      expect(same.statusCode).toBe(201);
      expect(same.headers['idempotent-replayed']).toBe('true');
    });

    it('keeps one key space per principal: users and API keys do not see each other\'s keys', async () => {
      const editor = await t.login('idem-editor@example.com', 'editor');
      const created = await post('/api/v1/api-keys', { name: 'idem-bot', scopes: ['metrics:write'] });
      expect(created.statusCode, created.body).toBe(201);
      const apiKey = created.json().key as string;

      const asAdmin = await post('/api/v1/metrics', metric('IDEM-3'), 'shared');
      const asEditor = await post('/api/v1/metrics', metric('IDEM-4'), 'shared', { as: t.as(editor.token) });
      const asKey = await post('/api/v1/metrics', metric('IDEM-5'), 'shared', { as: t.as(apiKey) });
      for (const r of [asAdmin, asEditor, asKey]) {
        expect(r.statusCode, r.body).toBe(201);
        expect(r.headers['idempotent-replayed']).toBeUndefined();
      }
      expect((await rows('shared')).map((r) => r.principal).sort()).toEqual(
        [adminPrincipal, `user:${editor.userId}`, `api_key:${created.json().record.id}`].sort());
      // Each replays its own.
      const again = await post('/api/v1/metrics', metric('IDEM-4'), 'shared', { as: t.as(editor.token) });
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json().metric_id).toBe('IDEM-4');
    });

    it('answers 409 IDEMPOTENCY_IN_PROGRESS (Retry-After: 1) while the first request runs, and reclaims an abandoned one', async () => {
      const body = JSON.stringify(metric('IDEM-6'));
      const now = new Date();
      const inFlight = {
        workspace_id: 'default', principal: adminPrincipal, idem_key: 'flight-1', route: 'POST /api/v1/metrics',
        request_hash: requestFingerprint({ method: 'POST', url: '/api/v1/metrics', contentType: 'application/json', body }),
        status_code: null, response_headers: null, response_body: null,
        created_at: now.toISOString(), expires_at: new Date(now.getTime() + 24 * HOUR).toISOString(),
      };
      await new IdempotencyRepository().insert(t.tdb.db, inFlight);

      const busy = await post('/api/v1/metrics', body, 'flight-1');
      expect(busy.statusCode, busy.body).toBe(409);
      expect(busy.headers['retry-after']).toBe('1');
      expect(busy.json().error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/metrics/IDEM-6' })).statusCode).toBe(404);
      // A different body is a misuse of the key, in flight or not.
      expect((await post('/api/v1/metrics', metric('IDEM-6B'), 'flight-1')).statusCode).toBe(422);

      // Ten minutes later the in-flight row counts as abandoned (its process died): the request runs.
      const old = new Date(now.getTime() - 10 * 60 * 1000).toISOString();
      await t.tdb.db.updateTable('idempotency_keys').set({ created_at: old }).where('idem_key', '=', 'flight-1').execute();
      const reclaimed = await post('/api/v1/metrics', body, 'flight-1');
      expect(reclaimed.statusCode, reclaimed.body).toBe(201);
      expect(reclaimed.headers['idempotent-replayed']).toBeUndefined();
      expect((await rows('flight-1'))[0]).toMatchObject({ status_code: 201 });
      expect((await post('/api/v1/metrics', body, 'flight-1')).headers['idempotent-replayed']).toBe('true');
    });

    it('holds across app instances and restarts (the keys live in the database)', async () => {
      const body = metric('IDEM-7');
      const first = await post('/api/v1/metrics', body, 'instances-1');
      expect(first.statusCode).toBe(201);

      const other = await anotherApp();
      const fromOther = await post('/api/v1/metrics', body, 'instances-1', { as: withCredential(other, t.adminToken) });
      expect(fromOther.statusCode).toBe(201);
      expect(fromOther.headers['idempotent-replayed']).toBe('true');
      expect(fromOther.body).toBe(first.body);
      await other.close();

      const restarted = await anotherApp();
      const afterRestart = withCredential(restarted, t.adminToken);
      expect((await post('/api/v1/metrics', body, 'instances-1', { as: afterRestart })).headers['idempotent-replayed']).toBe('true');
      expect((await post('/api/v1/metrics', metric('IDEM-7B'), 'instances-1', { as: afterRestart })).statusCode).toBe(422);
      expect(await countWhere('entity_versions', 'IDEM-7')).toBe(1);
    });

    it('keeps a key for 24 hours from its first use, then runs the request again (injectable clock)', async () => {
      let now = new Date();
      const app = withCredential(await anotherApp({ clock: () => now }), t.adminToken);
      const first = await post('/api/v1/metrics', metric('IDEM-8'), 'expiry-1', { as: app });
      expect(first.statusCode).toBe(201);
      const [row] = await rows('expiry-1');
      expect(row!.expires_at).toBe(new Date(now.getTime() + 24 * HOUR).toISOString());

      now = new Date(now.getTime() + 24 * HOUR - 1);
      expect((await post('/api/v1/metrics', metric('IDEM-8'), 'expiry-1', { as: app })).headers['idempotent-replayed']).toBe('true');
      expect((await post('/api/v1/metrics', metric('IDEM-8B'), 'expiry-1', { as: app })).statusCode).toBe(422);

      // At 24 h the row has expired: it is ignored and overwritten, even by a different body.
      now = new Date(now.getTime() + 1);
      const fresh = await post('/api/v1/metrics', metric('IDEM-8B'), 'expiry-1', { as: app });
      expect(fresh.statusCode, fresh.body).toBe(201);
      expect(fresh.headers['idempotent-replayed']).toBeUndefined();
      const [after] = await rows('expiry-1');
      expect(after).toMatchObject({ created_at: now.toISOString(), status_code: 201 });
      expect(after!.request_hash).not.toBe(row!.request_hash);
      // The old request with the same key now gets the conflict, not a replay: the key belongs to the new one.
      expect((await post('/api/v1/metrics', metric('IDEM-8'), 'expiry-1', { as: app })).statusCode).toBe(422);
    });

    it('replays API key creation without the secret (shown once, never stored in clear), creating one key', async () => {
      const body = { name: 'idem-ci', scopes: ['metrics:read'] };
      const first = await post('/api/v1/api-keys', body, 'apikey-1');
      expect(first.statusCode, first.body).toBe(201);
      const second = await post('/api/v1/api-keys', body, 'apikey-1');
      expect(second.statusCode).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.headers['cache-control']).toBe('no-store');
      expect(second.json()).toEqual({ ...first.json(), key: null });
      const secret = first.json().key as string;
      const stored = JSON.stringify(await t.tdb.db.selectFrom('idempotency_keys').selectAll().execute());
      expect(stored).not.toContain(secret.slice('mdl_'.length + 11));
      const keys = await t.tdb.db.selectFrom('api_keys').select('id').where('name', '=', 'idem-ci').execute();
      expect(keys).toHaveLength(1);
      const events = await t.tdb.db.selectFrom('audit_events').select('id').where('action', '=', 'api_key.create').where('entity_id', '=', keys[0]!.id).execute();
      expect(events).toHaveLength(1);
      // The secret from the first response works.
      expect((await t.as(secret).inject({ method: 'GET', url: '/api/v1/metrics' })).statusCode).toBe(200);
    });

    it('replays an import (YAML and JSON bodies hashed as sent) without writing again', async () => {
      const file = { metrics: [metric('IDEM-IMP-1'), metric('IDEM-IMP-2')] };
      const yaml = stringify(file);
      const first = await post('/api/v1/import', yaml, 'import-1', { type: 'application/yaml' });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ committed: true, counts: { metric: { created: 2 } } });
      expect((await rows('import-1'))[0]!.request_hash).toBe(requestFingerprint({ method: 'POST', url: '/api/v1/import', contentType: 'application/yaml', body: yaml }));

      const before = await dbState(t.tdb.db);
      const spy = vi.spyOn(t.services.importer, 'import');
      const second = await post('/api/v1/import', yaml, 'import-1', { type: 'application/yaml' });
      expect(second.statusCode).toBe(200);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toBe(first.body); // duration_ms included: the same report, not a second run
      expect(spy).not.toHaveBeenCalled();
      expect(await dbState(t.tdb.db)).toEqual(before);

      // The same file as JSON is different bytes: another request.
      expect((await post('/api/v1/import', file, 'import-1')).statusCode).toBe(422);
      const json = await post('/api/v1/import', file, 'import-2');
      expect(json.statusCode).toBe(200);
      expect(json.json().counts.metric).toMatchObject({ created: 0, unchanged: 2 });
      expect((await rows('import-2'))[0]!.request_hash).toBe(requestFingerprint({ method: 'POST', url: '/api/v1/import', contentType: 'application/json', body: JSON.stringify(file) }));
      expect((await post('/api/v1/import', file, 'import-2')).headers['idempotent-replayed']).toBe('true');
      // Query parameters are part of the request.
      expect((await post('/api/v1/import?dry_run=true', file, 'import-2')).statusCode).toBe(422);
    });

    it('does not store a 5xx: the key is released, and a retry runs the request', async () => {
      const body = metric('IDEM-9');
      vi.spyOn(t.services.metrics, 'create').mockRejectedValueOnce(new Error('database went away'));
      const failed = await post('/api/v1/metrics', body, 'fail-1');
      expect(failed.statusCode).toBe(500);
      expect(await rows('fail-1')).toEqual([]);
      const retried = await post('/api/v1/metrics', body, 'fail-1');
      expect(retried.statusCode, retried.body).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
      expect(await rows('fail-1')).toHaveLength(1);
    });

    it('stores and replays a 4xx answer of the handler (the first requestId included)', async () => {
      const first = await post('/api/v1/metrics', { metric_id: 'IDEM-BAD' }, 'bad-1');
      expect(first.statusCode).toBe(400);
      const second = await post('/api/v1/metrics', { metric_id: 'IDEM-BAD' }, 'bad-1');
      expect(second.statusCode).toBe(400);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.json()).toEqual(first.json());
      // Errors before the handler (here a malformed body) are not stored.
      expect((await post('/api/v1/metrics', '{"metric_id":', 'bad-2')).statusCode).toBe(400);
      expect(await rows('bad-2')).toEqual([]);
    });

    it('checks the key: 1-255 visible ASCII characters, else 400 before the body is used', async () => {
      for (const key of ['', 'x'.repeat(256), 'with space', 'caf\u00e9']) {
        const r = await post('/api/v1/metrics', metric('IDEM-HDR'), key);
        expect(r.statusCode, JSON.stringify(key)).toBe(400);
        expect(r.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'headers.idempotency-key' }] });
      }
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/metrics/IDEM-HDR' })).statusCode).toBe(404);
      const longest = 'k'.repeat(255);
      expect((await post('/api/v1/metrics', metric('IDEM-HDR'), longest)).statusCode).toBe(201);
      expect((await post('/api/v1/metrics', metric('IDEM-HDR'), longest)).headers['idempotent-replayed']).toBe('true');
      expect((await post('/api/v1/metrics', metric('IDEM-HDR2'), '~!#$%&*+-.^_`|0aZ')).statusCode).toBe(201);
    });

    it('changes nothing without the header, on public routes, on other methods, or before authentication', async () => {
      const body = metric('IDEM-10');
      expect((await post('/api/v1/metrics', body)).statusCode).toBe(201);
      const dup = await post('/api/v1/metrics', body);
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('ALREADY_EXISTS');

      // Login is public: the header is ignored there (each login opens its own session), even malformed.
      const login = { email: 'admin@example.com', password: 'correct horse battery staple 42' };
      const a = await post('/api/v1/auth/login', login, 'login-1', { as: t.raw });
      const b = await post('/api/v1/auth/login', login, 'login-1', { as: t.raw });
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      expect(b.headers['idempotent-replayed']).toBeUndefined();
      expect(a.json().refresh_token).not.toBe(b.json().refresh_token);
      expect((await post('/api/v1/auth/login', login, 'with space', { as: t.raw })).statusCode).toBe(200);
      expect(await rows('login-1')).toEqual([]);

      const get = await t.app.inject({ method: 'GET', url: '/api/v1/metrics/IDEM-10', headers: { 'idempotency-key': 'with space' } });
      expect(get.statusCode).toBe(200);
      const anonymous = await post('/api/v1/metrics', metric('IDEM-11'), 'anon-1', { as: t.raw });
      expect(anonymous.statusCode).toBe(401);
      expect(await rows('anon-1')).toEqual([]);
    });
  });
}
