import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { connect } from '../../src/db/connect.js';

/** MDL_SQLITE_SYNCHRONOUS: what a commit survives (docs/architecture.md, durability). */
describe('SQLite synchronous setting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mdl-sync-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const synchronousOf = async (env: NodeJS.ProcessEnv, name: string) => {
    const config = loadConfig({ MDL_DATABASE_URL: join(dir, `${name}.db`), ...env });
    const db = connect(config.database);
    try {
      // 1 = NORMAL, 2 = FULL (https://sqlite.org/pragma.html#pragma_synchronous); WAL either way.
      const [row] = (await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows;
      const [mode] = (await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db)).rows;
      return { synchronous: row!.synchronous, journal: mode!.journal_mode };
    } finally {
      await db.destroy();
    }
  };

  it('is NORMAL by default and FULL with MDL_SQLITE_SYNCHRONOUS=full, in WAL mode', async () => {
    expect(await synchronousOf({}, 'default')).toEqual({ synchronous: 1, journal: 'wal' });
    expect(await synchronousOf({ MDL_SQLITE_SYNCHRONOUS: 'normal' }, 'normal')).toEqual({ synchronous: 1, journal: 'wal' });
    expect(await synchronousOf({ MDL_SQLITE_SYNCHRONOUS: 'full' }, 'full')).toEqual({ synchronous: 2, journal: 'wal' });
  });

  it('refuses any other value, naming the setting', () => {
    for (const value of ['off', 'FULL ', 'extra', '']) {
      expect(() => loadConfig({ MDL_SQLITE_SYNCHRONOUS: value }), value).toThrow(ConfigError);
      expect(() => loadConfig({ MDL_SQLITE_SYNCHRONOUS: value }), value).toThrow(/MDL_SQLITE_SYNCHRONOUS/);
    }
  });

  it('MDL_DB_START_TIMEOUT_SECONDS: 0 (never give up) by default, whole seconds, not negative', () => {
    expect(loadConfig({}).databaseStartTimeoutMs).toBe(0);
    expect(loadConfig({ MDL_DB_START_TIMEOUT_SECONDS: '90' }).databaseStartTimeoutMs).toBe(90_000);
    for (const value of ['-1', '1.5', 'soon']) expect(() => loadConfig({ MDL_DB_START_TIMEOUT_SECONDS: value }), value).toThrow(/MDL_DB_START_TIMEOUT_SECONDS/);
  });
});
