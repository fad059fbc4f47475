import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, SecretBoxError } from '../../src/shared/secret-box.js';
import { thrownMessage } from '../helpers/thrown.js';

const A = randomBytes(32);
const B = randomBytes(32);
const CTX = 'totp:user-1';

/** Flips one bit of the decoded part `index` (0 key id, 1 iv, 2 body) and re-encodes it canonically. */
function flip(sealed: string, index: 1 | 2, byte = 0): string {
  const parts = sealed.slice('sb1.'.length).split('.');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[byte] = bytes[byte]! ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return `sb1.${parts.join('.')}`;
}

const failure = (fn: () => unknown): string => thrownMessage(fn, SecretBoxError);

describe('SecretBox', () => {
  it('seals to sb1.<key id>.<iv>.<body> and opens with the same context', () => {
    const box = new SecretBox([A]);
    for (const text of ['', 'JBSWY3DPEHPK3PXP', '{"d":"x"}', 'ünïcødé ✓', 'x'.repeat(10_000)]) {
      const sealed = box.seal(text, CTX);
      expect(sealed).toMatch(/^sb1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22,}$/);
      expect(sealed.startsWith(`sb1.${box.currentKeyId}.`)).toBe(true);
      expect(box.open(sealed, CTX)).toBe(text);
    }
  });

  it('never repeats a ciphertext and never shows the plaintext', () => {
    const box = new SecretBox([A]);
    const a = box.seal('JBSWY3DPEHPK3PXP', CTX);
    const b = box.seal('JBSWY3DPEHPK3PXP', CTX);
    expect(a).not.toBe(b);
    expect(a).not.toContain('JBSWY3DP');
    expect(Buffer.from(a.split('.')[3]!, 'base64url').toString('latin1')).not.toContain('JBSWY3DP');
  });

  it('derives a stable key id that does not reveal the key', () => {
    expect(new SecretBox([A]).currentKeyId).toBe(new SecretBox([Buffer.from(A)]).currentKeyId);
    expect(new SecretBox([A]).currentKeyId).not.toBe(new SecretBox([B]).currentKeyId);
    expect(A.toString('base64url')).not.toContain(new SecretBox([A]).currentKeyId);
  });

  it('refuses a tampered IV, ciphertext or tag', () => {
    const box = new SecretBox([A]);
    const sealed = box.seal('a secret value', CTX);
    const body = Buffer.from(sealed.split('.')[3]!, 'base64url');
    for (const bad of [flip(sealed, 1), flip(sealed, 2, 0), flip(sealed, 2, body.length - 1), flip(sealed, 2, body.length - 16)]) {
      expect(failure(() => box.open(bad, CTX))).toMatch(/failed authentication/);
    }
    // A truncated body (dropped tag bytes) is refused too.
    const parts = sealed.split('.');
    const short = [...parts.slice(0, 3), body.subarray(0, body.length - 4).toString('base64url')].join('.');
    expect(() => box.open(short, CTX)).toThrow(SecretBoxError);
  });

  it('refuses the right value under another context (a copy into another row)', () => {
    const box = new SecretBox([A]);
    const sealed = box.seal('secret', 'totp:user-1');
    expect(failure(() => box.open(sealed, 'totp:user-2'))).toMatch(/bound to another record/);
    expect(() => box.open(sealed, 'signing-key:user-1')).toThrow(SecretBoxError);
    expect(() => box.open(sealed, '')).toThrow(SecretBoxError);
  });

  it('names the configuration when the key id is unknown', () => {
    const sealed = new SecretBox([A]).seal('secret', CTX);
    expect(failure(() => new SecretBox([B]).open(sealed, CTX))).toMatch(/not configured.*MDL_SECRET_KEY.*MDL_SECRET_KEY_PREVIOUS/);
    // A key id changed by hand is unknown as well.
    expect(() => new SecretBox([A]).open(sealed.replace(/^sb1\.[^.]/, (s) => `${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`), CTX)).toThrow(SecretBoxError);
  });

  it('refuses malformed values without leaking them', () => {
    const box = new SecretBox([A]);
    const good = box.seal('secret', CTX);
    const [, id, iv, body] = good.split('.');
    const cases = [
      '', 'JBSWY3DPEHPK3PXP', '{"d":"x"}', 'sb1.', 'sb1...', `sb2.${id}.${iv}.${body}`, `sb1.${id}.${iv}`, `sb1.${id}.${iv}.${body}.x`,
      `sb1.${id}.${iv}.${body}=`, `sb1.${id}.${iv}.${body!.slice(0, 21)}`, `sb1.${id}.${iv!.slice(0, 15)}.${body}`,
      `sb1.${id}.${iv}.${body!.replace(/.$/, '+')}`, `sb1.${id}.${iv}.${body} `,
    ];
    for (const bad of cases) expect(failure(() => box.open(bad, CTX)), bad).toMatch(/^(not a sealed value|sealed value failed)/);
    // Node reads base64url leniently: a non-canonical spelling (unused low bits set) is refused before decryption.
    const last = body!.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    expect(Buffer.from(body!.slice(0, -1) + sibling, 'base64url').equals(Buffer.from(body!, 'base64url'))).toBe(body!.length % 4 !== 0);
    if (body!.length % 4 !== 0) expect(failure(() => box.open(`sb1.${id}.${iv}.${body!.slice(0, -1)}${sibling}`, CTX))).toBe('not a sealed value');
  });

  it('rotation: the first key seals, older keys still open, needsReseal and reseal move values to the first key', () => {
    const old = new SecretBox([A]);
    const sealedByA = old.seal('secret', CTX);
    const rotated = new SecretBox([B, A]);
    expect(rotated.open(sealedByA, CTX)).toBe('secret');
    expect(rotated.needsReseal(sealedByA)).toBe(true);
    const moved = rotated.reseal(sealedByA, CTX)!;
    expect(moved.startsWith(`sb1.${rotated.currentKeyId}.`)).toBe(true);
    expect(rotated.needsReseal(moved)).toBe(false);
    expect(rotated.reseal(moved, CTX)).toBeUndefined();
    expect(new SecretBox([B]).open(moved, CTX)).toBe('secret');
    expect(() => old.open(moved, CTX)).toThrow(SecretBoxError);
    // A clear (legacy) value needs sealing, and openStored passes it through.
    expect(rotated.needsReseal('JBSWY3DPEHPK3PXP')).toBe(true);
    expect(rotated.openStored('JBSWY3DPEHPK3PXP', CTX)).toBe('JBSWY3DPEHPK3PXP');
    expect(rotated.open(rotated.reseal('JBSWY3DPEHPK3PXP', CTX)!, CTX)).toBe('JBSWY3DPEHPK3PXP');
    // Resealing a value from another context fails instead of rebinding it.
    expect(() => rotated.reseal(sealedByA, 'totp:user-2')).toThrow(SecretBoxError);
    // The same key twice is one key.
    expect(new SecretBox([A, A]).open(sealedByA, CTX)).toBe('secret');
  });

  it('refuses short or missing keys', () => {
    expect(() => new SecretBox([])).toThrow(SecretBoxError);
    expect(() => new SecretBox([randomBytes(31)])).toThrow(/at least 32 bytes/);
    expect(() => new SecretBox([A, randomBytes(16)])).toThrow(/at least 32 bytes/);
  });

  it('a deferred key source is read on first use only, and its failure surfaces there', () => {
    let calls = 0;
    const box = new SecretBox(() => { calls++; return [A]; });
    expect(calls).toBe(0);
    const sealed = box.seal('secret', CTX);
    expect(box.open(sealed, CTX)).toBe('secret');
    expect(calls).toBe(1);
    const broken = new SecretBox(() => { throw new SecretBoxError('no key file'); });
    expect(() => broken.seal('x', CTX)).toThrow('no key file');
  });

  it('ephemeral boxes are marked and independent', () => {
    const a = SecretBox.ephemeral();
    const b = SecretBox.ephemeral();
    expect(a.ephemeral).toBe(true);
    expect(new SecretBox([A]).ephemeral).toBe(false);
    expect(() => b.open(a.seal('x', CTX), CTX)).toThrow(SecretBoxError);
  });
});
