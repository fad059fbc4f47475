import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { announceSetup, startServer } from '../../src/server.js';

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

  it('answers 503 on readiness when the database is gone, and a bare 500 to an authenticated request', async () => {
    const t = await createTestApp('sqlite');
    await t.tdb.db.destroy();
    const r = await t.raw.inject({ method: 'GET', url: '/health/ready' });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toEqual({ status: 'unavailable', checks: { database: 'unreachable' } });
    // The credential cannot be checked without the database: that is a server fault, never a 401 or a leak.
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/metrics' });
    expect(list.statusCode).toBe(500);
    expect(list.json()).toEqual({ error: { code: 'INTERNAL', message: 'internal server error' }, requestId: expect.any(String) });
    await t.raw.close();
  });
});

describe('first-run setup', () => {
  it('prints a one-time token only while no account exists, and the token makes exactly one admin', async () => {
    const t = await createTestApp('sqlite');
    try {
      const lines: string[] = [];
      await announceSetup(t.services, 3000, (l) => lines.push(l));
      expect(lines).toEqual([]); // the test app already has an admin
      await t.tdb.db.deleteFrom('users').execute();
      await announceSetup(t.services, 3000, (l) => lines.push(l));
      const token = /"token":"([^"]+)"/.exec(lines.join('\n'))?.[1];
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await t.raw.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needs_setup: true });
      const body = { token, email: 'first@example.com', password: 'a long first admin passphrase' };
      expect((await t.raw.inject({ method: 'POST', url: '/api/v1/setup', payload: body })).statusCode).toBe(201);
      const again = await t.raw.inject({ method: 'POST', url: '/api/v1/setup', payload: { ...body, email: 'second@example.com' } });
      expect(again.statusCode).toBe(401);
      const login = await t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'first@example.com', password: body.password } });
      expect(login.json()).toMatchObject({ role: 'admin', workspace_id: 'default' });
      // Neither the token nor the password reached the audit log.
      const audit = JSON.stringify(await t.tdb.db.selectFrom('audit_events').selectAll().execute());
      expect(audit).not.toContain(token);
      expect(audit).not.toContain(body.password);
    } finally {
      await t.close();
    }
  });
});
