import { z } from 'zod';

/**
 * Typed, validated configuration. One switch picks the database: `MDL_DATABASE_URL` starting with
 * postgres:// or postgresql:// selects PostgreSQL; anything else (or nothing) is an SQLite file path.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  MDL_HOST: z.string().default('127.0.0.1'),
  MDL_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MDL_DATA_DIR: z.string().default('./.mdl'),
  MDL_DATABASE_URL: z.string().optional(),
  MDL_DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).optional(),
  MDL_DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  MDL_MIGRATE_ON_START: bool.default(true),
  MDL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MDL_BODY_LIMIT: z.coerce.number().int().min(1024).default(1024 * 1024),
  MDL_IMPORT_BODY_LIMIT: z.coerce.number().int().min(1024).default(50 * 1024 * 1024),
  MDL_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  MDL_TOKEN_ISSUER: z.string().min(1).default('mdl'),
  MDL_TOKEN_AUDIENCE: z.string().min(1).default('mdl-api'),
  MDL_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(900).default(900),
});

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; schema?: string; poolMax: number };

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  migrateOnStart: boolean;
  logLevel: z.infer<typeof envSchema>['MDL_LOG_LEVEL'];
  bodyLimit: number;
  importBodyLimit: number;
  requestTimeoutMs: number;
  auth: { issuer: string; audience: string; accessTtlSeconds: number };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const url = e.MDL_DATABASE_URL;
  const database: DatabaseConfig =
    url && /^postgres(ql)?:\/\//.test(url)
      ? { kind: 'postgres', url, schema: e.MDL_DB_SCHEMA, poolMax: e.MDL_DB_POOL_MAX }
      : { kind: 'sqlite', file: url ? url.replace(/^sqlite:(\/\/)?/, '') : `${e.MDL_DATA_DIR}/mdl.db` };
  return {
    host: e.MDL_HOST,
    port: e.MDL_PORT,
    dataDir: e.MDL_DATA_DIR,
    database,
    migrateOnStart: e.MDL_MIGRATE_ON_START,
    logLevel: e.MDL_LOG_LEVEL,
    bodyLimit: e.MDL_BODY_LIMIT,
    importBodyLimit: e.MDL_IMPORT_BODY_LIMIT,
    requestTimeoutMs: e.MDL_REQUEST_TIMEOUT_MS,
    auth: { issuer: e.MDL_TOKEN_ISSUER, audience: e.MDL_TOKEN_AUDIENCE, accessTtlSeconds: e.MDL_ACCESS_TOKEN_TTL_SECONDS },
  };
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
