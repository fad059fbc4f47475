/**
 * Saturation read benchmark (issue 10's table): 50 autocannon connections, a bearer token on every
 * request, the rate limit raised above the offered load. The server is started twice on the same
 * seeded database: once with MDL_PRINCIPAL_CACHE=false (every request verifies the token and reads
 * session, account, membership and MFA state) and once with the cache on (the default). The raw
 * ceiling is plain node:http on the same machine sending the exact response bytes.
 *
 * Run: npm run build:server && [MDL_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test] npx tsx bench/read-ceiling.ts [--metrics 12] [--duration 10] [--connections 50]
 * With MDL_BENCH_POSTGRES_URL (a superuser's: it makes and drops a role and schema), the cached rows run on PostgreSQL too.
 * The load generator shares the machine's cores with the server: compare rows of one run, not runs.
 */
import autocannon from 'autocannon';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { benchPostgres, freePort, numberArg, ROOT, run, SERVER_ENTRY } from './api/machine.js';
import { createTempDir, startServer, stopServer } from './api/server.js';
import { writeSyntheticCatalog } from './generate.js';

const METRICS = numberArg('metrics', 12);
const DURATION = numberArg('duration', 10);
const CONNECTIONS = numberArg('connections', 50);

/** The earlier public MDL's list of 12 at 50 connections (issue 10's table): 463 req/s, p99 161 ms. */
const EARLIER_MDL_LIST_RPS = 463;

interface Row { label: string; rps: number; p50: number; p99: number; bytes: number }

async function load(url: string, headers: Record<string, string>): Promise<Omit<Row, 'label' | 'bytes'>> {
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers }); // warm-up
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx and ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

/** Plain node:http answering every request with `body`: what the machine can do for these bytes at all. */
async function ceiling(body: Buffer): Promise<Omit<Row, 'label' | 'bytes'>> {
  const srv = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((res) => srv.listen(0, '127.0.0.1', res));
  try {
    return await load(`http://127.0.0.1:${(srv.address() as AddressInfo).port}/`, {});
  } finally {
    await new Promise((res) => srv.close(res));
  }
}

/** A database to run the server on: SQLite in the temp folder, or a fresh PostgreSQL role and schema. */
interface Engine { label: string; env: Record<string, string>; cli: string; drop(): Promise<void> }

async function sqliteEngine(dir: string): Promise<Engine> {
  const file = join(dir, 'bench.db');
  return { label: 'SQLite', env: { MDL_DATABASE_URL: file }, cli: file, drop: async () => undefined };
}

/** A NOSUPERUSER NOBYPASSRLS role and schema of the run's own (benchPostgres), dropped after it. */
async function postgresEngine(adminUrl: string): Promise<Engine> {
  const pg = await benchPostgres(adminUrl);
  return { label: 'PostgreSQL', env: { MDL_DATABASE_URL: pg.url, MDL_DB_SCHEMA: pg.schema }, cli: pg.url, drop: pg.drop };
}

