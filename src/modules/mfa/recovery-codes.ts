import { createHash, randomInt } from 'node:crypto';

/** How many recovery codes an enrolment hands out (each works once). */
export const RECOVERY_CODE_COUNT = 10;

/** Lower-case base32: no 0/1/8/9, so nothing reads as O/I/l/B. 12 characters = 60 random bits. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const GROUPS = 3;
const GROUP_LENGTH = 4;
const NORMALIZED = new RegExp(`^[${ALPHABET}]{${GROUPS * GROUP_LENGTH}}$`);

/** One code, `xxxx-xxxx-xxxx`. */
export function generateRecoveryCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let s = '';
    for (let i = 0; i < GROUP_LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}

/** `count` distinct codes. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(generateRecoveryCode());
  return [...codes];
}

/** The code as typed, reduced to its 12 characters (case, spaces and hyphens ignored), or undefined if it cannot be one. */
export function normalizeRecoveryCode(input: string): string | undefined {
  if (typeof input !== 'string' || input.length > 64) return undefined;
  const s = input.replace(/[\s-]/g, '').toLowerCase();
  return NORMALIZED.test(s) ? s : undefined;
}

/**
 * SHA-256 (hex) of the normalised code: the only form stored. The codes are 60 random bits, so a
 * fast unsalted hash is enough (nothing to guess from a dictionary) and lookups stay by equality.
 */
export function hashRecoveryCode(normalized: string): string {
  return createHash('sha256').update(`mdl-recovery:${normalized}`, 'utf8').digest('hex');
}
