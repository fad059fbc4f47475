import { hash } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ARGON2_PARAMS, checkPasswordPolicy, hashPassword, loadCommonPasswords, needsRehash, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword,
} from '../../../src/modules/identity/passwords.js';

describe('password policy', () => {
  it('loads the common-password list once, with at least 10,000 entries', async () => {
    const list = await loadCommonPasswords();
    expect(list.size).toBeGreaterThanOrEqual(10_000);
    expect(await loadCommonPasswords()).toBe(list);
  });

  it('rejects common passwords, case-insensitively', async () => {
    for (const p of ['password1234', 'qwertyuiop12', 'PassWord1234', 'QWERTYUIOP123', '123456789012']) {
      const problems = await checkPasswordPolicy(p);
      expect(problems, p).toHaveLength(1);
      expect(problems[0], p).toMatch(/too common/);
    }
  });

  it('rejects passwords that are too short or too long', async () => {
    expect(await checkPasswordPolicy('Xk9#vLq2!m')).toEqual([`must be at least ${PASSWORD_MIN_LENGTH} characters long`]);
    expect(await checkPasswordPolicy('')).toHaveLength(1);
    expect(await checkPasswordPolicy('a'.repeat(PASSWORD_MAX_LENGTH + 1))).toEqual([`must be at most ${PASSWORD_MAX_LENGTH} characters long`]);
    expect(await checkPasswordPolicy('ab'.repeat(PASSWORD_MAX_LENGTH / 2))).toEqual([]);
    // Counted in code points: 12 emoji are 12 characters (24 UTF-16 units).
    expect(await checkPasswordPolicy('🔑'.repeat(11))).toHaveLength(1);
    expect(await checkPasswordPolicy('🔑'.repeat(12))).toEqual([]);
  });

  it('rejects the email address and its local part', async () => {
    const email = 'Alexandra.Smith@example.com';
    expect(await checkPasswordPolicy('alexandra.smith@example.com', { email })).toEqual(['must not be the email address or its local part']);
    expect(await checkPasswordPolicy('ALEXANDRA.SMITH', { email })).toEqual(['must not be the email address or its local part']);
    expect(await checkPasswordPolicy('alexandra.smith!', { email })).toEqual([]);
  });

  it('accepts a random passphrase', async () => {
    expect(await checkPasswordPolicy('violet kettle marches sideways 42')).toEqual([]);
    expect(await checkPasswordPolicy(randomBytes(18).toString('base64url'), { email: 'x@example.com' })).toEqual([]);
  });
});

describe('password hashing (argon2id)', () => {
  it('hashes with argon2id and the OWASP parameters, salted, and verifies', async () => {
    const password = 'violet kettle marches sideways 42';
    const [a, b] = await Promise.all([hashPassword(password), hashPassword(password)]);
    expect(a).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}\\$`));
    expect(a).not.toBe(b);
    expect(a).not.toContain(password);
    expect(await verifyPassword(a, password)).toBe(true);
    expect(await verifyPassword(b, password)).toBe(true);
    expect(await verifyPassword(a, 'violet kettle marches sideways 43')).toBe(false);
    expect(needsRehash(a)).toBe(false);
  });

  it('normalises Unicode (NFKC) so composed and decomposed forms verify alike', async () => {
    const h = await hashPassword('caf\u00e9 au lait s\'il vous plait');
    expect(await verifyPassword(h, 'cafe\u0301 au lait s\'il vous plait')).toBe(true);
  });

  it('never throws on a malformed hash or an over-long password, and flags old parameters for rehash', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever password')).toBe(false);
    expect(await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB', 'whatever password')).toBe(false);
    const weak = await hash('violet kettle marches sideways 42', { memoryCost: 1024, timeCost: 1, parallelism: 1 });
    expect(await verifyPassword(weak, 'x'.repeat(PASSWORD_MAX_LENGTH + 1))).toBe(false);
    expect(await verifyPassword(weak, 'violet kettle marches sideways 42')).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash('garbage')).toBe(true);
  });
});
