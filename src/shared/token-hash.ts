import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The one stored form of an opaque, high-entropy token (refresh token, API key secret, setup token,
 * MFA challenge, OIDC state, CSRF token): SHA-256 of its text, hex. Such tokens are random enough that
 * a fast hash is right (no salt or slow KDF is needed), and a database leak reveals no usable token.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether `presented` hashes to `storedHex`, compared in constant time; false for a missing or oversized token. */
export function matchesTokenHash(storedHex: string, presented: string | undefined, maxLength = 200): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > maxLength) return false;
  const a = Buffer.from(storedHex, 'hex');
  const b = Buffer.from(hashToken(presented), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
