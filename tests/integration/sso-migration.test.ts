import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES, migrateDown, migrateToLatest } from '../../src/db/migrator.js';
import { ENGINES, createTestDatabase, underSchemaLock, type TestDatabase } from '../helpers/databases.js';

const SSO_TABLES = ['sso_identities', 'sso_login_states', 'sso_providers'];

async function tableNames(t: TestDatabase): Promise<string[]> {
  const schema = t.config.kind === 'postgres' ? t.config.schema : undefined;
  return (await t.db.introspection.getTables()).filter((x) => !schema || x.schema === schema).map((x) => x.name).sort();
}

/** Migration 0005 (SSO) goes back and forward on its own; each of its tables names its workspace. */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`SSO migration on ${engine.label}`, () => {
    let t: TestDatabase;
    // Reads the catalog: guarded against other files dropping their schemas meanwhile (see underSchemaLock).
    const guard = <T>(fn: () => Promise<T>) => (engine.name === 'postgres' ? underSchemaLock('shared', fn) : fn());
    beforeAll(async () => { t = await createTestDatabase(engine.name, { migrate: false }); });
    afterAll(async () => t?.destroy());

    it('creates the three tables, each with workspace_id, and removes exactly them on the way back', () => guard(async () => {
      expect(MIGRATION_NAMES).toContain('0005_sso');
      expect(await migrateToLatest(t.db)).toEqual(MIGRATION_NAMES);
      const tables = await t.db.introspection.getTables();
      for (const name of SSO_TABLES) {
        const table = tables.find((x) => x.name === name && (t.config.kind !== 'postgres' || x.schema === t.config.schema));
        expect(table?.columns.map((c) => c.name), name).toContain('workspace_id');
      }
      // Back to just before 0005: later migrations first, then 0005 alone.
      const later = MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf('0005_sso') + 1).reverse();
      for (const name of later) expect(await migrateDown(t.db)).toEqual([name]);
      const before = await tableNames(t);
      expect(before).toEqual(expect.arrayContaining(SSO_TABLES));
      expect(await migrateDown(t.db)).toEqual(['0005_sso']);
      const after = await tableNames(t);
      expect(after).toEqual(before.filter((n) => !SSO_TABLES.includes(n)));
      expect(after).toContain('mfa_challenges');
      expect(await migrateToLatest(t.db)).toEqual(['0005_sso', ...later.reverse()]);
      expect(await tableNames(t)).toEqual(expect.arrayContaining(SSO_TABLES));
    }));
  });
}
