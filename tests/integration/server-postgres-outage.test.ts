import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { connect, type Db } from '../../src/db/connect.js';
import { databaseFaultError, databaseFaultOf } from '../../src/db/errors.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createServices } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { SecretBox } from '../../src/shared/secret-box.js';
import { TEST_PASSWORD } from '../helpers/app.js';
import { createTestDatabase, ENGINES, type TestDatabase } from '../helpers/databases.js';
import { privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.js';
import { ServerProcess } from '../helpers/server-process.js';
import type { FastifyInstance } from 'fastify';

/** A TCP proxy to PostgreSQL that the test can cut (every open connection dies) and bring back. */
class CuttableProxy {
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    this.#server = createServer((client) => {
      const upstream = tcpConnect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => { client.destroy(); upstream.destroy(); });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.#server!.listen(this.port, '127.0.0.1', resolve));
    const addr = this.#server.address();
    if (addr && typeof addr !== 'string') this.port = addr.port;
  }

  async cut(): Promise<void> {
    const closed = new Promise((resolve) => this.#server?.close(resolve));
    for (const s of this.#sockets) s.destroy();
    await closed;
  }
}

const pgEngine = ENGINES.find((e) => e.name === 'postgres')!;

describe.skipIf(!pgEngine.available)(`server when PostgreSQL goes away mid-run [${pgEngine.label}]`, () => {
  let tdb: TestDatabase;
  let proxy: CuttableProxy;
  let db: Db;
  let app: FastifyInstance;
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);

  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
    if (tdb.config.kind !== 'postgres') throw new Error('expected postgres');
    const url = new URL(tdb.config.url);
    proxy = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.up();
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    db = connect({ ...tdb.config, url: url.toString() });
    app = await buildApp({
      config: { bodyLimit: 1024 * 1024, importBodyLimit: 10 * 1024 * 1024, requestTimeoutMs: 30_000 },
      db,
      services: createServices(db, undefined, { secretBox: SecretBox.ephemeral() }),
    });
    process.prependListener('uncaughtException', onUncaught);
  });

  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await app?.close();
    await db?.destroy().catch(() => undefined);
    await tdb?.destroy();
  });

  it('idle pooled connections that die do not crash the process; ready answers 503, then 200 once PostgreSQL is back', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    // The pool now holds an idle connection; PostgreSQL (here: the network to it) goes away.
    await proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(uncaught.map((e) => (e instanceof Error ? e.message : String(e)))).toEqual([]);

    const down = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: 'unavailable', checks: { database: 'unreachable' } });

    await proxy.up();
    const back = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(back.statusCode).toBe(200);
    expect(uncaught).toEqual([]);
  });
});

describe.skipIf(!pgEngine.available)(`a PostgreSQL that accepts connections but never answers [${pgEngine.label}]`, () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    silent = createServer((s) => { sockets.add(s); s.on('data', () => undefined); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => silent.close(resolve));
  });

  it('fails a query after the connect timeout instead of hanging', async () => {
    const { port } = silent.address() as { port: number };
    const db = connect({ kind: 'postgres', url: `postgres://mdl@127.0.0.1:${port}/mdl`, poolMax: 2 }, { connectTimeoutMs: 300 });
    const started = Date.now();
    try {
      await expect(sql`select 1`.execute(db)).rejects.toThrow(/timeout/i);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await db.destroy().catch(() => undefined);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// A real server process on a PostgreSQL cluster of the test's own, which the test restarts and stops.

interface Outcome { id: string; status: number; code?: string; retryAfter: string | null; sentAt: number; doneAt: number }

async function createDomain(base: string, token: string, id: string): Promise<Outcome> {
  const sentAt = Date.now();
  try {
    const r = await fetch(`${base}/api/v1/domains`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ domain_id: id, name: id }), signal: AbortSignal.timeout(20_000),
    });
    const body = await r.json().catch(() => ({})) as { error?: { code?: string } };
    return { id, status: r.status, code: body.error?.code, retryAfter: r.headers.get('retry-after'), sentAt, doneAt: Date.now() };
  } catch {
    return { id, status: 0, retryAfter: null, sentAt, doneAt: Date.now() }; // the server did not answer
  }
}

