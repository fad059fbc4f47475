import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

/**
 * Secrets and production readiness.
 *
 * A secret setting `X` comes from the environment variable `X`, or from the file named by `X_FILE`
 * (container secrets: Docker/Kubernetes mount them as files). Setting both is an error, as is a file
 * that cannot be read or is empty. One trailing newline (LF or CRLF) is removed from the file's text.
 *
 * Messages name the setting that failed, never its value, and contain no `;` (the separator when several
 * problems are reported together).
 */

/** The settings that may come from a `<NAME>_FILE` path. Add a name here to give it the same treatment. */
export const FILE_SECRETS = ['MDL_DATABASE_URL', 'MDL_REDIS_URL', 'MDL_SECRET_KEY', 'MDL_SECRET_KEY_PREVIOUS', 'MDL_SMTP_URL'] as const;

export class SecretError extends Error {}

/** `env[name]`, or the content of the file at `env[name + '_FILE']`; undefined when neither is set. */
export function readSecret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  const hasDirect = direct !== undefined && direct !== '';
  const hasFile = file !== undefined && file !== '';
  if (hasDirect && hasFile) throw new SecretError(`${name} and ${name}_FILE are both set (set only one)`);
  if (!hasFile) return direct;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new SecretError(`${name}_FILE: cannot read ${file} (${code})`);
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') throw new SecretError(`${name}_FILE: ${file} is empty`);
  return value;
}

/**
 * A copy of `env` with every file-based secret resolved into its plain name (`X_FILE` → `X`), and the
 * problems found on the way (all of them, so a misconfiguration is reported in one go).
 */
export function resolveSecretEnv(env: NodeJS.ProcessEnv, names: readonly string[] = FILE_SECRETS): { env: NodeJS.ProcessEnv; problems: string[] } {
  const out: NodeJS.ProcessEnv = { ...env };
  const problems: string[] = [];
  for (const name of names) {
    try {
      const value = readSecret(env, name);
      if (value === undefined) delete out[name];
      else out[name] = value;
    } catch (err) {
      if (!(err instanceof SecretError)) throw err;
      problems.push(err.message);
    }
  }
  return { env: out, problems };
}

/** Minimum decoded length of MDL_SECRET_KEY, in bytes. */
export const SECRET_KEY_MIN_BYTES = 32;

/**
 * Words that mark a value copied from an example rather than generated (the longer ones anywhere, the
 * short ones as a separate word). Only a value written in one letter case is checked: random base64
 * always mixes cases (all 44 characters of one case: about 1 key in 10^10), while a word match alone
 * turned away real keys (one in 25,000 held "todo"), and hex cannot spell these words.
 */
const PLACEHOLDERS = ['changeme', 'change-me', 'change_me', 'secret', 'default', 'password', 'placeholder', 'example', 'replace', 'insecure', 'notsecure', 'xxxxxx'];
const SHORT_PLACEHOLDER = /(^|[^a-z0-9])(todo|fixme|test)([^a-z0-9]|$)/;

function isPlaceholder(text: string): boolean {
  const oneCase = text === text.toLowerCase() || text === text.toUpperCase();
  const lower = text.toLowerCase();
  return oneCase && (PLACEHOLDERS.some((p) => lower.includes(p)) || SHORT_PLACEHOLDER.test(lower));
}

/**
 * Decodes MDL_SECRET_KEY: hex (even length, 0-9a-f) or base64/base64url, at least 32 bytes, not a
 * placeholder, not one repeated character, and with the byte variety of random data. Generate one with
 * `openssl rand -base64 32` or `openssl rand -hex 32`.
 */
export function parseSecretKey(value: string): { key?: Buffer; problem?: string } {
  const text = value.trim();
  if (isPlaceholder(text)) return { problem: 'is a placeholder value (generate one with `openssl rand -base64 32`)' };
  if (/^(.)\1*$/s.test(text)) return { problem: 'is one repeated character (generate one with `openssl rand -base64 32`)' };
  let key: Buffer;
  if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0) key = Buffer.from(text, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) key = Buffer.from(text, 'base64'); // Node's base64 also reads base64url
  else return { problem: 'must be hex or base64 (for example `openssl rand -base64 32`)' };
  if (key.length < SECRET_KEY_MIN_BYTES) return { problem: `is too short: it must decode to at least ${SECRET_KEY_MIN_BYTES} bytes (e.g. \`openssl rand -base64 32\`)` };
  // 32 random bytes have about 30 distinct values; a repeated pattern or a low-entropy phrase has few.
  if (new Set(key).size < 16) return { problem: 'has too little variety to be random (generate one with `openssl rand -base64 32`)' };
  return { key };
}

/**
 * MDL_SECRET_KEY_PREVIOUS: the keys that sealed values before the last rotation, used only to open them
 * (and re-seal them under MDL_SECRET_KEY). One key, or several separated by commas or whitespace (one per
 * line in a file); each is checked like MDL_SECRET_KEY. Problems name the key by position, never its value.
 */
