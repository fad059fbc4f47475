import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server.js';
import { runMdl } from '../helpers/cli.js';
import { skippedBecause } from '../helpers/skips.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

/**
 * The data folder (`./.mdl` by default) holds the SQLite database (password and key hashes, sealed
 * secrets, the audit log) and the development key file, which docs/security.md says is created "in a
 * private folder". The database was opened first and created the folder 0755 (umask 022), so the
 * key file's folder was readable by every local user.
 */
describe.skipIf(process.platform === 'win32')(`the data folder MDL creates is private (0700)${skippedBecause(process.platform === 'win32', 'POSIX modes only')}`, () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'mdl-datadir-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('by the CLI, with the development key file in it', async () => {
    const data = join(dir, '.mdl');
    const r = await runMdl(['keys', 'rotate'], { env: { MDL_DATABASE_URL: join(data, 'mdl.db'), MDL_CONFIG: join(dir, 'config.json') } });
    expect(r.code).toBe(0);
    expect(modeOf(join(data, 'secret.key'))).toBe(0o600);
    expect(modeOf(data)).toBe(0o700);
  });

  it('by the server (MDL_DATA_DIR)', async () => {
    const data = join(dir, 'data');
    const app = await startServer({ MDL_PORT: '0', MDL_DATA_DIR: data, MDL_LOG_LEVEL: 'silent' });
    await app.close();
    expect(modeOf(join(data, 'secret.key'))).toBe(0o600);
    expect(modeOf(data)).toBe(0o700);
  });
});
