import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/** The stored hash of every argon2 verification this file makes (the real verify still runs). */
const argon2Verifications = vi.hoisted(() => [] as string[]);
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return {
    ...real,
    verify: (hashed: string, ...rest: unknown[]) => {
      argon2Verifications.push(hashed);
      return (real.verify as (...a: unknown[]) => Promise<boolean>)(hashed, ...rest);
    },
  };
});
import { UsersService, type CredentialRevoker } from '../../src/modules/identity/index.js';
import { needsRehash } from '../../src/modules/identity/passwords.js';
import { INVALID_CREDENTIALS } from '../../src/modules/identity/users-service.js';
import { localContext } from '../../src/shared/context.js';
import { AuthenticationError, ConflictError, ForbiddenError, LastAdminError, NotFoundError, ValidationError } from '../../src/shared/errors.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';

/** Records revocations; the real revoker (sessions, API keys) is wired by the app and tested end to end there. */
class RecordingRevoker implements CredentialRevoker {
  calls: Array<{ userId: string; reason: string }> = [];
  async revokeAllForUser(userId: string, reason: string): Promise<void> {
    this.calls.push({ userId, reason });
  }
}

const ctx = localContext('tester');
const PASSWORDS = ['violet kettle marches sideways 42', 'amber otter juggles quietly 17', 'second violet kettle 99 marches', 'reset: plum harbour drifts 7'];
const [PW1, PW2, PW3, PW4] = PASSWORDS as [string, string, string, string];

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`UsersService on ${engine.label}`, () => {
    let tdb: TestDatabase;
    let users: UsersService;
    let revoker: RecordingRevoker;
    let aliceId: string;

    beforeAll(async () => {
      tdb = await createTestDatabase(engine.name);
      revoker = new RecordingRevoker();
      users = new UsersService(tdb.db, { revoker });
    });
    afterAll(async () => tdb?.destroy());

    it('creates a user with a normalised email, active, and never returns the hash', async () => {
      const alice = await users.createUser(ctx, { email: '  Alice@Example.COM ', password: PW1, displayName: ' Alice ', membership: { workspaceId: 'default', role: 'admin' } });
      aliceId = alice.id;
      expect(alice).toEqual({ id: expect.stringMatching(/^usr_/), email: 'alice@example.com', displayName: 'Alice', status: 'active', createdAt: expect.any(String), updatedAt: expect.any(String) });
      expect(JSON.stringify(alice)).not.toMatch(/argon2|password/i);
      expect(await users.get(alice.id)).toEqual(alice);
      expect(await users.findByEmail('ALICE@example.com')).toEqual(alice);
      expect(await users.findByEmail('nobody@example.com')).toBeUndefined();
      await expect(users.get('usr_missing')).rejects.toBeInstanceOf(NotFoundError);
      const row = await tdb.db.selectFrom('users').selectAll().where('id', '=', alice.id).executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(await users.isActive(alice.id)).toBe(true);
      expect(await users.isActive('usr_missing')).toBe(false);
    });

    it('refuses duplicate emails, invalid emails, weak passwords and unknown workspaces', async () => {
      await expect(users.createUser(ctx, { email: 'ALICE@example.com', password: PW2 })).rejects.toBeInstanceOf(ConflictError);
      await expect(users.createUser(ctx, { email: 'not-an-email', password: PW2 })).rejects.toBeInstanceOf(ValidationError);
      const weak = await users.createUser(ctx, { email: 'bob@example.com', password: 'password1234' }).catch((e: unknown) => e);
      expect(weak).toBeInstanceOf(ValidationError);
      expect((weak as ValidationError).details).toEqual([{ path: 'password', message: expect.stringMatching(/too common/) }]);
      await expect(users.createUser(ctx, { email: 'bob@example.com', password: 'bob@example.com' })).rejects.toBeInstanceOf(ValidationError);
      await expect(users.createUser(ctx, { email: 'bob@example.com', membership: { workspaceId: 'nope', role: 'viewer' } })).rejects.toBeInstanceOf(NotFoundError);
      // The failed transaction left nothing behind.
      expect(await users.findByEmail('bob@example.com')).toBeUndefined();
    });

    it('authenticates with one generic error for unknown email, wrong password and disabled account', async () => {
      expect((await users.authenticate('alice@EXAMPLE.com', PW1)).id).toBe(aliceId);
      const carol = await users.createUser(ctx, { email: 'carol@example.com', password: PW2 });
      await users.disable(ctx, carol.id);
      const failures = await Promise.all([
        users.authenticate('alice@example.com', PW2),
        users.authenticate('nobody@example.com', PW1),
        users.authenticate('carol@example.com', PW2),
        users.authenticate('alice@example.com', 'x'.repeat(5000)),
      ].map((p) => p.then(() => undefined, (e: unknown) => e)));
      for (const e of failures) {
        expect(e).toBeInstanceOf(AuthenticationError);
        expect((e as Error).message).toBe(INVALID_CREDENTIALS);
      }
    });

    it('spends an argon2 verification on an unknown email too (timing does not reveal existence)', async () => {
      // Counted, not timed: a wall-clock comparison flakes on a loaded 2-core CI runner.
      argon2Verifications.length = 0;
      await users.authenticate('alice@example.com', PW3).catch(() => undefined);
      await users.authenticate('ghost@example.com', PW3).catch(() => undefined);
      expect(argon2Verifications).toHaveLength(2);
      // The unknown email's verification runs against a hash made with the very same parameters.
      const [real, dummy] = argon2Verifications as [string, string];
      expect(dummy).not.toBe(real);
      expect(needsRehash(dummy)).toBe(false);
      expect(dummy.split('$').slice(0, 4)).toEqual(real.split('$').slice(0, 4));
    });

    it('changes a password: checks the current one and the policy, then revokes all credentials', async () => {
      revoker.calls = [];
      await expect(users.changePassword(ctx, aliceId, 'wrong current password', PW3)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(users.changePassword(ctx, aliceId, PW1, 'qwertyuiop12')).rejects.toBeInstanceOf(ValidationError);
      await expect(users.changePassword(ctx, aliceId, PW1, PW1)).rejects.toBeInstanceOf(ValidationError);
      expect(revoker.calls).toEqual([]);
      await users.changePassword(ctx, aliceId, PW1, PW3);
      expect(revoker.calls).toEqual([{ userId: aliceId, reason: 'password_changed' }]);
      await expect(users.authenticate('alice@example.com', PW1)).rejects.toBeInstanceOf(AuthenticationError);
      expect((await users.authenticate('alice@example.com', PW3)).id).toBe(aliceId);
    });

    it('resets a password (admin) and disables a user, revoking all credentials each time', async () => {
      const dave = await users.createUser(ctx, { email: 'dave@example.com', password: PW2 });
      revoker.calls = [];
      await expect(users.resetPassword(ctx, dave.id, 'short')).rejects.toBeInstanceOf(ValidationError);
      await users.resetPassword(ctx, dave.id, PW4);
      expect((await users.authenticate('dave@example.com', PW4)).id).toBe(dave.id);
      const disabled = await users.disable(ctx, dave.id);
      expect(disabled.status).toBe('disabled');
      expect(await users.isActive(dave.id)).toBe(false);
      await expect(users.authenticate('dave@example.com', PW4)).rejects.toBeInstanceOf(AuthenticationError);
      expect(revoker.calls).toEqual([{ userId: dave.id, reason: 'password_reset' }, { userId: dave.id, reason: 'user_disabled' }]);
      expect((await users.enable(ctx, dave.id)).status).toBe('active');
      await expect(users.resetPassword(ctx, 'usr_missing', PW4)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('manages workspaces and memberships, isolated per workspace', async () => {
      await expect(users.createWorkspace(ctx, { id: 'Bad Id', name: 'x' })).rejects.toBeInstanceOf(ValidationError);
      const acme = await users.createWorkspace(ctx, { id: 'acme', name: ' Acme Corp ' });
      expect(acme).toEqual({ id: 'acme', name: 'Acme Corp', createdAt: expect.any(String) });
      await expect(users.createWorkspace(ctx, { id: 'acme', name: 'again' })).rejects.toBeInstanceOf(ConflictError);

      const erin = await users.createUser(ctx, { email: 'erin@example.com' });
      await expect(users.addMember(ctx, 'nope', erin.id, 'viewer')).rejects.toBeInstanceOf(NotFoundError);
      await expect(users.addMember(ctx, 'acme', 'usr_missing', 'viewer')).rejects.toBeInstanceOf(NotFoundError);
      await expect(users.addMember(ctx, 'acme', erin.id, 'owner' as never)).rejects.toBeInstanceOf(ValidationError);
      expect(await users.addMember(ctx, 'acme', erin.id, 'admin')).toMatchObject({ workspaceId: 'acme', userId: erin.id, role: 'admin' });
      await expect(users.addMember(ctx, 'acme', erin.id, 'viewer')).rejects.toBeInstanceOf(ConflictError);
      await users.addMember(ctx, 'acme', aliceId, 'viewer');

      expect((await users.listMembers('acme')).map((m) => [m.email, m.role])).toEqual([['alice@example.com', 'viewer'], ['erin@example.com', 'admin']]);
      expect((await users.listMembers('default')).map((m) => m.email)).toEqual(['alice@example.com']);
      await expect(users.listMembers('nope')).rejects.toBeInstanceOf(NotFoundError);
      expect((await users.membershipsOf(aliceId)).map((m) => [m.workspaceId, m.role])).toEqual([['acme', 'viewer'], ['default', 'admin']]);
      expect(await users.getMembership('default', erin.id)).toBeUndefined();

      revoker.calls = [];
      await expect(users.updateMember(ctx, 'acme', erin.id, 'editor')).rejects.toThrow(/last active admin/);
      await expect(users.removeMember(ctx, 'acme', erin.id)).rejects.toBeInstanceOf(LastAdminError);
      await users.updateMember(ctx, 'acme', aliceId, 'admin');
      expect(revoker.calls).toEqual([]); // a promotion keeps sessions
      expect((await users.updateMember(ctx, 'acme', erin.id, 'editor')).role).toBe('editor');
      await users.removeMember(ctx, 'acme', erin.id);
      await expect(users.removeMember(ctx, 'acme', erin.id)).rejects.toBeInstanceOf(NotFoundError);
      expect(revoker.calls).toEqual([{ userId: erin.id, reason: 'role_changed' }, { userId: erin.id, reason: 'membership_removed' }]);
      expect((await users.listMembers('acme')).map((m) => m.email)).toEqual(['alice@example.com']);
    });

    it('audits every mutation, with no password, hash or secret in any event', async () => {
      const rows = await tdb.db.selectFrom('audit_events').selectAll().orderBy('id').execute();
      const actions = new Set(rows.map((r) => r.action));
      for (const a of ['user.create', 'membership.create', 'membership.update', 'membership.delete', 'user.disable', 'user.enable',
        'user.password_change', 'user.password_reset', 'workspace.create']) expect(actions, a).toContain(a);
      expect(rows.every((r) => r.actor === 'tester')).toBe(true);
      expect(rows.filter((r) => r.action === 'membership.update').at(-1)).toMatchObject({ workspace_id: 'acme', before: JSON.stringify({ role: 'admin' }), after: JSON.stringify({ role: 'editor' }) });
      const hashes = (await tdb.db.selectFrom('users').select('password_hash').execute()).map((r) => r.password_hash).filter((h): h is string => Boolean(h));
      const serialized = JSON.stringify(rows);
      for (const secret of [...PASSWORDS, ...hashes, 'password1234', 'qwertyuiop12']) expect(serialized).not.toContain(secret);
      expect(serialized).not.toMatch(/argon2|password_hash/i);
    });
  });
}