/** Polls readiness until it answers 200 (the start-up database work is done); returns the last status. */
async function untilReady(base: string, ms: number): Promise<number> {
  const until = Date.now() + ms;
  let status = 0;
  while (Date.now() < until) {
    status = await fetch(`${base}/health/ready`).then((r) => r.status, () => 0);
    if (status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return status;
}

/** Four clients creating domains back to back (a short pause after a failure, no busy loop) until stopped. */
function writeLoad(base: string, token: string, prefix: string): { outcomes: Outcome[]; stop(): Promise<void> } {
  const outcomes: Outcome[] = [];
  let running = true;
  const workers = [0, 1, 2, 3].map(async (w) => {
    for (let i = 0; running; i++) {
      const o = await createDomain(base, token, `${prefix}-${w}-${i}`);
      outcomes.push(o);
      if (o.status !== 201) await new Promise((r) => setTimeout(r, 20));
    }
  });
  return { outcomes, stop: async () => { running = false; await Promise.all(workers); } };
}

/** The load's ids that were answered 201 but are not stored (none may be). */
async function lostWrites(url: string, prefix: string, outcomes: Outcome[]): Promise<string[]> {
  const check = new pg.Client({ connectionString: url });
  await check.connect();
  try {
    const { rows } = await check.query<{ domain_id: string }>('select domain_id from domains where domain_id like $1', [`${prefix}-%`]);
    const stored = new Set(rows.map((r) => r.domain_id));
    return outcomes.filter((o) => o.status === 201 && !stored.has(o.id)).map((o) => o.id);
  } finally {
    await check.end();
  }
}

/**
 * Writes succeed within 2 s of PostgreSQL being back (`backAt`): the first write sent from then on that
 * succeeded was answered within 2 s, and every write sent 2 s or more after it succeeded.
 */
function expectRecoveredWithin2s(outcomes: Outcome[], backAt: number): number {
  const firstOk = outcomes.filter((o) => o.status === 201 && o.sentAt >= backAt).sort((a, b) => a.doneAt - b.doneAt)[0];
  expect(firstOk).toBeDefined();
  const recoveredMs = firstOk!.doneAt - backAt;
  expect(recoveredMs).toBeLessThan(2_000);
  expect(outcomes.filter((o) => o.sentAt >= backAt + 2_000 && o.status !== 201)).toEqual([]);
  expect(outcomes.filter((o) => o.sentAt >= backAt + 2_000).length).toBeGreaterThan(0);
  return recoveredMs;
}

/** Every answer is a success or a 503 DATABASE_UNAVAILABLE with Retry-After, never a 500 or silence. */
function expectOnly201Or503(outcomes: Outcome[]): Outcome[] {
  const byStatus = new Map<number, number>();
  for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
  expect([...byStatus.keys()].sort(), JSON.stringify([...byStatus])).toEqual([201, 503]);
  const unavailable = outcomes.filter((o) => o.status === 503);
  expect(unavailable.filter((o) => o.code !== 'DATABASE_UNAVAILABLE' || !(Number(o.retryAfter) > 0))).toEqual([]);
  return unavailable;
}

async function login(base: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.com', password: TEST_PASSWORD }) });
  if (r.status !== 200) throw new Error(`login answered ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { access_token: string }).access_token;
}

describe.skipIf(!privatePostgresAvailable)(`a server process on a PostgreSQL cluster that restarts and starts late${privatePostgresAvailable ? '' : ' (SKIPPED: no PostgreSQL binaries or postgres user)'}`, () => {
  let cluster: PrivatePostgres;
  let dir: string;
  const servers: ServerProcess[] = [];
  const serverEnv = () => ({ MDL_DATABASE_URL: cluster.url, MDL_RATE_LIMIT_MAX: '1000000' });

  beforeAll(async () => {
    cluster = await startPrivatePostgres();
    dir = mkdtempSync(join(tmpdir(), 'mdl-pg-restart-'));
    const db = connect({ kind: 'postgres', url: cluster.url, poolMax: 2 });
    try {
      await migrateToLatest(db);
      const services = createServices(db, undefined, { secretBox: SecretBox.ephemeral() });
      await services.identity.users.createUser(localContext('test-setup'), { email: 'admin@example.com', password: TEST_PASSWORD, membership: { workspaceId: 'default', role: 'admin' } });
    } finally {
      await db.destroy();
    }
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) await s.stop();
    await cluster?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('a connection a transaction holds between queries survives a restart without crashing the process; the transaction fails with a connection fault, and the next query works', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.prependListener('uncaughtException', onUncaught);
    const db = connect({ kind: 'postgres', url: cluster.url, poolMax: 2 });
    try {
      const failure = await db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        // Checked out, no query running: PostgreSQL ends the session (57P01) and the socket closes.
        await cluster.restart();
        await new Promise((r) => setTimeout(r, 300));
        await sql`select 2`.execute(trx);
      }).then(() => undefined, (err: unknown) => err);
      expect(uncaught.map(String)).toEqual([]);
      // The error that broke the connection, with a code, not pg's code-less "not queryable" nor a failed ROLLBACK.
      expect(databaseFaultOf(failure)).toBe('unavailable');
      expect(databaseFaultError(failure)?.code).toBe('DATABASE_UNAVAILABLE');
      // The broken connection was not returned to the pool: the next queries get fresh ones.
      for (let i = 0; i < 3; i++) expect((await sql<{ n: number }>`select 1 as n`.execute(db)).rows).toEqual([{ n: 1 }]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await db.destroy();
    }
  }, 60_000);

  /** A server process on the cluster, ready, with an admin token. */
  async function readyServer(): Promise<{ server: ServerProcess; base: string; token: string }> {
    const server = new ServerProcess(dir, serverEnv());
    servers.push(server);
    const base = await server.listening(30_000);
    expect(await untilReady(base, 30_000), server.output).toBe(200);
    return { server, base, token: await login(base) };
  }

  it('a restart under write load: the process lives, the outage answers 503 + Retry-After, no acknowledged write is lost, writes work within 2 s', async () => {
    const { server, base, token } = await readyServer();

    const load = writeLoad(base, token, 'load');
    await new Promise((r) => setTimeout(r, 1_000));
    const restartAt = Date.now();
    await cluster.restart(); // returns once the cluster accepts connections again
    const backAt = Date.now();
    await new Promise((r) => setTimeout(r, 3_000));
    await load.stop();
    const { outcomes } = load;

    expect(server.alive, server.output).toBe(true);
    expect(server.output).not.toMatch(/Unhandled 'error' event/);
    const unavailable = expectOnly201Or503(outcomes);
    expect(await lostWrites(cluster.url, 'load', outcomes)).toEqual([]);
    const recoveredMs = expectRecoveredWithin2s(outcomes, backAt);
    const acknowledged = outcomes.filter((o) => o.status === 201).length;
    process.stdout.write(`restart under load: ${outcomes.length} writes, ${acknowledged} acknowledged, ${unavailable.length} answered 503 during the ${backAt - restartAt} ms restart; first write after it succeeded in ${recoveredMs} ms\n`);
    await server.stop();
  }, 120_000);

  it('stopped for 3 s under write load: the outage answers 503 + Retry-After at once, readiness 503 "unreachable", /metrics counts the failed connects, writes work within 2 s of the start', async () => {
    const { server, base, token } = await readyServer();

    const load = writeLoad(base, token, 'outage');
    await new Promise((r) => setTimeout(r, 1_000));
    await cluster.stop();
    const downAt = Date.now();
    await new Promise((r) => setTimeout(r, 1_000));
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', checks: { database: 'unreachable' } });
    await new Promise((r) => setTimeout(r, 2_000));
    const startAt = Date.now();
    await cluster.start();
    const backAt = Date.now();
    await new Promise((r) => setTimeout(r, 3_000));
    await load.stop();
    const { outcomes } = load;

    expect(server.alive, server.output).toBe(true);
    expect(server.output).not.toMatch(/Unhandled 'error' event/);
    expectOnly201Or503(outcomes);
    // While it is down nothing succeeds, and nothing waits: each request is answered quickly, not held.
    const during = outcomes.filter((o) => o.sentAt >= downAt && o.doneAt <= startAt);
    expect(during.length).toBeGreaterThan(10);
    expect(during.filter((o) => o.status !== 503)).toEqual([]);
    const slowest = Math.max(...during.map((o) => o.doneAt - o.sentAt));
    expect(slowest).toBeLessThan(1_000);
    expect(await lostWrites(cluster.url, 'outage', outcomes)).toEqual([]);
    const recoveredMs = expectRecoveredWithin2s(outcomes, backAt);

    expect((await fetch(`${base}/health/ready`).then((r) => r.json()))).toEqual({ status: 'ok', checks: { database: 'ok' } });
    const metrics = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(metrics.status).toBe(200);
    const body = await metrics.text();
    expect(Number(/^mdl_db_connect_failures_total (\d+)$/m.exec(body)?.[1])).toBeGreaterThan(0);
    process.stdout.write(`outage under load: ${during.length} writes during the ${startAt - downAt} ms outage, all 503 (slowest ${slowest} ms); first write after the start succeeded in ${recoveredMs} ms\n`);
    await server.stop();
  }, 120_000);

  it('started while PostgreSQL is down: it listens, readiness goes 503 "connecting" to 200, and writes work once the cluster is up', async () => {
    await cluster.stop();
    const server = new ServerProcess(dir, serverEnv());
    servers.push(server);
    const base = await server.listening(30_000);

    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', checks: { database: 'connecting' } });
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const early = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.com', password: TEST_PASSWORD }) });
    expect(early.status).toBe(503);
    expect(Number(early.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe('DATABASE_UNAVAILABLE');

    await cluster.start();
    expect(await untilReady(base, 30_000), server.output).toBe(200);
    expect(server.alive).toBe(true);
    const token = await login(base);
    expect((await createDomain(base, token, 'after-late-start')).status).toBe(201);
    // The retries were logged by the driver's code, never with the connection URL.
    expect(server.output).toMatch(/the database cannot be reached yet \(ECONNREFUSED\)/);
    expect(server.output).not.toContain(cluster.url);
    await server.stop();
  }, 120_000);
});
