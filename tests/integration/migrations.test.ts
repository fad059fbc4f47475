import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES, migrateDown, migrateToLatest, migrationStatus } from '../../src/db/migrator.js';
import { ENGINES, createTestDatabase, underSchemaLock, type TestDatabase } from '../helpers/databases.js';
import { skippedBecause } from '../helpers/skips.js';

async function tableNames(t: TestDatabase): Promise<string[]> {
  // Other test files' schemas exist at the same time on PostgreSQL: look at this database's own schema only.
  const schema = t.config.kind === 'postgres' ? t.config.schema : undefined;
  const tables = (await t.db.introspection.getTables()).filter((x) => !schema || x.schema === schema);
  return tables.map((x) => x.name).filter((n) => !n.startsWith('mdl_migrations') && !n.startsWith('metrics_fts_')).sort();
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`migrations on ${engine.label}`, () => {
    let t: TestDatabase;
    const guard = <T>(fn: () => Promise<T>) => (engine.name === 'postgres' ? underSchemaLock('shared', fn) : fn());
    beforeAll(async () => { t = await createTestDatabase(engine.name, { migrate: false }); });
    afterAll(async () => t?.destroy());

    // Reads the catalog: guarded against other files dropping their schemas meanwhile (see underSchemaLock).
    it('run forward, back and forward again', () => guard(async () => {
      expect(MIGRATION_NAMES.slice(0, 4)).toEqual(['0001_catalog', '0002_identity', '0003_mfa_idempotency', '0004_mfa_challenges']);
      expect(await migrateToLatest(t.db)).toEqual(MIGRATION_NAMES);
      // SQLite keeps full-text search in an FTS5 table; PostgreSQL in an index.
      const catalog = ['audit_events', 'domains', 'entity_refs', 'entity_versions', 'key_results', 'metric_tags', 'metrics',
        ...(engine.name === 'sqlite' ? ['metrics_fts'] : []), 'objectives', 'workspaces'];
      const identity = ['api_keys', 'memberships', 'refresh_tokens', 'sessions', 'setup_tokens', 'signing_keys', 'users'];
      const expected = [...catalog, ...identity, 'idempotency_keys', 'mfa_challenges', 'mfa_recovery_codes', 'mfa_totp'];
      expect(await tableNames(t)).toEqual(expect.arrayContaining(expected));
      expect((await migrationStatus(t.db)).every((m) => m.executedAt)).toBe(true);
      // Each step back removes one migration's tables (the later ones are checked in their own tests).
      for (const name of MIGRATION_NAMES.slice(4).reverse()) expect(await migrateDown(t.db)).toEqual([name]);
      expect(await migrateDown(t.db)).toEqual(['0004_mfa_challenges']);
      expect(await tableNames(t)).not.toContain('mfa_challenges');
      expect(await tableNames(t)).toContain('mfa_totp');
      expect(await migrateDown(t.db)).toEqual(['0003_mfa_idempotency']);
      expect(await migrateDown(t.db)).toEqual(['0002_identity']);
      expect(await tableNames(t)).toEqual(catalog);
      expect(await migrateDown(t.db)).toEqual(['0001_catalog']);
      expect(await tableNames(t)).toEqual([]);
      expect(await migrateToLatest(t.db)).toEqual(MIGRATION_NAMES);
      expect(await migrateToLatest(t.db)).toEqual([]);
    }));

    const notPostgres = engine.name !== 'postgres';
    it.skipIf(notPostgres)(`creates tables in the configured schema only${skippedBecause(notPostgres, 'PostgreSQL only')}`, async () => {
      const schema = (t.config as { schema: string }).schema;
      const rows = await sql<{ table_schema: string }>`SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_name = 'metrics'`.execute(t.db);
      expect(rows.rows.map((r) => r.table_schema)).toContain(schema);
      expect(rows.rows.map((r) => r.table_schema)).not.toContain('public');
    });
  });
}
