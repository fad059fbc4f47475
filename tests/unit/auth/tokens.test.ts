import { describe, expect, it } from 'vitest';
import { base64url, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import {
  CredentialRejectedError, INVALID_CREDENTIALS_MESSAGE, MAX_ACCESS_TTL_SECONDS, TokenService, type KeySource, type SigningKey,
} from '../../../src/modules/auth/tokens.js';
import { AuthenticationError } from '../../../src/shared/errors.js';

const ISS = 'https://mdl.test';
const AUD = 'mdl-api';
const T0 = new Date('2030-01-01T00:00:00.000Z');
const input = { sub: 'user-1', ws: 'ws-1', role: 'editor' as const, sid: 'sess-1' };

/** Keys in memory: a signer, plus keys that verify until removed. */
class MemoryKeys implements KeySource {
  signer!: SigningKey;
  readonly publicKeys = new Map<string, CryptoKey>();
  static async create(): Promise<MemoryKeys> {
    const k = new MemoryKeys();
    await k.add('kid-1');
    return k;
  }
  async add(kid: string): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
    const pair = await generateKeyPair('EdDSA', { extractable: true });
    this.publicKeys.set(kid, pair.publicKey);
    this.signer = { kid, privateKey: pair.privateKey };
    return pair;
  }
  async current(): Promise<SigningKey> {
    return this.signer;
  }
  async verificationKey(kid: string): Promise<CryptoKey | undefined> {
    return this.publicKeys.get(kid);
  }
}

async function setup(ttl?: number) {
  let clock = T0;
  const keys = await MemoryKeys.create();
  const svc = new TokenService(keys, { issuer: ISS, audience: AUD, accessTtlSeconds: ttl }, { now: () => clock });
  const nowSec = () => Math.floor(clock.getTime() / 1000);
  /** A token shaped like ours, with overrides, signed by `key` (default: the real signer). */
  const forge = async (o: { claims?: JWTPayload; header?: Record<string, unknown>; key?: CryptoKey | Uint8Array } = {}) => {
    const iat = nowSec();
    const claims = { iss: ISS, aud: AUD, sub: 'user-1', ws: 'ws-1', role: 'editor', sid: 'sess-1', iat, nbf: iat, exp: iat + 600, jti: 'j-1', ...o.claims };
    for (const [k, v] of Object.entries(claims)) if (v === undefined) delete (claims as Record<string, unknown>)[k];
    return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: keys.signer.kid, typ: 'at+jwt', ...o.header } as never).sign(o.key ?? keys.signer.privateKey);
  };
  return { svc, keys, forge, advance: (s: number) => { clock = new Date(clock.getTime() + s * 1000); } };
}

async function rejection(svc: TokenService, token: unknown): Promise<CredentialRejectedError> {
  const err = await svc.verifyAccessToken(token as string).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AuthenticationError);
  expect(err).toBeInstanceOf(CredentialRejectedError);
  const e = err as CredentialRejectedError;
  expect(e.code).toBe('UNAUTHENTICATED');
  expect(e.message).toBe(INVALID_CREDENTIALS_MESSAGE);
  expect(e.details).toBeUndefined();
  expect(e.reason).toBeTruthy();
  return e;
}

const b64json = (v: unknown) => base64url.encode(JSON.stringify(v));

