import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_INVITATION_TTL_HOURS, parseSmtpSettings, type InvitationSettings } from './invitations.js';
import { isLoopbackHost, parseSecretKey, parseSecretKeyList, productionProblems, resolveSecretEnv } from './secrets.js';

/**
 * Typed, validated configuration. One switch picks the database: `MDL_DATABASE_URL` starting with
 * postgres:// or postgresql:// selects PostgreSQL; anything else (or nothing) is an SQLite file path.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** MDL_WORKSPACE_CREATION: who may create workspaces through the API (the host's CLI always may). */
export const WORKSPACE_CREATION_MODES = ['host', 'instance-admins', 'users'] as const;
export type WorkspaceCreationMode = (typeof WORKSPACE_CREATION_MODES)[number];

const envSchema = z.object({
  MDL_HOST: z.string().default('127.0.0.1'),
  MDL_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MDL_DATA_DIR: z.string().default('./.mdl'),
  MDL_DATABASE_URL: z.string().optional(),
  MDL_DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).optional(),
  MDL_DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  MDL_MIGRATE_ON_START: bool.default(true),
  MDL_SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
  MDL_DB_START_TIMEOUT_SECONDS: z.coerce.number().int().min(0).default(0),
  MDL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MDL_BODY_LIMIT: z.coerce.number().int().min(1024).default(1024 * 1024),
  MDL_IMPORT_BODY_LIMIT: z.coerce.number().int().min(1024).default(50 * 1024 * 1024),
  MDL_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  MDL_TOKEN_ISSUER: z.string().min(1).default('mdl'),
  MDL_TOKEN_AUDIENCE: z.string().min(1).default('mdl-api'),
  MDL_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(900).default(900),
  // Mode, secrets (MDL_DATABASE_URL, MDL_REDIS_URL, MDL_SECRET_KEY and MDL_SECRET_KEY_PREVIOUS may come from *_FILE: secrets.ts), TLS, CORS.
  MDL_ENV: z.enum(['development', 'production', 'test']).default('development'),
  MDL_SECRET_KEY: z.string().optional(),
  MDL_SECRET_KEY_PREVIOUS: z.string().optional(),
  MDL_TLS_CERT_FILE: z.string().min(1).optional(),
  MDL_TLS_KEY_FILE: z.string().min(1).optional(),
  MDL_TRUST_PROXY_TLS: bool.default(false),
  MDL_TRUSTED_PROXIES: z.string().optional(),
  MDL_CORS_ORIGINS: z.string().optional(),
  MDL_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(600),
  MDL_RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  MDL_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  MDL_LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(100_000).default(50),
  MDL_LOGIN_WINDOW_MS: z.coerce.number().int().min(1000).default(15 * 60_000),
  MDL_REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  MDL_REDIS_TIMEOUT_MS: z.coerce.number().int().min(5).max(100).default(75),
  MDL_PRINCIPAL_CACHE: bool.default(true),
  MDL_PRINCIPAL_CACHE_POLL_MS: z.coerce.number().int().min(50).max(1000).default(250),
  MDL_ALLOW_RLS_BYPASS: bool.default(false),
  MDL_PUBLIC_URL: z.string().optional(),
  MDL_INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(30 * 24).default(DEFAULT_INVITATION_TTL_HOURS),
  MDL_SMTP_URL: z.string().optional(),
  MDL_SMTP_FROM: z.string().optional(),
  MDL_SSO_ALLOW_PRIVATE_ISSUERS: bool.default(false),
  MDL_WORKSPACE_CREATION: z.enum(WORKSPACE_CREATION_MODES).default('instance-admins'),
  MDL_WORKSPACE_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(7),
  MDL_WORKSPACE_ARCHIVE_DIR: z.string().min(1).optional(),
});

