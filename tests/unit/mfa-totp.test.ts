import { describe, expect, it } from 'vitest';
import {
  generateRecoveryCode, generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode, RECOVERY_CODE_COUNT,
} from '../../src/modules/mfa/recovery-codes.js';
import {
  base32Decode, base32Encode, generateTotpSecret, hotp, matchTotpStep, otpauthUri, timeStep, totp, type TotpAlgorithm,
} from '../../src/modules/mfa/totp.js';

/** RFC 6238 Appendix B seeds: the ASCII digits repeated to the hash's block-friendly key length. */
const SEED: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890', 'ascii'),
  sha256: Buffer.from('12345678901234567890123456789012', 'ascii'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii'),
};

/** RFC 6238 Appendix B: time (s), T (hex), TOTP (8 digits) per algorithm. */
const RFC6238: Array<{ time: number; step: string; sha1: string; sha256: string; sha512: string }> = [
  { time: 59, step: '0000000000000001', sha1: '94287082', sha256: '46119246', sha512: '90693936' },
  { time: 1111111109, step: '00000000023523EC', sha1: '07081804', sha256: '68084774', sha512: '25091201' },
  { time: 1111111111, step: '00000000023523ED', sha1: '14050471', sha256: '67062674', sha512: '99943326' },
  { time: 1234567890, step: '000000000273EF07', sha1: '89005924', sha256: '91819424', sha512: '93441116' },
  { time: 2000000000, step: '0000000003F940AA', sha1: '69279037', sha256: '90698825', sha512: '38618901' },
  { time: 20000000000, step: '0000000027BC86AA', sha1: '65353130', sha256: '77737706', sha512: '47863826' },
];

/** RFC 4226 Appendix D: HOTP (6 digits) for counters 0..9 with the SHA-1 seed. */
const RFC4226 = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];

describe('HOTP (RFC 4226)', () => {
  it('matches the Appendix D test values', () => {
    RFC4226.forEach((expected, counter) => expect(hotp(SEED.sha1, counter), `counter ${counter}`).toBe(expected));
  });

  it('refuses out-of-range lengths and counters', () => {
    expect(() => hotp(SEED.sha1, 0, 5)).toThrow(RangeError);
    expect(() => hotp(SEED.sha1, -1)).toThrow(RangeError);
    expect(() => hotp(SEED.sha1, 2n ** 64n)).toThrow(RangeError);
  });
});

describe('TOTP (RFC 6238)', () => {
  for (const v of RFC6238) {
    it(`Appendix B at T=${v.time}s: step ${v.step}, SHA-1 ${v.sha1} (8 digits) and ${v.sha1.slice(2)} (6 digits)`, () => {
      expect(timeStep(v.time * 1000)).toBe(Number.parseInt(v.step, 16));
      expect(totp(SEED.sha1, v.time * 1000, { digits: 8 })).toBe(v.sha1);
      // MDL's codes: 6 digits, the same truncation modulo 10^6.
      expect(totp(SEED.sha1, v.time * 1000)).toBe(v.sha1.slice(2));
      expect(matchTotpStep(SEED.sha1, v.sha1.slice(2), v.time * 1000)).toBe(Number.parseInt(v.step, 16));
      expect(matchTotpStep(SEED.sha1, v.sha1, v.time * 1000, { digits: 8 })).toBe(Number.parseInt(v.step, 16));
    });
  }

  it('matches the SHA-256 and SHA-512 vectors too (the HMAC is a parameter)', () => {
    for (const v of RFC6238) {
      expect(totp(SEED.sha256, v.time * 1000, { digits: 8, algorithm: 'sha256' })).toBe(v.sha256);
      expect(totp(SEED.sha512, v.time * 1000, { digits: 8, algorithm: 'sha512' })).toBe(v.sha512);
    }
  });

  it('accepts the current step ±1 and refuses ±2, with an injected time', () => {
    const key = base32Decode(generateTotpSecret());
    const t = 1_900_000_015_000; // 15 s into a step
    const T = timeStep(t);
    const codeAt = (offsetSeconds: number) => totp(key, t + offsetSeconds * 1000);
    expect(matchTotpStep(key, codeAt(-30), t)).toBe(T - 1);
    expect(matchTotpStep(key, codeAt(0), t)).toBe(T);
    expect(matchTotpStep(key, codeAt(30), t)).toBe(T + 1);
    for (const off of [-60, 60, -90, 90]) {
      const c = codeAt(off);
      // A code of another step may collide with one of the window by chance (1 in 10^6 per step).
      if (![-30, 0, 30].some((o) => codeAt(o) === c)) expect(matchTotpStep(key, c, t), `offset ${off}s`).toBeUndefined();
    }
    // The window is a parameter: 0 accepts only the current step.
    expect(matchTotpStep(key, codeAt(30), t, { window: 0 })).toBeUndefined();
    expect(matchTotpStep(key, codeAt(0), t, { window: 0 })).toBe(T);
  });

  it('refuses anything that is not exactly six digits', () => {
    const t = 1_900_000_000_000;
    const code = totp(SEED.sha1, t);
    for (const bad of ['', code.slice(1), `${code}0`, ` ${code}`, code.replace(/\d$/, 'a'), '12345x', '１２３４５６']) {
      expect(matchTotpStep(SEED.sha1, bad, t), JSON.stringify(bad)).toBeUndefined();
    }
    expect(matchTotpStep(SEED.sha1, code, t)).toBe(timeStep(t));
  });
});