describe('TokenService: issuing', () => {
  it('signs EdDSA at+jwt tokens with every claim, and verifies them', async () => {
    const { svc, keys } = await setup();
    const token = await svc.issueAccessToken(input);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', kid: keys.signer.kid, typ: 'at+jwt' });
    const c = decodeJwt(token);
    const iat = T0.getTime() / 1000;
    expect(c).toMatchObject({ iss: ISS, aud: AUD, sub: 'user-1', ws: 'ws-1', role: 'editor', sid: 'sess-1', iat, nbf: iat, exp: iat + 900 });
    expect(c.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(await svc.verifyAccessToken(token)).toEqual({ ...input, jti: c.jti, exp: iat + 900 });
    const other = decodeJwt(await svc.issueAccessToken(input));
    expect(other.jti).not.toBe(c.jti);
  });

  it('uses the configured TTL, at most 900 seconds', async () => {
    const { svc } = await setup(300);
    expect(svc.accessTtlSeconds).toBe(300);
    const c = decodeJwt(await svc.issueAccessToken(input));
    expect(c.exp! - c.iat!).toBe(300);
    const keys = await MemoryKeys.create();
    expect(new TokenService(keys, { issuer: ISS, audience: AUD }).accessTtlSeconds).toBe(MAX_ACCESS_TTL_SECONDS);
    for (const bad of [901, 0, -1, 1.5, 3600]) {
      expect(() => new TokenService(keys, { issuer: ISS, audience: AUD, accessTtlSeconds: bad })).toThrow(RangeError);
    }
    expect(() => new TokenService(keys, { issuer: '', audience: AUD })).toThrow(RangeError);
  });

  it('refuses to issue for an unknown role or empty ids', async () => {
    const { svc } = await setup();
    await expect(svc.issueAccessToken({ ...input, role: 'owner' as never })).rejects.toThrow(TypeError);
    await expect(svc.issueAccessToken({ ...input, sid: '' })).rejects.toThrow(TypeError);
  });

  it('accepts a token within the clock tolerance and rejects it after', async () => {
    const { svc, advance } = await setup(60);
    const token = await svc.issueAccessToken(input);
    advance(60 + 29);
    await expect(svc.verifyAccessToken(token)).resolves.toMatchObject({ sub: 'user-1' });
    advance(2);
    expect((await rejection(svc, token)).reason).toMatch(/exp/);
  });
});

describe('TokenService: rejects', () => {
  it('alg none, with and without a signature part', async () => {
    const { svc, keys } = await setup();
    const iat = T0.getTime() / 1000;
    const claims = { iss: ISS, aud: AUD, sub: 'u', ws: 'w', role: 'admin', sid: 's', iat, nbf: iat, exp: iat + 60, jti: 'j' };
    const unsigned = `${b64json({ alg: 'none', kid: keys.signer.kid, typ: 'at+jwt' })}.${b64json(claims)}`;
    await rejection(svc, `${unsigned}.`);
    await rejection(svc, `${unsigned}.${base64url.encode('x')}`);
  });

  it('HS256 signed with the public key as the secret (algorithm confusion)', async () => {
    const { svc, keys, forge } = await setup();
    const jwk = await exportJWK(keys.publicKeys.get(keys.signer.kid)!);
    for (const secret of [base64url.decode(jwk.x!), new TextEncoder().encode(JSON.stringify(jwk))]) {
      const e = await rejection(svc, await forge({ header: { alg: 'HS256' }, key: secret }));
      expect(e.reason).toMatch(/alg/i);
    }
  });

  it('another algorithm with its own key (ES256)', async () => {
    const { svc, forge } = await setup();
    const { privateKey } = await generateKeyPair('ES256');
    await rejection(svc, await forge({ header: { alg: 'ES256' }, key: privateKey }));
  });

  it('a token signed by an unknown key that claims a valid kid', async () => {
    const { svc, forge } = await setup();
    const { privateKey } = await generateKeyPair('EdDSA');
    expect((await rejection(svc, await forge({ key: privateKey }))).reason).toMatch(/signature/);
  });

  it('an unknown kid, a missing kid, an empty kid', async () => {
    const { svc, forge } = await setup();
    expect((await rejection(svc, await forge({ header: { kid: 'no-such-kid' } }))).reason).toMatch(/unknown or retired kid/);
    expect((await rejection(svc, await forge({ header: { kid: undefined } }))).reason).toMatch(/missing kid/);
    await rejection(svc, await forge({ header: { kid: '' } }));
  });

  it('a key that is no longer a verification key (retired)', async () => {
    const { svc, keys } = await setup();
    const token = await svc.issueAccessToken(input);
    keys.publicKeys.delete(keys.signer.kid);
    expect((await rejection(svc, token)).reason).toMatch(/retired/);
  });

  it('expired, not yet valid, issued in the future, or too old', async () => {
    const { svc, forge } = await setup();
    const now = T0.getTime() / 1000;
    expect((await rejection(svc, await forge({ claims: { exp: now - 31 } }))).reason).toMatch(/exp/);
    expect((await rejection(svc, await forge({ claims: { nbf: now + 120 } }))).reason).toMatch(/nbf/);
    await rejection(svc, await forge({ claims: { iat: now + 120, nbf: now } }));
    await rejection(svc, await forge({ claims: { iat: now - 3600, nbf: now - 3600, exp: now + 60 } }));
  });

  it('wrong issuer, wrong audience, wrong typ', async () => {
    const { svc, forge } = await setup();
    expect((await rejection(svc, await forge({ claims: { iss: 'https://evil.test' } }))).reason).toMatch(/iss/);
    expect((await rejection(svc, await forge({ claims: { aud: 'other-api' } }))).reason).toMatch(/aud/);
    await rejection(svc, await forge({ claims: { aud: ['other-api'] } }));
    await rejection(svc, await forge({ header: { typ: 'JWT' } }));
    await rejection(svc, await forge({ header: { typ: undefined } }));
  });

  it('a tampered payload with the original signature', async () => {
    const { svc } = await setup();
    const [h, p, s] = (await svc.issueAccessToken(input)).split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p!)));
    const tampered = `${h}.${b64json({ ...claims, role: 'admin' })}.${s}`;
    expect((await rejection(svc, tampered)).reason).toMatch(/signature/);
    const otherWs = `${h}.${b64json({ ...claims, ws: 'ws-2' })}.${s}`;
    await rejection(svc, otherWs);
  });

  it('a role outside ROLES, or a missing or mistyped claim, even when properly signed', async () => {
    const { svc, forge } = await setup();
    expect((await rejection(svc, await forge({ claims: { role: 'owner' } }))).reason).toMatch(/role/);
    await rejection(svc, await forge({ claims: { role: undefined } }));
    for (const claim of ['sub', 'ws', 'sid', 'jti', 'iat', 'nbf', 'exp', 'iss', 'aud']) {
      await rejection(svc, await forge({ claims: { [claim]: undefined } }));
    }
    await rejection(svc, await forge({ claims: { ws: 42 } }));
    await rejection(svc, await forge({ claims: { sid: '' } }));
  });

  it('garbage', async () => {
    const { svc } = await setup();
    const garbage: unknown[] = [
      '', 'abc', 'a.b', 'a.b.c', '...', 'Bearer x.y.z', '💥.💥.💥', `${'a'.repeat(5000)}.b.c`,
      `${b64json({ alg: 'EdDSA' })}.not-json.sig`, `${b64json('x')}.${b64json('y')}.${base64url.encode('z')}`,
      undefined, null, 42, {},
    ];
    for (const g of garbage) await rejection(svc, g);
  });
});