export type DatabaseConfig =
  /** `synchronous`: MDL_SQLITE_SYNCHRONOUS (default normal: docs/architecture.md, durability). */
  | { kind: 'sqlite'; file: string; synchronous?: 'normal' | 'full' }
  | { kind: 'postgres'; url: string; schema?: string; poolMax: number };

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  migrateOnStart: boolean;
  /**
   * MDL_DB_START_TIMEOUT_SECONDS: how long the server keeps retrying a database it cannot reach at start
   * (listening meanwhile, readiness 503); 0, the default, retries until it answers or the server is stopped.
   */
  databaseStartTimeoutMs: number;
  logLevel: z.infer<typeof envSchema>['MDL_LOG_LEVEL'];
  bodyLimit: number;
  importBodyLimit: number;
  requestTimeoutMs: number;
  auth: { issuer: string; audience: string; accessTtlSeconds: number };
  /** MDL_ENV. Production refuses to start with missing, default or weak secrets, or plain HTTP beyond loopback. */
  env: 'development' | 'production' | 'test';
  /**
   * MDL_SECRET_KEY (or MDL_SECRET_KEY_FILE), decoded: at least 32 random bytes, given as hex or base64.
   * Seals secrets at rest (signing keys, TOTP secrets: see secret-keys.ts). Required in production;
   * elsewhere, when unset, a generated development key file is used instead.
   */
  secretKey?: Buffer;
  /** MDL_SECRET_KEY_PREVIOUS (or _FILE): older keys, decoded, that only open values (key rotation). Often empty. */
  previousSecretKeys: Buffer[];
  /** MDL_TLS_CERT_FILE + MDL_TLS_KEY_FILE (PEM paths): the server speaks HTTPS. */
  tls?: { certFile: string; keyFile: string };
  /** MDL_TRUST_PROXY_TLS: clients reach the server only through a TLS-terminating proxy. */
  trustProxyTls: boolean;
  /**
   * MDL_TRUSTED_PROXIES: the addresses and CIDR ranges of the proxies whose X-Forwarded-For (and -Proto,
   * -Host) are believed, so the client IP (rate limits, login throttle, audit) is the one they report.
   * Empty, the default: no proxy is trusted and the IP is the connection's.
   */
  trustedProxies: string[];
  /** Security headers and CORS: MDL_CORS_ORIGINS (exact origins), HSTS when TLS is on (ours or the proxy's). */
  security: { corsOrigins: string[]; hsts: boolean };
  /** API limit per principal (or IP) per window; credential-check failures per account and IP; optional shared Redis. */
  rateLimit: { max: number; windowMs: number; loginMaxFailures: number; loginIpMaxFailures: number; loginWindowMs: number; redisUrl?: string; redisTimeoutMs: number };
  /**
   * MDL_PRINCIPAL_CACHE (default on): resolved credentials kept in process between changes;
   * MDL_PRINCIPAL_CACHE_POLL_MS (50–1000, default 250): how often other instances' changes are looked for.
   */
  principalCache: { enabled: boolean; intervalMs: number };
  /**
   * MDL_ALLOW_RLS_BYPASS: start even though the PostgreSQL role is a superuser or has BYPASSRLS, which
   * skips row-level security. Production refuses such a role without it; other modes only warn.
   */
  allowRlsBypass: boolean;
  /** MDL_PUBLIC_URL: the origin clients reach MDL at; absolute URLs (the OIDC redirect URI) are built on it. */
  publicUrl?: string;
  /** Invitation lifetime (MDL_INVITATION_TTL_HOURS, default 7 days) and SMTP delivery (MDL_SMTP_URL, MDL_SMTP_FROM; unset: the link is shown to the admin). */
  invitations: InvitationSettings;
  /**
   * Where SSO issuers may live: https to public hosts; with MDL_SSO_ALLOW_PRIVATE_ISSUERS also loopback,
   * private and link-local hosts, and plain http on loopback outside production.
   */
  ssoNetwork: { allowHttp: boolean; allowPrivate: boolean };
  /**
   * Workspaces: who creates them through the API (MDL_WORKSPACE_CREATION), how many days a deleted one
   * stays read-only before it is purged (MDL_WORKSPACE_RETENTION_DAYS), and where each purged
   * workspace's audit chain is archived first (MDL_WORKSPACE_ARCHIVE_DIR, default <MDL_DATA_DIR>/workspace-archives).
   */
  workspaces: { creation: WorkspaceCreationMode; retentionDays: number; archiveDir: string };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const secrets = resolveSecretEnv(env); // X, or the file at X_FILE, for the secret settings
  const parsed = envSchema.safeParse(secrets.env);
  if (!parsed.success || secrets.problems.length > 0) {
    const lines = [...secrets.problems, ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))];
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const url = e.MDL_DATABASE_URL;
  const database: DatabaseConfig =
    url && /^postgres(ql)?:\/\//.test(url)
      ? { kind: 'postgres', url, schema: e.MDL_DB_SCHEMA, poolMax: e.MDL_DB_POOL_MAX }
      : { kind: 'sqlite', file: url ? url.replace(/^sqlite:(\/\/)?/, '') : `${e.MDL_DATA_DIR}/mdl.db`, synchronous: e.MDL_SQLITE_SYNCHRONOUS };
  // Security settings: every problem is collected, so one start reports them all (names, never values).
  const problems: string[] = [];
  if (database.kind === 'postgres' && !postgresUrlParses(database.url)) problems.push('MDL_DATABASE_URL: not a valid postgres:// URL');
  const cors = parseCorsOrigins(e.MDL_CORS_ORIGINS);
  problems.push(...cors.problems);
  const proxies = parseTrustedProxies(e.MDL_TRUSTED_PROXIES);
  problems.push(...proxies.problems);
  const secretKey = e.MDL_SECRET_KEY === undefined || e.MDL_SECRET_KEY === '' ? {} : parseSecretKey(e.MDL_SECRET_KEY);
  if (secretKey.problem) problems.push(`MDL_SECRET_KEY: ${secretKey.problem}`);
  const previous = parseSecretKeyList(e.MDL_SECRET_KEY_PREVIOUS ?? '');
  problems.push(...previous.problems.map((p) => `MDL_SECRET_KEY_PREVIOUS: ${p}`));
  if (Boolean(e.MDL_TLS_CERT_FILE) !== Boolean(e.MDL_TLS_KEY_FILE)) problems.push('MDL_TLS_CERT_FILE, MDL_TLS_KEY_FILE: set both or neither');
  const tls = e.MDL_TLS_CERT_FILE && e.MDL_TLS_KEY_FILE ? { certFile: e.MDL_TLS_CERT_FILE, keyFile: e.MDL_TLS_KEY_FILE } : undefined;
  const publicUrl = parsePublicUrl(e.MDL_PUBLIC_URL, e.MDL_ENV === 'production');
  if (publicUrl.problem) problems.push(`MDL_PUBLIC_URL: ${publicUrl.problem}`);
  const smtp = parseSmtpSettings(e.MDL_SMTP_URL, e.MDL_SMTP_FROM, { production: e.MDL_ENV === 'production', publicUrl: publicUrl.origin !== undefined });
  problems.push(...smtp.problems);
  if (e.MDL_ENV === 'production') {
    problems.push(...productionProblems({
      secretKey: e.MDL_SECRET_KEY,
      postgresUrl: database.kind === 'postgres' ? database.url : undefined,
      redisUrl: secrets.env.MDL_REDIS_URL,
      host: e.MDL_HOST,
      tls: tls !== undefined,
      trustProxyTls: e.MDL_TRUST_PROXY_TLS,
      env: secrets.env,
    }));
  }
  if (problems.length > 0) {
    throw new ConfigError(`${e.MDL_ENV === 'production' ? 'refusing to start (MDL_ENV=production)' : 'invalid configuration'}: ${problems.join('; ')}`);
  }
  return {
    host: e.MDL_HOST,
    port: e.MDL_PORT,
    dataDir: e.MDL_DATA_DIR,
    database,
    migrateOnStart: e.MDL_MIGRATE_ON_START,
    databaseStartTimeoutMs: e.MDL_DB_START_TIMEOUT_SECONDS * 1000,
    logLevel: e.MDL_LOG_LEVEL,
    bodyLimit: e.MDL_BODY_LIMIT,
    importBodyLimit: e.MDL_IMPORT_BODY_LIMIT,
    requestTimeoutMs: e.MDL_REQUEST_TIMEOUT_MS,
    auth: { issuer: e.MDL_TOKEN_ISSUER, audience: e.MDL_TOKEN_AUDIENCE, accessTtlSeconds: e.MDL_ACCESS_TOKEN_TTL_SECONDS },
    env: e.MDL_ENV,
    ...(secretKey.key ? { secretKey: secretKey.key } : {}),
    previousSecretKeys: previous.keys,
    ...(tls ? { tls } : {}),
    trustProxyTls: e.MDL_TRUST_PROXY_TLS,
    trustedProxies: proxies.proxies,
    security: { corsOrigins: cors.origins, hsts: tls !== undefined || e.MDL_TRUST_PROXY_TLS },
    allowRlsBypass: e.MDL_ALLOW_RLS_BYPASS,
    invitations: { ttlHours: e.MDL_INVITATION_TTL_HOURS, ...(smtp.smtp ? { smtp: smtp.smtp } : {}) },
    ssoNetwork: { allowPrivate: e.MDL_SSO_ALLOW_PRIVATE_ISSUERS, allowHttp: e.MDL_SSO_ALLOW_PRIVATE_ISSUERS && e.MDL_ENV !== 'production' },
    ...(publicUrl.origin ? { publicUrl: publicUrl.origin } : {}),
    workspaces: {
      creation: e.MDL_WORKSPACE_CREATION, retentionDays: e.MDL_WORKSPACE_RETENTION_DAYS,
      archiveDir: e.MDL_WORKSPACE_ARCHIVE_DIR ?? `${e.MDL_DATA_DIR}/workspace-archives`,
    },
    principalCache: { enabled: e.MDL_PRINCIPAL_CACHE, intervalMs: e.MDL_PRINCIPAL_CACHE_POLL_MS },
    rateLimit: { max: e.MDL_RATE_LIMIT_MAX, windowMs: e.MDL_RATE_LIMIT_WINDOW_MS, loginMaxFailures: e.MDL_LOGIN_MAX_FAILURES, loginIpMaxFailures: e.MDL_LOGIN_IP_MAX_FAILURES, loginWindowMs: e.MDL_LOGIN_WINDOW_MS, redisUrl: e.MDL_REDIS_URL, redisTimeoutMs: e.MDL_REDIS_TIMEOUT_MS },
  };
}