describe('base32 (RFC 4648)', () => {
  const vectors: Array<[string, string]> = [
    ['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI'],
  ];
  it('encodes and decodes the RFC 4648 section 10 vectors (without padding)', () => {
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(base32Decode(encoded).toString()).toBe(plain);
    }
    expect(base32Decode('MZXW6YQ=').toString()).toBe('foob');
    expect(base32Decode('mzxw 6ytb-oi').toString()).toBe('foobar');
    expect(() => base32Decode('MZXW1')).toThrow(RangeError);
  });

  it('makes 160-bit secrets: 32 base32 characters', () => {
    const s = generateTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(s)).toHaveLength(20);
    expect(base32Encode(base32Decode(s))).toBe(s);
    expect(generateTotpSecret()).not.toBe(s);
  });
});

describe('otpauth:// URI', () => {
  it('names the issuer and the account, URL-encoded, with SHA1, 6 digits and 30 s', () => {
    const uri = otpauthUri({ issuer: 'MDL', account: 'ana+mfa@example.com', secret: 'JBSWY3DPEHPK3PXP' });
    expect(uri).toBe('otpauth://totp/MDL:ana%2Bmfa%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=MDL&algorithm=SHA1&digits=6&period=30');
    const u = new URL(uri);
    expect(u.protocol).toBe('otpauth:');
    expect(u.host).toBe('totp');
    expect(decodeURIComponent(u.pathname)).toBe('/MDL:ana+mfa@example.com');
    expect(u.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect(u.searchParams.get('issuer')).toBe('MDL');
  });
});

describe('recovery codes', () => {
  it('are xxxx-xxxx-xxxx from a 32-letter alphabet, ten distinct ones per enrolment', () => {
    expect(generateRecoveryCode()).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
  });

  it('are compared after normalisation, by a SHA-256 hash', () => {
    const code = 'abcd-efgh-2345';
    expect(normalizeRecoveryCode(code)).toBe('abcdefgh2345');
    expect(normalizeRecoveryCode(' ABCD EFGH 2345 ')).toBe('abcdefgh2345');
    for (const bad of ['abcd-efgh-234', 'abcd-efgh-23450', 'abcd-efgh-2341', '123456', '', 'x'.repeat(100)]) expect(normalizeRecoveryCode(bad), bad).toBeUndefined();
    const h = hashRecoveryCode('abcdefgh2345');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).toBe(hashRecoveryCode(normalizeRecoveryCode('ABCD-EFGH-2345')!));
    expect(h).not.toContain('abcdefgh2345');
  });
});
