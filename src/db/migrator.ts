import { Migrator, sql, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Db } from './connect.js';
import { engineOf } from './dialect.js';
import * as m0001 from './migrations/0001_catalog.js';
import * as m0002 from './migrations/0002_identity.js';
import * as m0003 from './migrations/0003_mfa_idempotency.js';
import * as m0004 from './migrations/0004_mfa_challenges.js';
import * as m0005 from './migrations/0005_sso.js';
import * as m0006 from './migrations/0006_auth_events.js';
import * as m0007 from './migrations/0007_row_level_security.js';
import * as m0008 from './migrations/0008_session_auth_method.js';
import * as m0009 from './migrations/0009_search_text_nfkc.js';
import * as m0010 from './migrations/0010_workspaces.js';
import * as m0011 from './migrations/0011_invitations.js';
import * as m0012 from './migrations/0012_login_lockouts.js';
import * as m0013 from './migrations/0013_reference_policy.js';
import * as m0014 from './migrations/0014_vocabularies.js';
import * as m0015 from './migrations/0015_provenance.js';
import * as m0016 from './migrations/0016_auth_epoch.js';

/** Migrations are imported statically so they work the same from source (tsx, vitest) and from dist/. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_catalog': m0001,
  '0002_identity': m0002,
  '0003_mfa_idempotency': m0003,
  '0004_mfa_challenges': m0004,
  '0005_sso': m0005,
  '0006_auth_events': m0006,
  '0007_row_level_security': m0007,
  '0008_session_auth_method': m0008,
  '0009_search_text_nfkc': m0009,
  '0010_workspaces': m0010,
  '0011_invitations': m0011,
  '0012_login_lockouts': m0012,
  '0013_reference_policy': m0013,
  '0014_vocabularies': m0014,
  '0015_provenance': m0015,
  '0016_auth_epoch': m0016,
};

/** Every migration, in the order they run. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export class MigrationError extends Error {
  constructor(message: string, readonly migration?: string, cause?: unknown) {
    super(message, { cause });
  }
}

async function migratorFor(db: Db): Promise<Migrator> {
  const schema = engineOf(db) === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  return new Migrator({ db, provider, migrationTableName: 'mdl_migrations', migrationLockTableName: 'mdl_migrations_lock', ...(schema ? { migrationTableSchema: schema } : {}) });
}

/** Throws on failure (never "log and exit 0"); returns the names applied or reverted. */
function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new MigrationError(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`, failed?.migrationName, result.error);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  return unwrap(await (await migratorFor(db)).migrateToLatest());
}

export async function migrateDown(db: Db): Promise<string[]> {
  return unwrap(await (await migratorFor(db)).migrateDown());
}

export async function migrateToNone(db: Db): Promise<string[]> {
  const { NO_MIGRATIONS } = await import('kysely');
  return unwrap(await (await migratorFor(db)).migrateTo(NO_MIGRATIONS));
}

export async function migrationStatus(db: Db): Promise<Array<{ name: string; executedAt: Date | null }>> {
  const list = await (await migratorFor(db)).getMigrations();
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
}
