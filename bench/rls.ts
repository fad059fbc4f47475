/**
 * Row-level security overhead on PostgreSQL (docs/performance.md). bench/api.ts drives SQLite only, so
 * this times the API's catalog queries one layer down, through the services, in three modes:
 *
 *   off          the policies disabled (ALTER TABLE … DISABLE ROW LEVEL SECURITY): the baseline
 *   on           RLS on; every call in one workspace, so the pooled connection already carries the setting
 *   on+switch    RLS on; calls alternate between two workspaces, so each one pays the set_config round trip
 *
 * Two workspaces of N metrics each (default 10,000) are seeded through the import service. The app
 * connects as a NOSUPERUSER NOBYPASSRLS role, made for the run and dropped after it, with its own schema.
 *
 * Run: MDL_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/rls.ts [N] [iterations]
 * (the URL is a superuser's: it creates and drops the role and the schema).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../src/db/connect.js';
import { TENANT_TABLES } from '../src/db/migrations/0007_row_level_security.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { withWorkspace } from '../src/db/tenant-context.js';
import { readImportSource } from '../src/modules/io/index.js';
import { createServices } from '../src/modules/services.js';
import { localContext } from '../src/shared/context.js';
import { benchPostgres } from './api/machine.js';
import { writeSyntheticCatalog } from './generate.js';

const adminUrl = process.env.MDL_BENCH_POSTGRES_URL;
if (!adminUrl) {
  process.stderr.write('bench/rls.ts: set MDL_BENCH_POSTGRES_URL to a superuser URL\n');
  process.exit(1);
}
const n = Number(process.argv[2] ?? 10_000);
const iterations = Number(process.argv[3] ?? 2_000);
const WORKSPACES = ['bench-a', 'bench-b'] as const;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

const bench = await benchPostgres(adminUrl);
const { schema: name, admin } = bench;
const db = connect({ kind: 'postgres', url: bench.url, schema: name, poolMax: 10 });
const dir = mkdtempSync(join(tmpdir(), 'mdl-bench-rls-'));
try {
  await migrateToLatest(db);
  const s = createServices(db);
  const file = join(dir, 'catalog.json');
  await writeSyntheticCatalog(file, n);
  let t = performance.now();
  for (const ws of WORKSPACES) {
    await s.identity.users.createWorkspace(localContext('bench'), { id: ws, name: ws });
    await s.importer.import(localContext('bench', ws), (onProgress) => readImportSource({ path: file }, onProgress));
  }
  console.log(`seeded ${WORKSPACES.length} workspaces x ${n} metrics in ${((performance.now() - t) / 1000).toFixed(1)} s; ${iterations} calls per operation and mode`);
  await admin(`ANALYZE`);

  let k = 0;
  const id = () => `M-${String(Math.floor(Math.random() * n)).padStart(6, '0')}`;
  const ops: Array<[string, (ws: string) => Promise<unknown>]> = [
    ['GET /metrics/:id', (ws) => s.metrics.get(localContext('bench', ws), id())],
    ['GET /metrics?limit=50', (ws) => s.metrics.list(localContext('bench', ws), { filter: {}, limit: 50 })],
    ['?tier=Tier-1&limit=50', (ws) => s.metrics.list(localContext('bench', ws), { filter: { tier: ['Tier-1'] }, limit: 50 })],
    ['?sort=-updated_at&limit=50', (ws) => s.metrics.list(localContext('bench', ws), { filter: {}, sort: '-updated_at', limit: 50 })],
    ['?q=churn&limit=50', (ws) => s.metrics.list(localContext('bench', ws), { filter: { q: 'churn' }, limit: 50 })],
  ];
  const modes: Array<[string, boolean, () => string]> = [
    ['off', false, () => WORKSPACES[0]],
    ['on', true, () => WORKSPACES[0]],
    ['on+switch', true, () => WORKSPACES[k++ % 2]!],
  ];
  // Rounds, each running every mode in turn, so that warming up (JIT, caches) favours no mode.
  const ROUNDS = 4;
  const times = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [mode, rls, pick] of modes) {
      const tables = [...TENANT_TABLES, 'workspaces'].map((x) => `"${name}"."${x}"`);
      await admin(tables.map((x) => `ALTER TABLE ${x} ${rls ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY;`).join(' '));
      for (const [label, op] of ops) {
        for (let i = 0; i < 50; i++) {
          const ws = pick(); // warm-up after the switch
          await withWorkspace(ws, () => op(ws));
        }
        const list = times.get(`${label}|${mode}`) ?? [];
        for (let i = 0; i < iterations / ROUNDS; i++) {
          const ws = pick();
          t = performance.now();
          await withWorkspace(ws, () => op(ws));
          list.push(performance.now() - t);
        }
        times.set(`${label}|${mode}`, list);
      }
    }
  }
  const results: Record<string, Record<string, string>> = {};
  for (const [key, list] of times) {
    const [label, mode] = key.split('|') as [string, string];
    list.sort((a, b) => a - b);
    const mean = list.reduce((a, b) => a + b, 0) / list.length;
    (results[label] ??= {})[mode] = `${mean.toFixed(2)} / ${percentile(list, 0.5).toFixed(2)} / ${percentile(list, 0.99).toFixed(2)}`;
  }
  console.log('\nms per call: mean / p50 / p99 (one call at a time, pool of 10)\n');
  console.log(`| Operation | ${modes.map((m) => m[0]).join(' | ')} |`);
  console.log(`|---|${modes.map(() => '---:').join('|')}|`);
  for (const [label] of ops) console.log(`| ${label} | ${modes.map(([m]) => results[label]![m]).join(' | ')} |`);
} finally {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
  await bench.drop();
}
