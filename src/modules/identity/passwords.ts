import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify, type Options } from '@node-rs/argon2';

/**
 * Password hashing (argon2id, OWASP parameters) and the password policy (NIST SP 800-63B style:
 * length and a blocklist of common passwords, no composition rules).
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

/** argon2id, 19 MiB, 2 passes, 1 lane (OWASP Password Storage Cheat Sheet, first recommendation). */
export const ARGON2_PARAMS = Object.freeze({
  // Algorithm.Argon2id; the enum is an ambient const enum, which isolatedModules cannot inline.
  algorithm: 2 as NonNullable<Options['algorithm']>,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
});

/** Compatibility normalisation, so the same passphrase typed on different keyboards verifies. */
const normalize = (password: string) => password.normalize('NFKC');

/** Length in code points (what a person counts), not UTF-16 units. */
export const passwordLength = (password: string) => [...password].length;

export async function hashPassword(password: string): Promise<string> {
  return hash(normalize(password), ARGON2_PARAMS);
}

/** False for a wrong password and for a malformed stored hash (never throws on bad input). */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  if (passwordLength(password) > PASSWORD_MAX_LENGTH) return false;
  try {
    return await verify(storedHash, normalize(password));
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with other parameters than the current ones (rehash on next login). */
export function needsRehash(storedHash: string): boolean {
  try {
    const o = parseOptions(storedHash);
    return o.algorithm !== ARGON2_PARAMS.algorithm || o.memoryCost !== ARGON2_PARAMS.memoryCost
      || o.timeCost !== ARGON2_PARAMS.timeCost || o.parallelism !== ARGON2_PARAMS.parallelism;
  } catch {
    return true;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification, for unknown accounts, so response time does not
 * reveal whether an email is registered. The hash is made once, from random bytes nobody knows.
 */
export async function dummyVerify(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  await verifyPassword(await dummyHash, password);
}

let commonPasswords: Promise<ReadonlySet<string>> | undefined;

/** The ~49k common passwords of @zxcvbn-ts/language-common, lower-cased; loaded once, on first use. */
export function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  commonPasswords ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())),
  );
  return commonPasswords;
}

export interface PasswordPolicyContext {
  email?: string;
}

/** Every problem with a proposed password, as short sentences; an empty list means it is acceptable. */
export async function checkPasswordPolicy(password: string, context: PasswordPolicyContext = {}): Promise<string[]> {
  const problems: string[] = [];
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
    return problems;
  }
  const lower = normalize(password).toLowerCase();
  if ((await loadCommonPasswords()).has(lower)) problems.push('is too common (it appears in a list of frequently used passwords)');
  const email = context.email?.trim().toLowerCase();
  if (email) {
    const local = email.split('@')[0] ?? '';
    if (lower === email || (local !== '' && lower === local)) problems.push('must not be the email address or its local part');
  }
  return problems;
}
