import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { connect, type Db } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createServices } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { SecretBox } from '../../src/shared/secret-box.js';
import { TEST_PASSWORD } from '../helpers/app.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

/**
 * SQLite on a full disk, two ways:
 * - SQLite's own full condition: `max_page_count` set to the current size, so the file cannot grow
 *   (SQLITE_FULL, for real, without a full disk; writes that fit in free space of existing pages still
 *   succeed, so the write here is large). There SQLite undoes the failed statement only, where a real
 *   full disk rolls the whole transaction back (the ROLLBACK that followed failed): the first test has
 *   that with raw single-row inserts, which SQLite runs without a statement journal;
 * - a real filesystem that is full: a 16 MiB tmpfs, filled to the last page, where the WAL cannot grow
 *   (ENOSPC, which SQLite reports as SQLITE_FULL). It needs `mount` (root); skipped elsewhere.
 */

type LogLine = { level: number; msg: string; [k: string]: unknown };

function logCapture(): { stream: Writable; lines: () => LogLine[] } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogLine) };
}

/** A description long enough to need new pages (overflow) in every table the write touches. */
const BIG = 'x'.repeat(19_000);

interface Injector {
  fill(db: Db): Promise<void>;
  free(db: Db): Promise<void>;
}

const pageLimit: Injector = {
  async fill(db) {
    const pages = (await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count;
    await sql.raw(`pragma max_page_count = ${pages}`).execute(db);
  },
  async free(db) {
    await sql.raw('pragma max_page_count = 1073741823').execute(db);
  },
};

function canMountTmpfs(): boolean {
  if (process.getuid?.() !== 0) return false;
  const dir = mkdtempSync(join(tmpdir(), 'mdl-mount-probe-'));
  try {
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]).status !== 0) return false;
    spawnSync('umount', [dir]);
    return true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fullFilesystem(mountPoint: string): Injector {
  const filler = join(mountPoint, 'filler');
  return {
    async fill(db) {
      // An empty WAL, so any write has to grow it; then every free page of the filesystem is taken.
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
      const fd = openSync(filler, 'w');
      try {
        for (const size of [1 << 20, 1 << 16, 1 << 12, 512]) {
          const chunk = Buffer.alloc(size);
          for (;;) {
            try {
              writeSync(fd, chunk);
            } catch (err) {
              if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
              throw err;
            }
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    async free() {
      rmSync(filler, { force: true });
    },
  };
}

describe('a transaction that SQLite rolled back itself on SQLITE_FULL', () => {
  it('fails with SQLITE_FULL, not with the ROLLBACK that followed ("cannot rollback - no transaction is active")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdl-full-'));
    const db = connect({ kind: 'sqlite', file: join(dir, 'mdl.db') });
    try {
      await migrateToLatest(db);
      await pageLimit.fill(db);
      const failure = await db.transaction().execute(async (trx) => {
        for (let i = 0; i < 1000; i++) {
          await sql`insert into workspaces (id, name, created_at) values (${`w${i}`}, ${'x'.repeat(2000)}, ${'2026-01-01'})`.execute(trx);
        }
      }).then(() => undefined, (err: unknown) => err as { code?: string; message: string });
      expect(failure).toMatchObject({ code: 'SQLITE_FULL' });
      // Nothing of it was kept, and the handle goes on working.
      expect((await sql<{ n: number }>`select count(*) as n from workspaces where id like 'w%'`.execute(db)).rows[0]!.n).toBe(0);
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const tmpfs = canMountTmpfs();

for (const variant of [
  { name: 'SQLite page limit (max_page_count)', available: true, real: false },
  { name: 'a full tmpfs filesystem', available: tmpfs, real: true },
]) {
  describe.skipIf(!variant.available)(`writes on a full disk: ${variant.name}${variant.available ? '' : ' (SKIPPED: mounting tmpfs needs root)'}`, () => {
    let dir: string;
    let mounted = false;
    let db: Db;
    let app: FastifyInstance;
    let injector: Injector;
    let token: string;
    const log = logCapture();

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'mdl-full-'));
      if (variant.real) {
        const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir]);
        if (r.status !== 0) throw new Error(`mount failed: ${r.stderr.toString()}`);
        mounted = true;
        injector = fullFilesystem(dir);
      } else {
        injector = pageLimit;
      }
      db = connect({ kind: 'sqlite', file: join(dir, 'mdl.db') });
      await migrateToLatest(db);
      const services = createServices(db, undefined, { secretBox: SecretBox.ephemeral() });
      app = await buildApp({
        config: { bodyLimit: 1024 * 1024, importBodyLimit: 10 * 1024 * 1024, requestTimeoutMs: 30_000 },
        db,
        services,
        logger: { level: 'warn', stream: log.stream },
      });
      await services.identity.users.createUser(localContext('test-setup'), { email: 'admin@example.com', password: TEST_PASSWORD, membership: { workspaceId: 'default', role: 'admin' } });
      token = (await services.login.login('admin@example.com', TEST_PASSWORD, 'default', {})).access_token;
      const domain = await app.inject({ method: 'POST', url: '/api/v1/domains', headers: { authorization: `Bearer ${token}` }, payload: sampleDomain() });
      expect(domain.statusCode).toBe(201);
    });

    afterAll(async () => {
      await app?.close();
      await db?.destroy().catch(() => undefined);
      if (mounted) spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    });

    const auth = () => ({ authorization: `Bearer ${token}` });

    it('answers 507 STORAGE_FULL with Retry-After, logs SQLITE_FULL (not the failed ROLLBACK), keeps reads, and says so in readiness and /metrics', async () => {
      await injector.fill(db);

      const write = await app.inject({ method: 'POST', url: '/api/v1/metrics', headers: auth(), payload: sampleMetric({ description: BIG }) });
      expect(write.statusCode).toBe(507);
      expect(write.headers['retry-after']).toBe('60');
      expect(write.json()).toEqual({
        error: { code: 'STORAGE_FULL', message: 'the database storage is full: writes fail until space is freed', details: { retryAfterSeconds: 60 } },
        requestId: expect.any(String),
      });

      // The log names the condition by its code; the ROLLBACK that SQLite had already done never replaces it.
      const lines = log.lines();
      expect(lines.filter((l) => l.code === 'STORAGE_FULL')).toEqual([expect.objectContaining({ level: 50, msg: expect.stringMatching(/storage is full/), fault: 'disk_full', dbCode: 'SQLITE_FULL' })]);
      expect(JSON.stringify(lines)).not.toMatch(/cannot rollback/);
      expect(lines.filter((l) => l.msg === 'request failed')).toEqual([]);

      // Reads keep working.
      const list = await app.inject({ method: 'GET', url: '/api/v1/metrics', headers: auth() });
      expect(list.statusCode).toBe(200);

      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'degraded', checks: { database: 'ok', writes: 'failing: disk full' } });

      const metrics = await app.inject({ method: 'GET', url: '/metrics', headers: auth() });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const failures = Number(/^mdl_db_write_failures_total\{reason="disk_full"\} (\d+)$/m.exec(metrics.body)?.[1]);
      expect(failures).toBeGreaterThanOrEqual(1);
      expect(metrics.body).toMatch(/^mdl_db_write_failures_total\{reason="unavailable"\} 0$/m);
      expect(metrics.body).toMatch(/^process_resident_memory_bytes \d+/m);
    });

    it(`login on the full disk answers ${variant.real ? '507' : 'without a 500'} (it writes a session)`, async () => {
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'admin@example.com', password: TEST_PASSWORD } });
      expect(login.statusCode).not.toBe(500);
      // The page limit leaves free space inside existing pages, where a small session row may still fit.
      if (variant.real) {
        expect(login.statusCode).toBe(507);
        expect(login.json().error.code).toBe('STORAGE_FULL');
      }
    });

    it('writes work again once there is room, and readiness says ok', async () => {
      await injector.free(db);
      const write = await app.inject({ method: 'POST', url: '/api/v1/metrics', headers: auth(), payload: sampleMetric({ description: BIG }) });
      expect(write.statusCode).toBe(201);
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
    });
  });
}
