import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { connect, type Db } from '../../src/db/connect.js';
import { createServices } from '../../src/modules/services.js';
import { SecretBox } from '../../src/shared/secret-box.js';
import { createTestDatabase, ENGINES, type TestDatabase } from '../helpers/databases.js';
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
