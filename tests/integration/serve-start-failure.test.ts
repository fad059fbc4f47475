import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REDIS_URL = process.env.MDL_TEST_REDIS_URL;
const MAIN = join(import.meta.dirname, '../../src/cli/main.ts');

/** Runs `mdl` in a child process (the real exit, as in CI) and kills it if it has not ended in `ms`. */
function runChild(args: string[], env: NodeJS.ProcessEnv, ms: number): Promise<{ code: number | null; stderr: string; hung: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let hung = false;
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    const timer = setTimeout(() => { hung = true; child.kill('SIGKILL'); }, ms);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stderr, hung }); });
  });
}

describe.skipIf(!REDIS_URL)(`mdl serve that cannot start${REDIS_URL ? '' : ' (SKIPPED: MDL_TEST_REDIS_URL not set)'}`, () => {
  let busy: Server;
  let port: number;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mdl-serve-fail-'));
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const addr = busy.address();
    if (!addr || typeof addr === 'string') throw new Error('no address');
    port = addr.port;
  });

  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a port in use prints one line and exits 1, even with a Redis connection open (it hung)', async () => {
    const env = {
      PATH: process.env.PATH, HOME: dir, MDL_CONFIG: join(dir, 'config.json'), MDL_LOG_LEVEL: 'silent',
      MDL_DATABASE_URL: join(dir, 'mdl.db'), MDL_PORT: String(port), MDL_REDIS_URL: REDIS_URL,
    };
    const r = await runChild(['serve'], env, 15_000);
    expect(r.hung).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^mdl: listen EADDRINUSE: address already in use 127\\.0\\.0\\.1:${port}[^\\n]*\\n$`));
  }, 30_000);
});
