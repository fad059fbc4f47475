import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES, migrateDown, migrateToLatest } from '../../src/db/migrator.js';
import { ENGINES, createTestDatabase, underSchemaLock, type TestDatabase } from '../helpers/databases.js';

const M = '0010_workspaces';

async function columnsOf(t: TestDatabase, table: string): Promise<string[]> {
  const schema = t.config.kind === 'postgres' ? t.config.schema : undefined;
  const found = (await t.db.introspection.getTables()).find((x) => x.name === table && (!schema || x.schema === schema));
  return (found?.columns ?? []).map((c) => c.name).sort();
}

/**
 * Migration 0010 (workspaces people create): the instance-admin flag on accounts and the deletion
 * columns on workspaces. The admins of `default` ran the instance before it (first-run setup made
 * them), so they become instance admins; nobody else does.
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`workspaces migration on ${engine.label}`, () => {
    let t: TestDatabase;
    // Reads the catalog: guarded against other files dropping their schemas meanwhile (see underSchemaLock).
    const guard = <T>(fn: () => Promise<T>) => (engine.name === 'postgres' ? underSchemaLock('shared', fn) : fn());
    beforeAll(async () => { t = await createTestDatabase(engine.name, { migrate: false }); });
    afterAll(async () => t?.destroy());

    it('makes the person admins of default instance admins, and goes back and forward', () => guard(async () => {
      expect(await migrateToLatest(t.db)).toEqual(MIGRATION_NAMES);
      const later = MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(M) + 1).reverse();
      for (const name of later) expect(await migrateDown(t.db)).toEqual([name]);
      expect(await migrateDown(t.db)).toEqual([M]);
      expect(await columnsOf(t, 'users')).not.toContain('instance_admin');
      expect(await columnsOf(t, 'workspaces')).not.toContain('deleted_at');

      const now = new Date().toISOString();
      await sql`INSERT INTO workspaces (id, name, catalog_meta, created_at) VALUES ('other', 'Other', NULL, ${now})`.execute(t.db);
      const users: Array<[string, string, string, string]> = [
        ['u-root', 'person', 'default', 'admin'], ['u-editor', 'person', 'default', 'editor'],
        ['u-svc', 'service', 'default', 'admin'], ['u-other', 'person', 'other', 'admin'],
      ];
      for (const [id, kind, ws, role] of users) {
        await sql`INSERT INTO users (id, email, display_name, password_hash, status, created_at, updated_at, kind)
                  VALUES (${id}, ${`${id}@example.com`}, '', NULL, 'active', ${now}, ${now}, ${kind})`.execute(t.db);
        await sql`INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES (${ws}, ${id}, ${role}, ${now})`.execute(t.db);
      }

      expect(await migrateToLatest(t.db)).toEqual([M, ...later.reverse()]);
      const flags = await t.db.selectFrom('users').select(['id', 'instance_admin']).orderBy('id').execute();
      expect(flags.map((f) => [f.id, Number(f.instance_admin)])).toEqual([['u-editor', 0], ['u-other', 0], ['u-root', 1], ['u-svc', 0]]);
      const ws = await t.db.selectFrom('workspaces').select(['id', 'deleted_at', 'purge_after']).where('id', '=', 'other').execute();
      expect(ws).toEqual([{ id: 'other', deleted_at: null, purge_after: null }]);
    }));
  });
}
