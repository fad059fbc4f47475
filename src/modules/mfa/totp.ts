import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * HOTP (RFC 4226) and TOTP (RFC 6238) with node:crypto, and the RFC 4648 base32 that authenticator
 * apps use for secrets. MDL issues SHA-1, 6 digits, 30-second steps (what every authenticator app
 * supports); the algorithm and length are parameters so the RFC test vectors can be checked as given.
 */
export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** Steps accepted on either side of the current one (clock drift between the server and the phone). */
export const TOTP_WINDOW = 1;
/** 160 bits, the length RFC 4226 recommends for an HMAC-SHA1 key. */
export const TOTP_SECRET_BYTES = 20;

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, upper case, without padding (as otpauth:// URIs carry it). */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case, spaces, hyphens and padding ignored); throws RangeError on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const v = BASE32_ALPHABET.indexOf(ch);
    if (v < 0) throw new RangeError('invalid base32 character');
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

/** A new random TOTP secret, base32. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(TOTP_SECRET_BYTES));
}

/** HOTP(K, C): HMAC over the 8-byte big-endian counter, dynamic truncation, modulo 10^digits, zero-padded. */
export function hotp(key: Uint8Array, counter: number | bigint, digits = TOTP_DIGITS, algorithm: TotpAlgorithm = 'sha1'): string {
  if (!Number.isInteger(digits) || digits < 6 || digits > 10) throw new RangeError('digits must be 6 to 10');
  const c = BigInt(counter);
  if (c < 0n || c > 0xffff_ffff_ffff_ffffn) throw new RangeError('counter out of range');
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(c);
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return (BigInt(binary) % 10n ** BigInt(digits)).toString().padStart(digits, '0');
}

/** The time step T = floor((unix seconds - T0) / period) for a time in milliseconds since the epoch. */
export function timeStep(timeMs: number, period = TOTP_PERIOD_SECONDS): number {
  return Math.floor(timeMs / 1000 / period);
}

export interface TotpOptions {
  digits?: number;
  period?: number;
  algorithm?: TotpAlgorithm;
}

/** TOTP at a time (milliseconds since the epoch). */
export function totp(key: Uint8Array, timeMs: number, opts: TotpOptions = {}): string {
  return hotp(key, timeStep(timeMs, opts.period), opts.digits, opts.algorithm);
}

/**
 * The time step a code belongs to, among the current step ± `window`, or undefined. Every candidate
 * is compared (in constant time), so timing does not reveal which step matched. Replay protection is
 * the caller's: a step at or below the last one accepted must be refused.
 */
export function matchTotpStep(key: Uint8Array, code: string, timeMs: number, opts: TotpOptions & { window?: number } = {}): number | undefined {
  const digits = opts.digits ?? TOTP_DIGITS;
  if (typeof code !== 'string' || code.length !== digits || !/^\d+$/.test(code)) return undefined;
  const current = timeStep(timeMs, opts.period);
  const window = opts.window ?? TOTP_WINDOW;
  const given = Buffer.from(code);
  let matched: number | undefined;
  for (let step = current - window; step <= current + window; step++) {
    if (step < 0) continue;
    const expected = Buffer.from(hotp(key, step, digits, opts.algorithm));
    // The newest matching step wins (a later step is never below an earlier one: replay checks stay monotonic).
    if (timingSafeEqual(expected, given)) matched = step;
  }
  return matched;
}

/** The key URI authenticator apps read (Google Authenticator's key-uri format), for a QR code or manual entry. */
export function otpauthUri(opts: { issuer: string; account: string; secret: string; digits?: number; period?: number }): string {
  const label = `${encodeURIComponent(opts.issuer)}:${encodeURIComponent(opts.account)}`;
  const query = [
    `secret=${opts.secret}`,
    `issuer=${encodeURIComponent(opts.issuer)}`,
    'algorithm=SHA1',
    `digits=${opts.digits ?? TOTP_DIGITS}`,
    `period=${opts.period ?? TOTP_PERIOD_SECONDS}`,
  ].join('&');
  return `otpauth://totp/${label}?${query}`;
}
