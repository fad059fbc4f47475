/**
 * Write throughput (issue 10): POST /api/v1/metrics from 50 concurrent connections as fast as the
 * server takes them, each a new metric, on a fresh database. Afterwards it checks what the rate must
 * not cost: every acknowledged write is in the catalog with its first version, and the workspace's
 * audit chain verifies.
 *
 * Run: npm run build:server && npx tsx bench/writes.ts [--duration 10] [--connections 50]
 *      (MDL_BENCH_POSTGRES_URL=<superuser URL> adds a PostgreSQL run)
 */
import autocannon from 'autocannon';
import os from 'node:os';
import { join } from 'node:path';
import { benchPostgres, freePort, numberArg, run, SERVER_ENTRY } from './api/machine.js';
import { createTempDir, startServer, stopServer } from './api/server.js';

const DURATION = numberArg('duration', 10);
const CONNECTIONS = numberArg('connections', 50);
/** The earlier public MDL's POST /metrics (issue 10): 86 req/s, p99 213 ms, at 10 connections. */
export const EARLIER_MDL_WRITE_RPS = 86;
const TARGET_FACTOR = 20;

export interface WriteResult { engine: string; rps: number; p50: number; p99: number; non2xx: number; errors: number; created: number; versioned: boolean; auditOk: boolean }

async function oneEngine(label: string, env: Record<string, string>, cli: string): Promise<WriteResult> {
  const password = 'benchmark passphrase for the write run';
  const fullEnv = { ...process.env, MDL_LOG_LEVEL: 'warn', ...env };
  const admin = await run('sh', ['-c', `printf %s "$PW" | "${process.execPath}" bin/mdl.js --database "${cli}" admin create --email bench@example.com --password-stdin`], { ...fullEnv, PW: password }, 60_000);
  if (admin.code !== 0) throw new Error(admin.output);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  await startServer(SERVER_ENTRY, { ...fullEnv, MDL_HOST: '127.0.0.1', MDL_PORT: String(port), MDL_RATE_LIMIT_MAX: '1000000000' }, base);
  try {
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.com', password }) });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    let n = 0;
    const body = () => JSON.stringify({
      metric_id: `W-${String(n++).padStart(7, '0')}`, name: `Write benchmark metric ${n}`, description: 'Written by bench/writes.ts',
      category: 'operational', tier: 'Tier-2', business_domain: 'benchmark', tags: ['bench', `t${n % 10}`],
      definition: { formula: 'sum(a) / count(b)', unit: '%' },
      governance: { owner_team: 'perf', data_classification: 'internal', status: 'active' },
    });
    const result = await autocannon({
      url: `${base}/api/v1/metrics`, connections: CONNECTIONS, duration: DURATION, headers,
      requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: body() }) }],
    });
    const list = (await (await fetch(`${base}/api/v1/metrics?limit=1`, { headers })).json()) as { total: number };
    const probe = await fetch(`${base}/api/v1/metrics`, { method: 'POST', headers, body: body() });
    if (probe.status !== 201) throw new Error(`POST /metrics answered ${probe.status}: ${await probe.text()}`);
    const sample = (await (await fetch(`${base}/api/v1/metrics/W-0000000/versions`, { headers })).json()) as { items: unknown[] };
    const audit = await fetch(`${base}/api/v1/audit/verify`, { headers });
    const verified = (await audit.json()) as { ok: boolean; count: number };
    return {
      engine: label, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors,
      created: list.total, versioned: sample.items.length === 1, auditOk: audit.status === 200 && verified.ok && verified.count >= list.total,
    };
  } finally {
    await stopServer();
  }
}

async function main(): Promise<void> {
  const dir = createTempDir();
  console.log(`writes: node ${process.version}, ${os.cpus().length} logical CPUs, ${CONNECTIONS} connections, ${DURATION} s (autocannon on the same machine)`);
  const results = [await oneEngine('SQLite', { MDL_DATABASE_URL: join(dir, 'writes.db') }, join(dir, 'writes.db'))];
  const pgUrl = process.env.MDL_BENCH_POSTGRES_URL;
  if (pgUrl) {
    const pg = await benchPostgres(pgUrl);
    try {
      results.push(await oneEngine('PostgreSQL', { MDL_DATABASE_URL: pg.url, MDL_DB_SCHEMA: pg.schema }, pg.url));
    } finally {
      await pg.drop();
    }
  }
  const target = EARLIER_MDL_WRITE_RPS * TARGET_FACTOR;
  console.log('\n| engine | POST /metrics req/s | p50 ms | p99 ms | non-2xx | errors | metrics after | first version kept | audit chain | vs earlier MDL | result |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const goal = r.engine === 'PostgreSQL' ? target / 2 : target;
    const pass = r.rps >= goal && r.non2xx === 0 && r.errors === 0 && r.versioned && r.auditOk;
    console.log(`| ${r.engine} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors} | ${r.created} | ${r.versioned ? 'yes' : 'NO'} | ${r.auditOk ? 'verifies' : 'BROKEN'} | ${(r.rps / EARLIER_MDL_WRITE_RPS).toFixed(1)}x | ${pass ? 'PASS' : 'MISS'} (target ${Math.round(goal)} req/s) |`);
  }
}

try {
  await main();
} finally {
  await stopServer();
}
