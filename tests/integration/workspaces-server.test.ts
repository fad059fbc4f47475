import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server.js';
import { runMdl } from '../helpers/cli.js';

/**
 * The server purges deleted workspaces whose retention has run out when it starts (and hourly), with
 * the settings of its environment: MDL_WORKSPACE_RETENTION_DAYS, and the archive folder under
 * MDL_DATA_DIR by default.
 */
describe('the server\'s workspace purge', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'mdl-ws-server-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('purges a workspace past its retention at start, archiving its audit chain under MDL_DATA_DIR', async () => {
    const data = join(dir, 'data');
    const env = { MDL_DATA_DIR: data, MDL_CONFIG: join(dir, 'config.json') };
    const mdl = async (args: string[], extra: NodeJS.ProcessEnv = {}) => {
      const r = await runMdl(args, { env: { ...env, ...extra } });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    await mdl(['workspace', 'create', 'old', '--name', 'Old']);
    await mdl(['workspace', 'create', 'kept', '--name', 'Kept']);
    // Retention 0: due at once. `kept` is deleted too, with the default 7 days: not due.
    await mdl(['workspace', 'delete', 'old'], { MDL_WORKSPACE_RETENTION_DAYS: '0' });
    await mdl(['workspace', 'delete', 'kept']);

    const app = await startServer({ ...env, MDL_PORT: '0', MDL_LOG_LEVEL: 'silent' });
    const archives = join(data, 'workspace-archives');
    const ids = async () => (JSON.parse((await mdl(['workspace', 'list', '--json'])).stdout) as Array<{ id: string }>).map((w) => w.id);
    try {
      // Generous: the first run starts right after the server is ready, on a possibly loaded machine.
      for (let i = 0; i < 300 && (await ids()).includes('old'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(await ids()).toEqual(['default', 'kept']);
    } finally {
      await app.close();
    }
    expect(existsSync(archives)).toBe(true);
    expect(readdirSync(archives)).toEqual([expect.stringMatching(/^old\..*\.audit\.jsonl$/)]);
  });
});
