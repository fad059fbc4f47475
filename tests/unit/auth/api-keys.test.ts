import { describe, expect, it } from 'vitest';
import { ApiKeyAuthenticationError, generateApiKey, hashApiKeySecret, parseApiKey } from '../../../src/modules/auth/api-keys.js';
import { AuthenticationError } from '../../../src/shared/errors.js';

describe('API key format', () => {
  it('generates mdl_<10 base32 chars>_<43 base64url chars> keys that parse back', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { key, prefix, secret } = generateApiKey();
      expect(key).toMatch(/^mdl_[a-z2-7]{10}_[A-Za-z0-9_-]{43}$/);
      expect(key).toBe(`mdl_${prefix}_${secret}`);
      expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
      expect(parseApiKey(key)).toEqual({ prefix, secret });
      seen.add(prefix);
    }
    expect(seen.size).toBe(200);
  });

  it('keeps underscores and dashes of the secret (the prefix never has one)', () => {
    const secret = `${'_'.repeat(20)}-${'a'.repeat(22)}`;
    expect(parseApiKey(`mdl_abcdefgh23_${secret}`)).toEqual({ prefix: 'abcdefgh23', secret });
  });

  it('rejects anything else', () => {
    const { key } = generateApiKey();
    for (const bad of ['', 'mdl_', key.slice(0, -1), `${key}x`, key.replace('mdl_', 'MDL_'), key.replace(/^mdl_[a-z2-7]/, 'mdl_A'),
      `Bearer ${key}`, ` ${key}`, key.replace(/_([^_]*)$/, '_$1!'), 'mdl_abcdefgh23', 'mdl_abc_' + 'a'.repeat(43)]) {
      expect(parseApiKey(bad), bad).toBeUndefined();
    }
    expect(parseApiKey(undefined as unknown as string)).toBeUndefined();
  });

  it('hashes the secret with SHA-256 (hex)', () => {
    expect(hashApiKeySecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('fails with one generic message and a precise reason kept off the client-facing details', () => {
    const err = new ApiKeyAuthenticationError('revoked');
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ code: 'UNAUTHENTICATED', message: 'invalid API key', reason: 'revoked', details: undefined });
  });
});
