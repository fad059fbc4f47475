import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startServer } from '../../src/server.js';

/** MDL_PORT=0 (allowed: any free port) printed and logged port 0, an address nobody can reach. */
describe('server on MDL_PORT=0', () => {
  let dir: string | undefined;
  afterEach(() => {
    vi.restoreAllMocks();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names the port it actually listens on, in the start log line and the first-run setup command', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mdl-port0-'));
    const printed: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { printed.push(String(chunk)); return true; });
    const logs: string[] = [];
    const logStream = new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } });
    const app = await startServer({ MDL_PORT: '0', MDL_DATA_DIR: dir, MDL_LOG_LEVEL: 'info' }, { logStream });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await app.close();
    vi.restoreAllMocks();
    expect(port).toBeGreaterThan(0);
    const started = logs.join('').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { msg: string }).msg).find((m) => m.startsWith('MDL '));
    expect(started).toContain(`on http://127.0.0.1:${port} `);
    expect(printed.join('')).toContain(`-X POST http://127.0.0.1:${port}/api/v1/setup`);
  });
});
