import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIdentityServices, type CredentialRevoker, type IdentityServices } from '../../src/modules/identity/index.js';
import { INVALID_SETUP_TOKEN } from '../../src/modules/identity/setup.js';
import { localContext } from '../../src/shared/context.js';
import { AuthenticationError, ConflictError, ValidationError } from '../../src/shared/errors.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';

const revoker: CredentialRevoker = { revokeAllForUser: async () => undefined };
const ADMIN = { email: 'Root@Example.com', password: 'first admin passphrase 2024!', displayName: 'Root' };

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`first-run setup on ${engine.label}`, () => {
    let tdb: TestDatabase;
    let now: Date;
    let id: IdentityServices;

    beforeEach(async () => {
      tdb = await createTestDatabase(engine.name);
      now = new Date('2030-01-01T00:00:00.000Z');
      id = createIdentityServices(tdb.db, { revoker, clock: () => now });
    });
    afterEach(async () => tdb?.destroy());

    it('issues a one-time token (only its hash stored) and exchanges it once for the first admin of default', async () => {
      expect(await id.setup.needsSetup()).toBe(true);
      const issued = await id.setup.issueSetupToken();
      expect(issued).not.toBeNull();
      const { token, expiresAt } = issued!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(expiresAt).toBe('2030-01-01T00:30:00.000Z');
      const stored = await tdb.db.selectFrom('setup_tokens').selectAll().execute();
      expect(stored).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex'), created_at: now.toISOString(), expires_at: expiresAt, used_at: null }]);

      const user = await id.setup.exchange(token, ADMIN);
      expect(user).toMatchObject({ email: 'root@example.com', displayName: 'Root', status: 'active' });
      expect(await id.users.getMembership('default', user.id)).toMatchObject({ role: 'admin' });
      // The first account runs the instance: it may create workspaces (MDL_WORKSPACE_CREATION=instance-admins).
      expect((await tdb.db.selectFrom('users').select('instance_admin').where('id', '=', user.id).executeTakeFirstOrThrow()).instance_admin).toBe(1);
      expect((await id.users.authenticate('root@example.com', ADMIN.password)).id).toBe(user.id);
      expect(await id.setup.needsSetup()).toBe(false);
      expect((await tdb.db.selectFrom('setup_tokens').select('used_at').executeTakeFirstOrThrow()).used_at).toBe(now.toISOString());

      // Single use; and no new token once a user exists.
      await expect(id.setup.exchange(token, { ...ADMIN, email: 'other@example.com' })).rejects.toThrow(INVALID_SETUP_TOKEN);
      expect(await id.setup.issueSetupToken()).toBeNull();

      const audit = JSON.stringify(await tdb.db.selectFrom('audit_events').selectAll().execute());
      for (const a of ['setup.token_issue', 'setup.complete', 'user.create', 'membership.create']) expect(audit).toContain(a);
      const hash = (await tdb.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow()).password_hash!;
      for (const secret of [token, stored[0]!.token_hash, ADMIN.password, hash]) expect(audit).not.toContain(secret);
    });

    it('rejects a wrong token and an expired one, and burns other tokens on success', async () => {
      const a = (await id.setup.issueSetupToken(5))!.token;
      const b = (await id.setup.issueSetupToken(60))!.token;
      for (const wrong of ['', 'x'.repeat(10_000), a.slice(0, -1), `${a}A`]) {
        await expect(id.setup.exchange(wrong, ADMIN), wrong.slice(0, 20)).rejects.toBeInstanceOf(AuthenticationError);
      }
      now = new Date(now.getTime() + 6 * 60_000);
      await expect(id.setup.exchange(a, ADMIN)).rejects.toThrow(INVALID_SETUP_TOKEN);
      expect(await id.setup.needsSetup()).toBe(true);
      // The second token is still valid; a policy failure does not use it up.
      await expect(id.setup.exchange(b, { ...ADMIN, password: 'password1234' })).rejects.toBeInstanceOf(ValidationError);
      await id.setup.exchange(b, ADMIN);
      const rows = await tdb.db.selectFrom('setup_tokens').select('used_at').execute();
      expect(rows.every((r) => r.used_at !== null)).toBe(true);
      await expect(id.setup.issueSetupToken(0)).rejects.toBeInstanceOf(ValidationError);
    });

    it('refuses an exchange once any user exists (e.g. created with the CLI), even with a valid token', async () => {
      const { token } = (await id.setup.issueSetupToken())!;
      await id.users.createUser(localContext('cli'), { email: 'ops@example.com', password: 'another good passphrase 7', membership: { workspaceId: 'default', role: 'admin' } });
      expect(await id.setup.needsSetup()).toBe(false);
      await expect(id.setup.exchange(token, ADMIN)).rejects.toBeInstanceOf(ConflictError);
      expect(await id.users.findByEmail(ADMIN.email)).toBeUndefined();
      expect((await tdb.db.selectFrom('setup_tokens').select('used_at').executeTakeFirstOrThrow()).used_at).toBeNull();
    });

    it('lets only one of two concurrent exchanges of the same token succeed', async () => {
      const { token } = (await id.setup.issueSetupToken())!;
      const results = await Promise.allSettled([
        id.setup.exchange(token, ADMIN),
        id.setup.exchange(token, { ...ADMIN, email: 'rival@example.com' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await tdb.db.selectFrom('users').select('id').execute()).toHaveLength(1);
    });

    it('creates only one first admin when two different tokens are exchanged at once', async () => {
      const a = (await id.setup.issueSetupToken())!.token;
      const b = (await id.setup.issueSetupToken())!.token;
      const results = await Promise.allSettled([
        id.setup.exchange(a, ADMIN),
        id.setup.exchange(b, { ...ADMIN, email: 'rival@example.com' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await tdb.db.selectFrom('users').select('id').execute()).toHaveLength(1);
    });
  });
}
