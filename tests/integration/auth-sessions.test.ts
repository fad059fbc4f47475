import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_REFRESH_TTL_SECONDS, DEFAULT_SESSION_TTL_SECONDS, hashRefreshToken, SessionService } from '../../src/modules/auth/sessions.js';
import { CredentialRejectedError, INVALID_CREDENTIALS_MESSAGE } from '../../src/modules/auth/tokens.js';
import { AuthenticationError, NotFoundError } from '../../src/shared/errors.js';
import { createTestDatabase, ENGINES, type TestDatabase } from '../helpers/databases.js';

const T0 = new Date('2030-01-01T00:00:00.000Z');
const DAY = 24 * 3600;

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`sessions and refresh tokens (${engine.label})`, () => {
    let t: TestDatabase;
    let clock: Date;
    let sessions: SessionService;
    const now = () => clock;
    const advance = (s: number) => { clock = new Date(clock.getTime() + s * 1000); };
    /** Whether the session is live (neither revoked nor expired), as the resolver reads it. */
    const isActive = async (id: string) => (await sessions.live(id)) !== undefined;

    beforeAll(async () => {
      t = await createTestDatabase(engine.name);
      const at = T0.toISOString();
      await t.db.insertInto('workspaces').values([{ id: 'ws-1', name: 'One', catalog_meta: null, created_at: at }, { id: 'ws-2', name: 'Two', catalog_meta: null, created_at: at }]).execute();
      await t.db.insertInto('users').values(['alice', 'bob'].map((id) => ({
        id, email: `${id}@example.test`, display_name: id, password_hash: null, status: 'active', created_at: at, updated_at: at,
      }))).execute();
    });
    afterAll(async () => { await t?.destroy(); });
    beforeEach(async () => {
      clock = T0;
      sessions = new SessionService(t.db, { now });
      await t.db.deleteFrom('sessions').execute();
    });

    const session = (id: string) => t.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const reasonOf = (p: Promise<unknown>) => p.then(() => 'accepted', (e: unknown) => {
      expect(e).toBeInstanceOf(AuthenticationError);
      expect(e).toBeInstanceOf(CredentialRejectedError);
      expect((e as Error).message).toBe(INVALID_CREDENTIALS_MESSAGE);
      return (e as CredentialRejectedError).reason;
    });

    it('starts a session with a 32-byte refresh token stored only as its SHA-256 hash', async () => {
      const s = await sessions.start('alice', 'ws-1', { userAgent: 'vitest', ip: '127.0.0.1' });
      expect(s.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(s.refreshToken, 'base64url')).toHaveLength(32);
      expect(s.refreshExpiresAt.getTime()).toBe(T0.getTime() + DEFAULT_REFRESH_TTL_SECONDS * 1000);
      const row = await session(s.sessionId);
      expect(row).toMatchObject({
        user_id: 'alice', workspace_id: 'ws-1', user_agent: 'vitest', ip: '127.0.0.1', revoked_at: null,
        created_at: T0.toISOString(), expires_at: new Date(T0.getTime() + DEFAULT_SESSION_TTL_SECONDS * 1000).toISOString(),
      });
      const tokens = await t.db.selectFrom('refresh_tokens').selectAll().where('session_id', '=', s.sessionId).execute();
      expect(tokens).toHaveLength(1);
      expect(tokens[0]!.token_hash).toBe(hashRefreshToken(s.refreshToken));
      expect(tokens[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(tokens)).not.toContain(s.refreshToken);
      expect(await isActive(s.sessionId)).toBe(true);
    });

    it('rotates the refresh token on every refresh', async () => {
      const s = await sessions.start('alice', 'ws-1');
      advance(600);
      const r1 = await sessions.refresh(s.refreshToken);
      expect(r1).toMatchObject({ sessionId: s.sessionId, userId: 'alice', workspaceId: 'ws-1' });
      expect(r1.refreshToken).not.toBe(s.refreshToken);
      expect(r1.refreshExpiresAt.getTime()).toBe(clock.getTime() + DEFAULT_REFRESH_TTL_SECONDS * 1000);
      expect((await session(s.sessionId)).last_used_at).toBe(clock.toISOString());
      advance(600);
      const r2 = await sessions.refresh(r1.refreshToken);
      expect(r2.sessionId).toBe(s.sessionId);
      const used = await t.db.selectFrom('refresh_tokens').select(['token_hash', 'used_at']).where('session_id', '=', s.sessionId).execute();
      expect(used.filter((u) => u.used_at === null).map((u) => u.token_hash)).toEqual([hashRefreshToken(r2.refreshToken)]);
    });

    it('reuse of a used token revokes the whole session, including its newest token', async () => {
      const s = await sessions.start('alice', 'ws-1');
      const r1 = await sessions.refresh(s.refreshToken);
      const r2 = await sessions.refresh(r1.refreshToken);
      expect(await reasonOf(sessions.refresh(s.refreshToken))).toMatch(/reuse/);
      expect(await session(s.sessionId)).toMatchObject({ revoked_at: clock.toISOString(), revoked_reason: 'refresh_reuse' });
      expect(await reasonOf(sessions.refresh(r2.refreshToken))).toMatch(/revoked/);
      expect(await isActive(s.sessionId)).toBe(false);
      // Other sessions of the same user are not touched.
      const other = await sessions.start('alice', 'ws-1');
      await expect(sessions.refresh(other.refreshToken)).resolves.toMatchObject({ userId: 'alice' });
    });

    it('of simultaneous refreshes with one token exactly one succeeds', async () => {
      const s = await sessions.start('alice', 'ws-1');
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => sessions.refresh(s.refreshToken)));
      const ok = results.filter((r) => r.status === 'fulfilled');
      expect(ok).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(AuthenticationError);
      // The losers presented a used token: reuse, so the family is revoked.
      expect((await session(s.sessionId)).revoked_reason).toBe('refresh_reuse');
      const unused = await t.db.selectFrom('refresh_tokens').select('token_hash').where('session_id', '=', s.sessionId).where('used_at', 'is', null).execute();
      expect(unused).toHaveLength(1);
    });

    it('rejects unknown, malformed, expired and revoked tokens', async () => {
      expect(await reasonOf(sessions.refresh('A'.repeat(43)))).toMatch(/unknown/);
      for (const bad of ['', 'short', 'A'.repeat(44), `${'A'.repeat(42)}!`, undefined as unknown as string]) {
        expect(await reasonOf(sessions.refresh(bad))).toMatch(/malformed/);
      }
      const s = await sessions.start('alice', 'ws-1');
      advance(DEFAULT_REFRESH_TTL_SECONDS + 1);
      expect(await reasonOf(sessions.refresh(s.refreshToken))).toMatch(/expired/);
      // An expired token is not a reuse: the session stays (it may still hold a fresher token elsewhere).
      expect((await session(s.sessionId)).revoked_at).toBeNull();

      const s2 = await sessions.start('alice', 'ws-1');
      await sessions.revoke('alice', s2.sessionId);
      expect(await reasonOf(sessions.refresh(s2.refreshToken))).toMatch(/revoked/);
    });

    it('sessions expire absolutely; refresh tokens never outlive them', async () => {
      const s = await sessions.start('alice', 'ws-1', { ttlSeconds: 3600 });
      expect(s.refreshExpiresAt.getTime()).toBe(T0.getTime() + 3600 * 1000);
      advance(1800);
      const r = await sessions.refresh(s.refreshToken);
      expect(r.refreshExpiresAt.getTime()).toBe(T0.getTime() + 3600 * 1000);
      advance(1800);
      expect(await isActive(s.sessionId)).toBe(false);
      expect(await reasonOf(sessions.refresh(r.refreshToken))).toMatch(/expired/);
      await expect(sessions.start('alice', 'ws-1', { ttlSeconds: 0 })).rejects.toThrow(RangeError);

      // Default: 30 days, however often it is refreshed.
      clock = T0;
      let token = (await sessions.start('bob', 'ws-1')).refreshToken;
      for (let week = 0; week < 4; week++) {
        advance(7 * DAY);
        token = (await sessions.refresh(token)).refreshToken;
      }
      advance(3 * DAY);
      expect(await reasonOf(sessions.refresh(token))).toMatch(/expired/);
    });

    it('isActive records use at most once a minute', async () => {
      const s = await sessions.start('alice', 'ws-1');
      const lastUsed = async () => (await session(s.sessionId)).last_used_at;
      advance(30);
      expect(await isActive(s.sessionId)).toBe(true);
      expect(await lastUsed()).toBe(T0.toISOString());
      advance(31);
      expect(await isActive(s.sessionId)).toBe(true);
      expect(await lastUsed()).toBe(clock.toISOString());
      const touched = clock.toISOString();
      advance(10);
      expect(await isActive(s.sessionId)).toBe(true);
      expect(await lastUsed()).toBe(touched);
      expect(await isActive('no-such-session')).toBe(false);
    });

    it('lists only the caller’s active sessions and revokes only their own', async () => {
      const a1 = await sessions.start('alice', 'ws-1', { userAgent: 'firefox' });
      advance(60);
      const a2 = await sessions.start('alice', 'ws-2', { userAgent: 'curl', method: 'password+mfa' });
      const a3 = await sessions.start('alice', 'ws-1', { ttlSeconds: 10 });
      const b1 = await sessions.start('bob', 'ws-1');
      advance(20);
      const list = await sessions.list('alice');
      expect(list.map((x) => x.id)).toEqual([a2.sessionId, a1.sessionId]);
      expect(list[0]).toEqual({
        id: a2.sessionId, workspaceId: 'ws-2', createdAt: expect.any(String), lastUsedAt: expect.any(String),
        expiresAt: expect.any(String), userAgent: 'curl', ip: null, authMethod: 'password+mfa',
      });
      expect(list[1]!.authMethod).toBeNull(); // started without a method: unknown
      expect(a3.sessionId).toBeTruthy();
      // Within one workspace (a caller whose reach is that workspace): another workspace's session is not found.
      expect((await sessions.list('alice', 'ws-1')).map((x) => x.id)).toEqual([a1.sessionId]);
      await expect(sessions.revoke('alice', a2.sessionId, 'logout', 'ws-1')).rejects.toBeInstanceOf(NotFoundError);
      expect(await isActive(a2.sessionId)).toBe(true);

      await expect(sessions.revoke('alice', b1.sessionId)).rejects.toBeInstanceOf(NotFoundError);
      await expect(sessions.revoke('alice', 'no-such-session')).rejects.toBeInstanceOf(NotFoundError);
      expect(await isActive(b1.sessionId)).toBe(true);

      await sessions.revoke('alice', a1.sessionId);
      await sessions.revoke('alice', a1.sessionId); // idempotent
      expect(await session(a1.sessionId)).toMatchObject({ revoked_reason: 'logout' });
      expect((await sessions.list('alice')).map((x) => x.id)).toEqual([a2.sessionId]);
      expect(await isActive(a1.sessionId)).toBe(false);
    });

    it('revokes every session of a user', async () => {
      const a1 = await sessions.start('alice', 'ws-1');
      const a2 = await sessions.start('alice', 'ws-2');
      const b1 = await sessions.start('bob', 'ws-1');
      expect(await sessions.revokeAllForUser('alice', 'logout', 'ws-2')).toBe(1);
      expect(await isActive(a1.sessionId)).toBe(true);
      expect(await sessions.revokeAllForUser('alice', 'password_changed')).toBe(1);
      expect(await sessions.revokeAllForUser('alice', 'password_changed')).toBe(0);
      for (const [s, reason] of [[a1, 'password_changed'], [a2, 'logout']] as const) {
        expect(await session(s.sessionId)).toMatchObject({ revoked_reason: reason });
        expect(await reasonOf(sessions.refresh(s.refreshToken))).toMatch(/revoked/);
      }
      expect(await sessions.list('alice')).toEqual([]);
      expect(await isActive(b1.sessionId)).toBe(true);
    });

    it('purges expired refresh tokens and old sessions', async () => {
      const keep = await sessions.start('alice', 'ws-1');
      const short = await sessions.start('alice', 'ws-1', { ttlSeconds: 60 });
      const revoked = await sessions.start('bob', 'ws-1');
      await sessions.revoke('bob', revoked.sessionId);
      advance(2 * DAY);
      expect(await sessions.purgeExpired()).toEqual({ sessions: 2, refreshTokens: 1 });
      const left = await t.db.selectFrom('sessions').select('id').execute();
      expect(left.map((r) => r.id)).toEqual([keep.sessionId]);
      expect(short.sessionId).toBeTruthy();
      await expect(sessions.refresh(keep.refreshToken)).resolves.toMatchObject({ sessionId: keep.sessionId });
    });
  });
}
