import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox, SecretBoxError } from '../../src/shared/secret-box.js';
import { createTestDatabase, ENGINES, type TestDatabase } from '../helpers/databases.js';
import { fixtures, mine, TOKEN_INPUT } from './encryption-helpers.js';

/**
 * Secrets at rest on both engines: signing private keys and TOTP secrets are stored sealed, survive a
 * restart with the same key, refuse a wrong key clearly, move to a new key on rotation, are bound to
 * their row, and legacy clear rows are read and then re-sealed.
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`secrets at rest (${engine.label})`, () => {
    let t: TestDatabase;
    const f = fixtures(() => t);
    const [A, B, C] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const idOf = (key: Buffer) => new SecretBox([key]).currentKeyId;

    beforeAll(async () => { t = await createTestDatabase(engine.name); });
    afterAll(async () => { await t?.destroy(); });
    beforeEach(() => f.clean());

    const failure = async (p: Promise<unknown>): Promise<string> => {
      const err = await p.then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(SecretBoxError);
      const message = (err as Error).message;
      expect(message).not.toContain('\n');
      return message;
    };

    it('stores no private key material and no TOTP secret in clear', async () => {
      const p = f.start(A);
      await p.services.auth.tokens.issueAccessToken(TOKEN_INPUT);
      await p.services.auth.signingKeys.rotate();
      const { secret } = await f.enrolled(p);
      const pending = await f.newUser();
      const started = await p.mfa.beginEnrolment({ workspaceId: 'default', actor: 'test' }, pending);

      const rows = await f.signingRows();
      expect(rows).toHaveLength(2);
      const dump = await f.dump();
      for (const r of rows) {
        expect(r.private_jwk).toMatch(new RegExp(`^sb1\\.${idOf(A)}\\.`));
        const d = f.privateD(p.box, r);
        expect(d).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(dump).not.toContain(d);
        expect(JSON.parse(r.public_jwk)).not.toHaveProperty('d');
      }
      for (const s of [secret, started.secret]) {
        expect(dump).not.toContain(s);
        expect(dump).not.toContain(s.slice(0, 16));
      }
      expect((await f.totpRow(pending)).secret).toMatch(new RegExp(`^sb1\\.${idOf(A)}\\.`));
    });

    it('after a restart with the same key, tokens sign and verify and TOTP codes still verify', async () => {
      const before = f.start(A);
      const token = await before.services.auth.tokens.issueAccessToken(TOKEN_INPUT);
      const { userId, secret } = await f.enrolled(before);
      await f.checkCode(before, userId, secret);

      const after = f.start(A); // a new process: empty caches, same database and key
      expect(await after.services.auth.tokens.verifyAccessToken(token)).toMatchObject(TOKEN_INPUT);
      const again = await after.services.auth.tokens.issueAccessToken(TOKEN_INPUT);
      expect(decodeProtectedHeader(again).kid).toBe(decodeProtectedHeader(token).kid);
      expect(await before.services.auth.tokens.verifyAccessToken(again)).toMatchObject(TOKEN_INPUT);
      await f.checkCode(after, userId, secret);
      // Nothing to re-seal: every value is already under the current key.
      expect(mine(await after.services.secrets.resealAll())).toEqual([
        { table: 'signing_keys', values: 1, resealed: 0, fromClear: 0 },
        { table: 'mfa_totp', values: 1, resealed: 0, fromClear: 0 },
      ]);
    });

    it('a wrong key fails clearly, naming MDL_SECRET_KEY and MDL_SECRET_KEY_PREVIOUS', async () => {
      const right = f.start(A);
      const token = await right.services.auth.tokens.issueAccessToken(TOKEN_INPUT);
      const { userId, secret } = await f.enrolled(right);
      const wrong = f.start(C);
      expect(await failure(wrong.services.secrets.resealAll())).toMatch(
        /^cannot open signing_keys kid \S+: sealed by a key that is not configured \(wrong MDL_SECRET_KEY, or the old key is missing from MDL_SECRET_KEY_PREVIOUS\)$/,
      );
      expect(await failure(wrong.services.auth.tokens.issueAccessToken(TOKEN_INPUT))).toMatch(/^cannot open the private key of signing key \S+: .*MDL_SECRET_KEY/);
      expect(await failure(wrong.services.auth.tokens.issueAccessToken(TOKEN_INPUT))).toMatch(/^cannot open the private key/); // not cached
      // Verifying needs only the public key, which is not secret.
      expect(await wrong.services.auth.tokens.verifyAccessToken(token)).toMatchObject(TOKEN_INPUT);
      expect(await failure(f.checkCode(wrong, userId, secret))).toMatch(new RegExp(`^cannot open the TOTP secret of user ${userId}: .*MDL_SECRET_KEY_PREVIOUS`));
      // Nothing was changed by the failed attempts: the right key still opens everything.
      await f.checkCode(f.start(A), userId, secret);
    });

    it('rotation: sealed with A, opened with B + previous A, re-sealed under B; then A alone opens nothing', async () => {
      const a = f.start(A);
      const token = await a.services.auth.tokens.issueAccessToken(TOKEN_INPUT);
      await a.services.auth.signingKeys.rotate(); // a retired key is re-sealed too
      const { userId, secret } = await f.enrolled(a);
      const legacy = await f.legacyTotp();

      const b = f.start(B, A);
      expect(await b.services.auth.tokens.verifyAccessToken(token)).toMatchObject(TOKEN_INPUT);
      await b.services.auth.tokens.issueAccessToken(TOKEN_INPUT); // opens the A-sealed private key
      await f.checkCode(b, userId, secret);
      // New values are sealed with B at once.
      const fresh = await f.enrolled(b);
      expect((await f.totpRow(fresh.userId)).secret.startsWith(`sb1.${idOf(B)}.`)).toBe(true);

      expect(mine(await b.services.secrets.resealAll())).toEqual([
        { table: 'signing_keys', values: 2, resealed: 2, fromClear: 0 },
        { table: 'mfa_totp', values: 3, resealed: 2, fromClear: 1 },
      ]);
      for (const r of await f.signingRows()) expect(r.private_jwk.startsWith(`sb1.${idOf(B)}.`)).toBe(true);
      for (const u of [userId, legacy.userId, fresh.userId]) expect((await f.totpRow(u)).secret.startsWith(`sb1.${idOf(B)}.`)).toBe(true);
      expect(mine(await b.services.secrets.resealAll()).map((r) => r.resealed)).toEqual([0, 0]);

      const onlyB = f.start(B); // the previous key dropped
      await onlyB.services.auth.tokens.issueAccessToken(TOKEN_INPUT);
      await f.checkCode(onlyB, userId, secret);
      await f.checkCode(onlyB, legacy.userId, legacy.secret);
      const onlyA = f.start(A);
      expect(await failure(onlyA.services.auth.tokens.issueAccessToken(TOKEN_INPUT))).toMatch(/not configured/);
      expect(await failure(f.checkCode(onlyA, userId, secret))).toMatch(/not configured/);
      expect(await failure(onlyA.services.secrets.resealAll())).toMatch(/^cannot open signing_keys/);
    });

    it('a sealed value copied into another row does not open there (context binding)', async () => {
      const p = f.start(A);
      const one = await f.enrolled(p);
      const two = await f.enrolled(p);
      const sealedOne = (await f.totpRow(one.userId)).secret;
      await t.db.updateTable('mfa_totp').set({ secret: sealedOne }).where('user_id', '=', two.userId).execute();
      // Neither secret works for the second user: its row now holds a value bound to the first.
      expect(await failure(f.checkCode(p, two.userId, one.secret))).toMatch(new RegExp(`^cannot open the TOTP secret of user ${two.userId}: .*bound to another record`));
      await f.checkCode(p, one.userId, one.secret);
      // Re-sealing leaves values already under the current key alone (it opens only what it moves).
      expect(mine(await p.services.secrets.resealAll()).map((r) => r.resealed)).toEqual([0, 0]);
      await t.db.updateTable('mfa_totp').set({ secret: new SecretBox([B, A]).reseal(sealedOne, `totp:${one.userId}`)! }).where('user_id', '=', two.userId).execute();
      expect(await failure(f.start(A, B).services.secrets.resealAll())).toMatch(new RegExp(`^cannot open mfa_totp of user ${two.userId}: .*bound to another record`));

      // Signing keys: the retired key's sealed private half pasted into the signing key's row.
      const [retired, signing] = [await p.services.auth.tokens.issueAccessToken(TOKEN_INPUT), await p.services.auth.signingKeys.rotate()];
      const rows = await f.signingRows();
      const old = rows.find((r) => r.kid === decodeProtectedHeader(retired).kid)!;
      await t.db.updateTable('signing_keys').set({ private_jwk: old.private_jwk }).where('kid', '=', signing.kid).execute();
      expect(await failure(f.start(A).services.auth.tokens.issueAccessToken(TOKEN_INPUT))).toMatch(new RegExp(`^cannot open the private key of signing key ${signing.kid}: .*bound to another record`));
    });

    it('legacy clear rows are read, then re-sealed in one transaction per table', async () => {
      const key = await f.legacySigningKey();
      const totpUser = await f.legacyTotp();
      const p = f.start(A);
      const token = await p.services.auth.tokens.issueAccessToken(TOKEN_INPUT);
      expect(decodeProtectedHeader(token).kid).toBe(key.kid);
      await f.checkCode(p, totpUser.userId, totpUser.secret);
      expect(await f.dump()).toContain(key.d);

      expect(mine(await p.services.secrets.resealAll())).toEqual([
        { table: 'signing_keys', values: 1, resealed: 1, fromClear: 1 },
        { table: 'mfa_totp', values: 1, resealed: 1, fromClear: 1 },
      ]);
      const dump = await f.dump();
      expect(dump).not.toContain(key.d);
      expect(dump).not.toContain(totpUser.secret);
      const restarted = f.start(A);
      expect(await restarted.services.auth.tokens.verifyAccessToken(await restarted.services.auth.tokens.issueAccessToken(TOKEN_INPUT))).toMatchObject(TOKEN_INPUT);
      await f.checkCode(restarted, totpUser.userId, totpUser.secret);

      // A failure part-way rolls the table back: the clear row before the broken one stays as it was.
      const [first, second] = [await f.legacyTotp(), await f.legacyTotp()].sort((x, y) => (x.userId < y.userId ? -1 : 1));
      await t.db.updateTable('mfa_totp').set({ secret: new SecretBox([C]).seal(second!.secret, `totp:${second!.userId}`) }).where('user_id', '=', second!.userId).execute();
      await t.db.deleteFrom('mfa_totp').where('user_id', '=', totpUser.userId).execute();
      expect(await failure(restarted.services.secrets.resealAll())).toMatch(new RegExp(`^cannot open mfa_totp of user ${second!.userId}`));
      expect((await f.totpRow(first!.userId)).secret).toBe(first!.secret);
    });
  });
}