async function measure(engine: Engine, catalog: string, caches: string[]): Promise<{ rows: Row[]; bodies: { one: Buffer; list: Buffer } }> {
  const env = { ...process.env, MDL_LOG_LEVEL: 'warn', ...engine.env };
  const imported = await run(process.execPath, [join(ROOT, 'bin', 'mdl.js'), '--database', engine.cli, 'import', catalog], env, 300_000);
  if (imported.code !== 0) throw new Error(imported.output);
  const password = 'benchmark passphrase for the read run';
  const admin = await run('sh', ['-c', `printf %s "$PW" | "${process.execPath}" bin/mdl.js --database "${engine.cli}" admin create --email bench@example.com --password-stdin`], { ...env, PW: password }, 60_000);
  if (admin.code !== 0) throw new Error(admin.output);
  const rows: Row[] = [];
  let bodies: { one: Buffer; list: Buffer } | undefined;
  for (const cache of caches) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    await startServer(SERVER_ENTRY, { ...env, MDL_HOST: '127.0.0.1', MDL_PORT: String(port), MDL_RATE_LIMIT_MAX: '1000000000', MDL_PRINCIPAL_CACHE: cache }, base);
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.com', password }) });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const headers = { authorization: `Bearer ${token}` };
    const first = (await (await fetch(`${base}/api/v1/metrics?limit=1`, { headers })).json()) as { items: Array<{ metric_id: string }> };
    const oneUrl = `${base}/api/v1/metrics/${encodeURIComponent(first.items[0]!.metric_id)}`;
    const listUrl = `${base}/api/v1/metrics?limit=${Math.min(METRICS, 50)}`;
    bodies = { one: Buffer.from(await (await fetch(oneUrl, { headers })).arrayBuffer()), list: Buffer.from(await (await fetch(listUrl, { headers })).arrayBuffer()) };
    const tag = `${engine.label}, cache ${cache === 'true' ? 'on' : 'off'}`;
    rows.push({ label: `GET one metric, ${tag}`, bytes: bodies.one.length, ...(await load(oneUrl, headers)) });
    rows.push({ label: `GET list of ${Math.min(METRICS, 50)}, ${tag}`, bytes: bodies.list.length, ...(await load(listUrl, headers)) });
    await stopServer();
  }
  return { rows, bodies: bodies! };
}

async function main(): Promise<void> {
  const dir = createTempDir();
  const catalog = join(dir, 'catalog.json');
  await writeSyntheticCatalog(catalog, METRICS);
  const pgUrl = process.env.MDL_BENCH_POSTGRES_URL;
  console.log(`read ceiling: node ${process.version}, ${os.cpus().length} logical CPUs, ${METRICS} metrics, ${CONNECTIONS} connections, ${DURATION} s per row (autocannon on the same machine)${pgUrl ? '' : '; set MDL_BENCH_POSTGRES_URL (a superuser URL) for the PostgreSQL rows'}`);
  const sqlite = await measure(await sqliteEngine(dir), catalog, ['false', 'true']);
  const rows = [...sqlite.rows];
  if (pgUrl) {
    const engine = await postgresEngine(pgUrl);
    try {
      rows.push(...(await measure(engine, catalog, ['true'])).rows);
    } finally {
      await stopServer();
      await engine.drop();
    }
  }
  const bodies = sqlite.bodies;
  rows.push({ label: 'raw node:http, one metric\'s bytes', bytes: bodies.one.length, ...(await ceiling(bodies.one)) });
  rows.push({ label: 'raw node:http, the list\'s bytes', bytes: bodies.list.length, ...(await ceiling(bodies.list)) });

  console.log('\n| request | body | req/s | p50 ms | p99 ms |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.label} | ${(r.bytes / 1024).toFixed(1)} kB | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} |`);
  const share = (label: string, ceil: string) => {
    const a = rows.find((r) => r.label === label);
    const c = rows.find((r) => r.label === ceil)!;
    return a ? `${((a.rps / c.rps) * 100).toFixed(0)}%` : 'not run';
  };
  const one = 'raw node:http, one metric\'s bytes';
  console.log(`\none metric, SQLite, cache on: ${share('GET one metric, SQLite, cache on', one)} of the raw ceiling (target 40%); cache off: ${share('GET one metric, SQLite, cache off', one)}; PostgreSQL, cache on: ${share('GET one metric, PostgreSQL, cache on', one)} (target 20%)`);
  const list = rows.find((r) => r.label === `GET list of ${Math.min(METRICS, 50)}, SQLite, cache on`)!;
  console.log(`list of ${Math.min(METRICS, 50)}, SQLite, cache on: ${Math.round(list.rps)} req/s, ${(list.rps / EARLIER_MDL_LIST_RPS).toFixed(1)}x the earlier MDL's ${EARLIER_MDL_LIST_RPS} (issue 10's table; target 10x)`);
}

try {
  await main();
} finally {
  await stopServer();
}
