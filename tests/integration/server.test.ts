import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/index.js';
import { createTestApp } from '../helpers/app.js';
import { announceSetup, startServer } from '../../src/server.js';

/** A log destination that keeps the JSON lines pino writes. */
function logCapture(): { stream: Writable; lines: () => Array<{ level: number; msg: string }> } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg: string }) };
}

function portOf(app: Awaited<ReturnType<typeof startServer>>): number {
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

describe('server binding', () => {
  it('binds beyond loopback in development, warning that there is no TLS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdl-srv-'));
    const log = logCapture();
    try {
      const app = await startServer({ MDL_HOST: '0.0.0.0', MDL_PORT: '0', MDL_DATA_DIR: dir, MDL_LOG_LEVEL: 'warn' }, { logStream: log.stream });
      try {
        expect(app.server.address()).toMatchObject({ address: '0.0.0.0' });
        const res = await fetch(`http://127.0.0.1:${portOf(app)}/health/live`);
        expect(res.status).toBe(200);
        expect(res.headers.get('strict-transport-security')).toBeNull();
        expect(res.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
        const warnings = log.lines().filter((l) => l.level === 40).map((l) => l.msg);
        expect(warnings).toEqual([expect.stringMatching(/^MDL_HOST=0\.0\.0\.0 binds beyond loopback without TLS/)]);
      } finally {
        await app.close();
      }
      // Behind a TLS-terminating proxy there is nothing to warn about, and HSTS is sent.
      const quiet = logCapture();
      const proxied = await startServer({ MDL_HOST: '0.0.0.0', MDL_PORT: '0', MDL_DATA_DIR: dir, MDL_LOG_LEVEL: 'warn', MDL_TRUST_PROXY_TLS: 'true' }, { logStream: quiet.stream });
      try {
        const res = await fetch(`http://127.0.0.1:${portOf(proxied)}/health/live`);
        expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
        expect(quiet.lines().filter((l) => l.level >= 40)).toEqual([]);
      } finally {
        await proxied.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('in production, refuses plain HTTP beyond loopback and weak or missing secrets, naming every setting', async () => {
    const refused = startServer({ MDL_ENV: 'production', MDL_HOST: '0.0.0.0', MDL_PORT: '0', MDL_LOG_LEVEL: 'silent', MDL_DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:1/mdl' });
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(/^refusing to start \(MDL_ENV=production\): MDL_SECRET_KEY: missing .*; MDL_DATABASE_URL: the password is a default or example value; MDL_HOST: binds beyond loopback without TLS/);
    await expect(startServer({ MDL_ENV: 'production', MDL_PORT: '0', MDL_LOG_LEVEL: 'silent', MDL_SECRET_KEY: 'changeme' })).rejects.toThrow(/MDL_SECRET_KEY: is a placeholder value/);
  });

  it('in production, starts on loopback with a strong key and SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdl-srv-'));
    try {
      const app = await startServer({ MDL_ENV: 'production', MDL_PORT: '0', MDL_DATA_DIR: dir, MDL_LOG_LEVEL: 'silent', MDL_SECRET_KEY: randomBytes(32).toString('base64') });
      expect((await fetch(`http://127.0.0.1:${portOf(app)}/health/ready`)).status).toBe(200);
      await app.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('server', () => {

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
      // The host alternative runs from a clone, where `mdl` is not on PATH.
      expect(lines.join('\n')).toContain('npx mdl admin create --email you@example.com --password-stdin');
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