export function parseSecretKeyList(value: string): { keys: Buffer[]; problems: string[] } {
  const entries = value.split(/[\s,]+/).filter((s) => s !== '');
  const keys: Buffer[] = [];
  const problems: string[] = [];
  entries.forEach((entry, i) => {
    const r = parseSecretKey(entry);
    if (r.key) keys.push(r.key);
    else problems.push(entries.length === 1 ? `${r.problem}` : `key ${i + 1} of ${entries.length} ${r.problem}`);
  });
  return { keys, problems };
}

/** Passwords (and their stems) that ship as defaults or in examples. */
const WEAK_PASSWORD_STEMS = new Set(['', 'postgres', 'postgresql', 'password', 'passwd', 'pass', 'changeme', 'secret', 'admin', 'root', 'mdl', 'default', 'example', 'test', 'letmein', 'qwerty', 'redis', 'user', 'guest']);

/** Minimum length of a database or Redis password in production. */
export const SERVICE_PASSWORD_MIN_LENGTH = 12;

/** Why a password in a connection URL is weak, or undefined when it is acceptable. */
export function weakPasswordReason(password: string, user: string): string | undefined {
  if (password === '') return 'the password is empty';
  const stem = password.toLowerCase().replace(/[^a-z]/g, '');
  if (WEAK_PASSWORD_STEMS.has(stem) || password.toLowerCase() === user.toLowerCase()) return 'the password is a default or example value';
  if (/^(.)\1*$/s.test(password)) return 'the password is one repeated character';
  if (password.length < SERVICE_PASSWORD_MIN_LENGTH) return `the password is shorter than ${SERVICE_PASSWORD_MIN_LENGTH} characters`;
  return undefined;
}

/**
 * Problems with the password of a PostgreSQL URL, read the way pg reads it (query parameters win over the
 * userinfo; `postgres://user@/db?host=/socket` has an empty host). A URL without a password is accepted only
 * when the connection authenticates otherwise: PGPASSWORD (checked the same way), a client certificate
 * (`sslcert`), or a Unix socket (peer authentication).
 */
export function databasePasswordProblem(url: string, env: NodeJS.ProcessEnv): string | undefined {
  let u: URL;
  let emptyHost = false;
  try {
    try {
      u = new URL(url);
    } catch {
      u = new URL(url.replace('@/', '@dummy-host/'));
      emptyHost = true;
    }
  } catch {
    return 'is not a valid URL';
  }
  const user = u.searchParams.get('user') ?? decodeURIComponent(u.username);
  const fromQuery = u.searchParams.get('password');
  const explicitEmpty = u.password === '' && u.username !== '' && url.includes(`${u.username}:@`);
  if (fromQuery !== null || u.password !== '' || explicitEmpty) {
    return weakPasswordReason(fromQuery ?? decodeURIComponent(u.password), user);
  }
  if (env.PGPASSWORD !== undefined) {
    const reason = weakPasswordReason(env.PGPASSWORD, user);
    return reason ? `${reason} (PGPASSWORD)` : undefined;
  }
  const host = u.searchParams.get('host') ?? (emptyHost ? '' : decodeURIComponent(u.hostname));
  if (u.searchParams.has('sslcert') || host.startsWith('/')) return undefined;
  return 'has no password (put one in the URL, or use a client certificate or a Unix socket)';
}

/** Problems with the password of a Redis URL; a URL without one is accepted (Redis is often network-isolated). */
export function redisPasswordProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'is not a valid URL';
  }
  if (u.password === '') return undefined;
  return weakPasswordReason(decodeURIComponent(u.password), decodeURIComponent(u.username));
}

/** 127.0.0.0/8, ::1 and localhost: addresses no other machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

export interface ProductionInputs {
  /** MDL_SECRET_KEY as given (after `_FILE` resolution); its strength is checked by parseSecretKey in every mode. */
  secretKey: string | undefined;
  /** The PostgreSQL URL, or undefined for SQLite (which has no password). */
  postgresUrl: string | undefined;
  redisUrl: string | undefined;
  host: string;
  tls: boolean;
  trustProxyTls: boolean;
  env: NodeJS.ProcessEnv;
}

/**
 * Everything that stops a production start (MDL_ENV=production), as `SETTING: reason` lines.
 * Values are never included.
 */
export function productionProblems(p: ProductionInputs): string[] {
  const problems: string[] = [];
  if (p.secretKey === undefined || p.secretKey === '') problems.push('MDL_SECRET_KEY: missing (set MDL_SECRET_KEY or MDL_SECRET_KEY_FILE, generated with `openssl rand -base64 32`)');
  if (p.postgresUrl !== undefined) {
    const reason = databasePasswordProblem(p.postgresUrl, p.env);
    if (reason) problems.push(`MDL_DATABASE_URL: ${reason}`);
  }
  if (p.redisUrl !== undefined && p.redisUrl !== '') {
    const reason = redisPasswordProblem(p.redisUrl);
    if (reason) problems.push(`MDL_REDIS_URL: ${reason}`);
  }
  if (!p.tls && !p.trustProxyTls && !isLoopbackHost(p.host)) {
    problems.push('MDL_HOST: binds beyond loopback without TLS (set MDL_TLS_CERT_FILE and MDL_TLS_KEY_FILE, or MDL_TRUST_PROXY_TLS=true behind a TLS-terminating proxy)');
  }
  return problems;
}