/**
 * MDL_PUBLIC_URL: the origin clients use to reach MDL (`https://mdl.example.com`), when it differs from
 * what the request's Host header says (a proxy that rewrites it) or must not be taken from it. Absolute
 * URLs MDL hands out (the OIDC redirect URI) are built on it. Origin only; https, or http on a loopback
 * host outside production.
 */
export function parsePublicUrl(value: string | undefined, production: boolean): { origin?: string; problem?: string } {
  if (value === undefined || value.trim() === '') return {};
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { problem: 'is not a URL (for example https://mdl.example.com)' };
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    return { problem: 'must be an origin only: scheme, host and optional port (no path, query or credentials)' };
  }
  if (url.protocol === 'http:' && (production || !isLoopbackHost(url.hostname.replace(/^\[|\]$/g, '')))) {
    return { problem: 'must be https (http only for a loopback host, outside production)' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'must be an https:// URL' };
  return { origin: url.origin };
}

/**
 * MDL_CORS_ORIGINS: comma-separated exact origins (`https://app.example.com`, `http://localhost:5173`).
 * `*`, `null`, paths, queries and credentials are refused; each entry is normalised to its origin.
 */
export function parseCorsOrigins(value: string | undefined): { origins: string[]; problems: string[] } {
  const origins = new Set<string>();
  const problems: string[] = [];
  for (const entry of (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    if (entry === '*' || entry.toLowerCase() === 'null') {
      problems.push(`MDL_CORS_ORIGINS: "${entry}" is not allowed (list exact origins such as https://app.example.com)`);
      continue;
    }
    let u: URL;
    try {
      u = new URL(entry);
    } catch {
      problems.push(`MDL_CORS_ORIGINS: "${entry}" is not a URL`);
      continue;
    }
    const badHost = !/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(u.hostname); // no wildcards
    if ((u.protocol !== 'https:' && u.protocol !== 'http:') || badHost || u.username || u.password || u.pathname !== '/' || u.search || u.hash || entry.endsWith('?') || entry.endsWith('#')) {
      problems.push(`MDL_CORS_ORIGINS: "${entry}" must be an http(s) origin: scheme, host and optional port only`);
      continue;
    }
    origins.add(u.origin);
  }
  return { origins: [...origins], problems };
}

/**
 * MDL_TRUSTED_PROXIES: comma-separated IPv4/IPv6 addresses or CIDR ranges (`10.0.0.5`, `10.0.0.0/8`,
 * `2001:db8::/32`). Only literal addresses with a prefix length: proxy-addr's names (`loopback`, ...),
 * netmasks and zone ids are refused, and so is a /0, which would let every client choose its own IP.
 */
export function parseTrustedProxies(value: string | undefined): { proxies: string[]; problems: string[] } {
  const proxies: string[] = [];
  const problems: string[] = [];
  for (const entry of (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = address.includes('%') ? 0 : isIP(address);
    const bits = family === 4 ? 32 : 128;
    if (family === 0 || extra !== undefined || (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits))) {
      problems.push(`MDL_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (for example 10.0.0.5 or 10.0.0.0/8)`);
    } else if (prefix !== undefined && Number(prefix) === 0) {
      problems.push(`MDL_TRUSTED_PROXIES: "${entry}" would trust every address, so any client could choose its own IP; list your proxies`);
    } else {
      proxies.push(entry);
    }
  }
  return { proxies, problems };
}

/**
 * Whether the PostgreSQL driver can parse `url` (pg-connection-string: spaces and stray `%` encoded, and
 * an empty host after `user@` allowed); otherwise the first query fails with a bare "Invalid URL".
 */
function postgresUrlParses(url: string): boolean {
  const s = / |%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(url) ? encodeURI(url).replace(/%25(\d\d)/g, '%$1') : url;
  return URL.canParse(s, 'postgres://base') || URL.canParse(s.replace('@/', '@___DUMMY___/'), 'postgres://base');
}

/** Connection strings carry passwords: never log them whole. */
export function describeDatabase(db: DatabaseConfig): string {
  if (db.kind === 'sqlite') return `sqlite:${db.file}`;
  try {
    const u = new URL(db.url);
    return `postgres://${u.hostname}:${u.port || 5432}${u.pathname}${db.schema ? ` (schema ${db.schema})` : ''}`;
  } catch {
    return 'postgres://(unparseable url)';
  }
}
