import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditService } from '../../src/modules/audit/service.js';
import { ApiKeyAuthenticationError, ApiKeyService, type ApiKeyFailure } from '../../src/modules/auth/api-keys.js';
import { ROLE_SCOPES, SCOPES, type Scope } from '../../src/modules/auth/permissions.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/shared/errors.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';

const ADMIN = new Set<Scope>(ROLE_SCOPES.admin);
const VIEWER = new Set<Scope>(ROLE_SCOPES.viewer);

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`API keys on ${engine.label}`, () => {
    let tdb: TestDatabase;
    let keys: ApiKeyService;
    let now = new Date('2030-01-01T00:00:00.000Z');
    const advance = (ms: number) => { now = new Date(now.getTime() + ms); };

    async function expectFailure(raw: string, reason: ApiKeyFailure) {
      const err = await keys.authenticate(raw).then(() => undefined, (e: unknown) => e);
      expect(err, reason).toBeInstanceOf(ApiKeyAuthenticationError);
      expect(err).toMatchObject({ code: 'UNAUTHENTICATED', message: 'invalid API key', reason });
    }
    const base = { workspaceId: 'default', userId: 'u-admin', creatorScopes: ADMIN, name: 'ci' };

    beforeAll(async () => {
      tdb = await createTestDatabase(engine.name);
      const at = new Date().toISOString();
      await tdb.db.insertInto('workspaces').values({ id: 'other', name: 'Other', catalog_meta: null, created_at: at }).execute();
      await tdb.db.insertInto('users').values(['u-admin', 'u-viewer', 'u-gone'].map((id) => ({
        id, email: `${id}@example.com`, display_name: id, password_hash: null, status: 'active', created_at: at, updated_at: at,
      }))).execute();
      await tdb.db.insertInto('memberships').values([
        { workspace_id: 'default', user_id: 'u-admin', role: 'admin', created_at: at },
        { workspace_id: 'other', user_id: 'u-admin', role: 'editor', created_at: at },
        { workspace_id: 'default', user_id: 'u-viewer', role: 'viewer', created_at: at },
        { workspace_id: 'default', user_id: 'u-gone', role: 'editor', created_at: at },
      ]).execute();
      keys = new ApiKeyService(tdb.db, { clock: () => now });
    });
    afterAll(async () => tdb?.destroy());

    it('creates a key shown once, stores only the hash of its secret, and authenticates it', async () => {
      const { key, record } = await keys.create({ ...base, name: '  deploy bot ', scopes: ['metrics:read', 'metrics:write', 'metrics:read'], expiresAt: '2030-06-01T00:00:00Z' });
      expect(key).toMatch(/^mdl_[a-z2-7]{10}_[A-Za-z0-9_-]{43}$/);
      expect(record).toEqual({
        id: expect.stringMatching(/^key_/), workspace_id: 'default', user_id: 'u-admin', name: 'deploy bot', prefix: key.split('_')[1],
        scopes: ['metrics:read', 'metrics:write'], created_at: now.toISOString(), expires_at: '2030-06-01T00:00:00.000Z', last_used_at: null, revoked_at: null,
      });
      const secret = key.slice(`mdl_${record.prefix}_`.length);
      const stored = await tdb.db.selectFrom('api_keys').selectAll().where('id', '=', record.id).executeTakeFirstOrThrow();
      expect(stored.secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored)).not.toContain(secret);

      const p = await keys.authenticate(key);
      expect(p).toEqual({ keyId: record.id, userId: 'u-admin', workspaceId: 'default', role: 'admin', scopes: new Set(['metrics:read', 'metrics:write']), expiresAt: '2030-06-01T00:00:00.000Z' });

      const events = await tdb.db.selectFrom('audit_events').selectAll().where('entity_id', '=', record.id).execute();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: 'api_key.create', actor: 'u-admin', entity_type: 'api_key', workspace_id: 'default' });
      expect(JSON.parse(events[0]!.after!)).toEqual({ name: 'deploy bot', prefix: record.prefix, user_id: 'u-admin', scopes: ['metrics:read', 'metrics:write'], expires_at: '2030-06-01T00:00:00.000Z' });
      expect(JSON.stringify(events)).not.toContain(secret);
      expect(JSON.stringify(events)).not.toContain(stored.secret_hash);
    });

    it('never grants a scope the creator lacks, and validates the rest', async () => {
      const forbidden = await keys.create({ ...base, creatorScopes: VIEWER, scopes: ['metrics:read', 'metrics:write', 'admin'] }).catch((e: unknown) => e);
      expect(forbidden).toBeInstanceOf(ForbiddenError);
      expect(forbidden).toMatchObject({ message: expect.stringContaining('metrics:write, admin'), details: { scopes: ['metrics:write', 'admin'] } });
      const invalid = async (over: Record<string, unknown>, path: string) => {
        const err = await keys.create({ ...base, scopes: ['metrics:read'], ...over } as never).catch((e: unknown) => e);
        expect(err, path).toBeInstanceOf(ValidationError);
        expect((err as ValidationError).details.map((i) => i.path)).toContain(path);
      };
      await invalid({ scopes: [] }, 'scopes');
      await invalid({ scopes: ['metrics:read', 'root', 'metrics:delete'] }, 'scopes');
      await invalid({ scopes: 'metrics:read' }, 'scopes');
      await invalid({ name: '   ' }, 'name');
      await invalid({ name: 'x'.repeat(101) }, 'name');
      await invalid({ expiresAt: '2029-12-31T23:59:59Z' }, 'expires_at');
      await invalid({ expiresAt: now.toISOString() }, 'expires_at');
      await invalid({ expiresAt: 'next week' }, 'expires_at');
      expect(await tdb.db.selectFrom('api_keys').select('id').where('name', '!=', 'deploy bot').execute()).toEqual([]);
    });

    it('refuses malformed, unknown, wrong, revoked and expired keys with one message and a precise reason', async () => {
      const { key, record } = await keys.create({ ...base, scopes: ['metrics:read'], expiresAt: new Date(now.getTime() + 3_600_000).toISOString() });
      await expectFailure('not-a-key', 'malformed');
      await expectFailure(`Bearer ${key}`, 'malformed');
      await expectFailure(key.replace(/^mdl_[a-z2-7]{10}/, 'mdl_aaaaaaaaaa'), 'unknown prefix');
      const flipped = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
      await expectFailure(flipped, 'wrong secret');
      advance(3_600_000);
      await expectFailure(key, 'expired');
      now = new Date(now.getTime() - 3_600_000);
      await keys.authenticate(key);
      await keys.revoke('default', record.id, { actor: 'admin-user' });
      await expectFailure(key, 'revoked');
    });

    it("limits a key to its owner's current role, and stops it when the owner is disabled or leaves", async () => {
      const { key } = await keys.create({ ...base, userId: 'u-viewer', scopes: ['metrics:read', 'metrics:write'] });
      expect((await keys.authenticate(key)).scopes).toEqual(new Set(['metrics:read']));
      await tdb.db.updateTable('memberships').set({ role: 'editor' }).where('user_id', '=', 'u-viewer').execute();
      expect((await keys.authenticate(key)).scopes).toEqual(new Set(['metrics:read', 'metrics:write']));

      const gone = await keys.create({ ...base, userId: 'u-gone', scopes: ['metrics:read'] });
      await tdb.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', 'u-gone').execute();
      await expectFailure(gone.key, 'owner inactive');
      await tdb.db.updateTable('users').set({ status: 'active' }).where('id', '=', 'u-gone').execute();
      await tdb.db.deleteFrom('memberships').where('user_id', '=', 'u-gone').execute();
      await expectFailure(gone.key, 'owner not a member');
    });

    it('records the last use at most once a minute', async () => {
      const { key, record } = await keys.create({ ...base, scopes: ['export'] });
      const lastUsed = async () => (await keys.list('default')).find((k) => k.id === record.id)!.last_used_at;
      const t0 = now.toISOString();
      await keys.authenticate(key);
      expect(await lastUsed()).toBe(t0);
      advance(59_000);
      await keys.authenticate(key);
      expect(await lastUsed()).toBe(t0);
      advance(2_000);
      await keys.authenticate(key);
      expect(await lastUsed()).toBe(now.toISOString());
    });

    it('lists keys without hashes, per workspace and per user', async () => {
      const { record } = await keys.create({ ...base, workspaceId: 'other', creatorScopes: new Set(SCOPES), scopes: ['domains:read'] });
      const inDefault = await keys.list('default');
      expect(inDefault.length).toBeGreaterThan(3);
      expect(inDefault.every((k) => k.workspace_id === 'default' && !('secret_hash' in k))).toBe(true);
      expect((await keys.list('default', 'u-viewer')).map((k) => k.user_id)).toEqual(['u-viewer']);
      expect((await keys.list('other')).map((k) => k.id)).toEqual([record.id]);
    });

    it('revokes a key of its own workspace only, once, and every key of a user', async () => {
      const mine = await keys.create({ ...base, scopes: ['metrics:read'] });
      const elsewhere = (await keys.list('other'))[0]!;
      await expect(keys.revoke('default', elsewhere.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(keys.revoke('default', 'key_missing')).rejects.toBeInstanceOf(NotFoundError);
      await expect(keys.revoke('default', mine.record.id, { ownerId: 'u-viewer' })).rejects.toBeInstanceOf(NotFoundError);
      const revoked = await keys.revoke('default', mine.record.id, { actor: 'admin-user', requestId: 'req-1', ownerId: 'u-admin' });
      expect(revoked.revoked_at).toBe(now.toISOString());
      expect((await keys.revoke('default', mine.record.id)).revoked_at).toBe(revoked.revoked_at);
      const events = await tdb.db.selectFrom('audit_events').selectAll().where('entity_id', '=', mine.record.id).orderBy('id').execute();
      expect(events.map((e) => [e.action, e.actor, e.request_id])).toEqual([['api_key.create', 'u-admin', null], ['api_key.revoke', 'admin-user', 'req-1']]);

      const activeOfAdmin = (await keys.list('default', 'u-admin')).filter((k) => !k.revoked_at).length + 1;
      expect(await keys.revokeAllForUser('u-admin', 'user disabled')).toBe(activeOfAdmin);
      expect(await keys.revokeAllForUser('u-admin')).toBe(0);
      expect([...(await keys.list('default', 'u-admin')), ...(await keys.list('other'))].every((k) => k.revoked_at !== null)).toBe(true);
      const last = await tdb.db.selectFrom('audit_events').selectAll().where('workspace_id', '=', 'other').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(last).toMatchObject({ action: 'api_key.revoke', actor: 'system', entity_id: elsewhere.id });
      expect(JSON.parse(last.after!)).toMatchObject({ reason: 'user disabled', revoked_at: now.toISOString() });

      const audit = new AuditService(tdb.db);
      expect(await audit.verify('default')).toMatchObject({ ok: true });
      expect(await audit.verify('other')).toEqual({ ok: true, count: 2 });
    });
  });
}
