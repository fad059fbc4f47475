import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { connect } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { startServer } from '../../src/server.js';

describe('server', () => {
  it('refuses to bind beyond loopback while there is no authentication', async () => {
    await expect(startServer({ MDL_HOST: '0.0.0.0', MDL_PORT: '0', MDL_LOG_LEVEL: 'silent' })).rejects.toThrow(/loopback/);
  });

  it('serves on loopback, answers ready, and closes cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdl-srv-'));
    try {
      const app = await startServer({ MDL_PORT: '0', MDL_DATA_DIR: dir, MDL_LOG_LEVEL: 'silent' });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(await res.json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
      await app.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 503 on readiness when the database is gone, without leaking why', async () => {
    const db = connect({ kind: 'sqlite', file: ':memory:' });
    await migrateToLatest(db);
    const app = await buildApp({ config: { bodyLimit: 1e6, importBodyLimit: 1e6, requestTimeoutMs: 1000 }, db });
    await db.destroy();
    const r = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toEqual({ status: 'unavailable', checks: { database: 'unreachable' } });
    const list = await app.inject({ method: 'GET', url: '/api/v1/metrics' });
    expect(list.statusCode).toBe(500);
    expect(list.json()).toEqual({ error: { code: 'INTERNAL', message: 'internal server error' }, requestId: expect.any(String) });
    await app.close();
  });
});
