import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { base64url, decodeProtectedHeader, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { connect, type Db } from '../../src/db/connect.js';
import { SigningKeyStore } from '../../src/modules/auth/signing-keys.js';
import { SecretBox } from '../../src/shared/secret-box.js';
import { CredentialRejectedError, TokenService } from '../../src/modules/auth/tokens.js';
import { createTestDatabase, ENGINES, type TestDatabase } from '../helpers/databases.js';

const CONFIG = { issuer: 'https://mdl.test', audience: 'mdl-api' };
const input = { sub: 'user-1', ws: 'ws-1', role: 'viewer' as const, sid: 'sess-1' };

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`signing keys and access tokens (${engine.label})`, () => {
    let t: TestDatabase;
    let clock: Date;
    const now = () => clock;
    const advance = (s: number) => { clock = new Date(clock.getTime() + s * 1000); };
    const secretBox = SecretBox.ephemeral();
    const store = (db: Db = t.db) => new SigningKeyStore(db, { now, secretBox });
    /** Private keys are stored sealed (context `signing-key:<kid>`). */
    const privateJwkOf = (r: { kid: string; private_jwk: string }) => JSON.parse(secretBox.open(r.private_jwk, `signing-key:${r.kid}`)) as JWK;

    beforeAll(async () => { t = await createTestDatabase(engine.name); });
    afterAll(async () => { await t?.destroy(); });
    beforeEach(async () => {
      clock = new Date('2030-01-01T00:00:00.000Z');
      await t.db.deleteFrom('signing_keys').execute();
    });

    const rows = () => t.db.selectFrom('signing_keys').selectAll().orderBy('created_at').execute();
    const privateKeyOf = async (kid: string): Promise<CryptoKey> => {
      const r = await t.db.selectFrom('signing_keys').select(['kid', 'private_jwk']).where('kid', '=', kid).executeTakeFirstOrThrow();
      return (await importJWK(privateJwkOf(r), 'EdDSA')) as CryptoKey;
    };
    const forge = async (kid: string, key: CryptoKey | Uint8Array, alg = 'EdDSA') => {
      const iat = Math.floor(clock.getTime() / 1000);
      return new SignJWT({ ws: 'ws-1', role: 'admin', sid: 's' })
        .setProtectedHeader({ alg, kid, typ: 'at+jwt' })
        .setIssuer(CONFIG.issuer).setAudience(CONFIG.audience).setSubject('user-1')
        .setIssuedAt(iat).setNotBefore(iat).setExpirationTime(iat + 300).setJti('j')
        .sign(key);
    };
    const reasonOf = (p: Promise<unknown>) => p.then(() => 'accepted', (e: unknown) => {
      expect(e).toBeInstanceOf(CredentialRejectedError);
      return (e as CredentialRejectedError).reason;
    });

    it('creates the first key lazily, once, and reuses it', async () => {
      expect(await rows()).toHaveLength(0);
      const s = store();
      const a = await s.current();
      const b = await store().current();
      expect(b.kid).toBe(a.kid);
      const r = await rows();
      expect(r).toHaveLength(1);
      expect(r[0]).toMatchObject({ kid: a.kid, alg: 'EdDSA', retired_at: null });
      expect(JSON.parse(r[0]!.public_jwk)).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String) });
      expect(SecretBox.isSealed(r[0]!.private_jwk)).toBe(true);
      expect(privateJwkOf(r[0]!)).toHaveProperty('d');
    });

    it('creates exactly one first key when instances race (separate connections)', async () => {
      const second = connect(t.config);
      try {
        // On SQLite one process must not hold two writing connections (the busy wait blocks the loop),
        // so there the instances share a connection; PostgreSQL uses both pools.
        const dbs = engine.name === 'postgres' ? [t.db, second, t.db, second, t.db, second] : [t.db, t.db, t.db, t.db];
        const kids = await Promise.all(dbs.map((db) => store(db).current().then((k) => k.kid)));
        expect(new Set(kids).size).toBe(1);
        expect(await rows()).toHaveLength(1);
      } finally {
        await second.destroy();
      }
    });

    it('issues tokens that verify, with the kid of the current key', async () => {
      const s = store();
      const tokens = new TokenService(s, CONFIG, { now });
      const token = await tokens.issueAccessToken(input);
      expect(decodeProtectedHeader(token).kid).toBe((await s.current()).kid);
      expect(await tokens.verifyAccessToken(token)).toMatchObject(input);
      // Another instance (its own cache) verifies it too.
      expect(await new TokenService(store(), CONFIG, { now }).verifyAccessToken(token)).toMatchObject(input);
    });

    it('publishes only public parts in the JWKS', async () => {
      const s = store();
      await s.current();
      await s.rotate();
      const jwks = await s.jwks();
      expect(jwks.keys).toHaveLength(2);
      const privateDs = (await rows()).map((r) => privateJwkOf(r).d!);
      for (const k of jwks.keys) {
        expect(Object.keys(k).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
        expect(k).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
        expect(k).not.toHaveProperty('d');
      }
      const text = JSON.stringify(jwks);
      for (const d of privateDs) expect(text).not.toContain(d);
    });

    it('rotation: the previous key keeps verifying until retirement, then drops out', async () => {
      const s = store();
      const tokens = new TokenService(s, CONFIG, { now });
      const old = await tokens.issueAccessToken(input);
      const oldKid = decodeProtectedHeader(old).kid!;
      const { kid: newKid, retired } = await s.rotate();
      expect(retired).toEqual([oldKid]);
      expect(newKid).not.toBe(oldKid);
      const fresh = await tokens.issueAccessToken(input);
      expect(decodeProtectedHeader(fresh).kid).toBe(newKid);
      await expect(tokens.verifyAccessToken(old)).resolves.toMatchObject(input);
      expect((await s.jwks()).keys.map((k) => k.kid).sort()).toEqual([newKid, oldKid].sort());
      expect((await s.list()).map((k) => [k.kid, k.status])).toEqual(expect.arrayContaining([[newKid, 'signing'], [oldKid, 'verifying']]));
      const r = (await rows()).find((x) => x.kid === oldKid)!;
      expect(r.retired_at).toBe(clock.toISOString());

      // Past access TTL + clock skew after retirement the old key no longer verifies anything,
      // even a token it signs now (which would otherwise be fresh).
      advance(931);
      const late = await forge(oldKid, await privateKeyOf(oldKid));
      expect(await reasonOf(tokens.verifyAccessToken(late))).toMatch(/unknown or retired kid/);
      expect((await s.jwks()).keys.map((k) => k.kid)).toEqual([newKid]);
      expect((await s.list()).find((k) => k.kid === oldKid)!.status).toBe('retired');
      // A second store (fresh cache) agrees.
      expect(await reasonOf(new TokenService(store(), CONFIG, { now }).verifyAccessToken(late))).toMatch(/retired/);
      await expect(tokens.verifyAccessToken(await tokens.issueAccessToken(input))).resolves.toMatchObject(input);
    });

    it('another instance sees a rotation at once for a new kid, and as signer within the cache TTL', async () => {
      const a = store();
      const b = store();
      const tokensA = new TokenService(a, CONFIG, { now });
      const tokensB = new TokenService(b, CONFIG, { now });
      const first = (await a.current()).kid;
      expect((await b.current()).kid).toBe(first);
      const { kid: second } = await a.rotate();
      // b's cache still says `first` signs; a token from a's new key still verifies on b (one reload).
      expect((await b.current()).kid).toBe(first);
      await expect(tokensB.verifyAccessToken(await tokensA.issueAccessToken(input))).resolves.toMatchObject(input);
      expect((await b.current()).kid).toBe(second);
      // Without any token to trigger a reload, the cache TTL (30 s) bounds the delay.
      const { kid: third } = await a.rotate();
      advance(29);
      expect((await b.current()).kid).toBe(second);
      advance(2);
      expect((await b.current()).kid).toBe(third);
    });

    it('rejects forged tokens against the real store', async () => {
      const s = store();
      const tokens = new TokenService(s, CONFIG, { now });
      const { kid } = await s.current();
      const jwk = (await s.jwks()).keys[0]!;
      const stranger = (await generateKeyPair('EdDSA')).privateKey;
      expect(await reasonOf(tokens.verifyAccessToken(await forge(kid, stranger)))).toMatch(/signature/);
      expect(await reasonOf(tokens.verifyAccessToken(await forge('kid-that-does-not-exist', stranger)))).toMatch(/unknown/);
      expect(await reasonOf(tokens.verifyAccessToken(await forge(kid, base64url.decode(jwk.x), 'HS256')))).toMatch(/alg/i);
      // The genuine key passes the same path.
      await expect(tokens.verifyAccessToken(await forge(kid, await privateKeyOf(kid)))).resolves.toMatchObject({ role: 'admin' });
    });

    it('reloads for an unknown kid at most once a second', async () => {
      const s = store();
      const tokens = new TokenService(s, CONFIG, { now });
      const { kid } = await s.current();
      const other = store();
      const stranger = (await generateKeyPair('EdDSA')).privateKey;
      await reasonOf(tokens.verifyAccessToken(await forge('unknown-1', stranger)));
      // A rotation by another instance right after a forced reload is found once the interval passes.
      const { kid: next } = await other.rotate();
      const byNext = await forge(next, await privateKeyOf(next));
      expect(await reasonOf(tokens.verifyAccessToken(byNext))).toMatch(/unknown/);
      advance(1);
      await expect(tokens.verifyAccessToken(byNext)).resolves.toMatchObject({ sub: 'user-1' });
      expect(kid).not.toBe(next);
    });
  });
}
