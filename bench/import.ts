/**
 * Import benchmark: generates a catalog of N metrics (default 100,000) and imports it through the real
 * CLI (bin/mdl.js, built dist/) into a fresh SQLite file (or MDL_BENCH_DATABASE_URL), measuring wall
 * time and peak RSS with GNU time. Run: npm run build && npm run bench:import [-- 100000]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticCatalog } from './generate.js';

const n = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'mdl-bench-import-'));
const file = join(dir, 'catalog.json');
const database = process.env.MDL_BENCH_DATABASE_URL ?? join(dir, 'bench.db');
try {
  const t0 = Date.now();
  await writeSyntheticCatalog(file, n);
  console.log(`generated ${n} metrics, ${(statSync(file).size / 1024 / 1024).toFixed(1)} MiB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const run = spawnSync('/usr/bin/time', ['-f', 'MAXRSS_KB=%M ELAPSED_S=%e', process.execPath, 'bin/mdl.js', '--database', database, 'import', file], {
    encoding: 'utf8', env: { ...process.env, MDL_LOG_LEVEL: 'warn' },
  });
  process.stdout.write(run.stdout);
  const m = /MAXRSS_KB=(\d+) ELAPSED_S=([\d.]+)/.exec(run.stderr);
  if (run.status !== 0 || !m) {
    process.stderr.write(run.stderr);
    process.exit(1);
  }
  const rssMiB = Number(m[1]) / 1024;
  const seconds = Number(m[2]);
  console.log(`import of ${n} metrics: ${seconds.toFixed(1)} s wall, peak RSS ${rssMiB.toFixed(0)} MiB (${(n / seconds).toFixed(0)} metrics/s)`);
  // Issue 10: a million in under 5 minutes and re-imported unchanged in under 2, under 1 GiB; the older
  // target was 100,000 in under a minute. Smaller runs are judged against the million's rate.
  // (Below 100,000 the process start-up dominates and no target applies: the figures are still printed.)
  const limit = n >= 1_000_000 ? 300 : n >= 100_000 ? 60 * (n / 100_000) : Number.POSITIVE_INFINITY;
  console.log(`targets: < ${limit.toFixed(0)} s ${seconds < limit ? 'MET' : 'MISSED'}, RSS < 1024 MiB ${rssMiB < 1024 ? 'MET' : 'MISSED'}`);
  const again = spawnSync('/usr/bin/time', ['-f', 'ELAPSED_S=%e', process.execPath, 'bin/mdl.js', '--database', database, 'import', file], { encoding: 'utf8' });
  const reSeconds = Number(/ELAPSED_S=([\d.]+)/.exec(again.stderr)?.[1]);
  const reLimit = n >= 100_000 ? 120 * (n / 1_000_000) : Number.POSITIVE_INFINITY;
  console.log(`re-import of the same file (no changes): ${reSeconds} s; ${again.stdout.split('\n').find((l) => l.includes('metrics:'))?.trim()}; target < ${reLimit.toFixed(0)} s ${reSeconds < reLimit ? 'MET' : 'MISSED'}`);
} finally {
  if (!process.env.MDL_BENCH_DATABASE_URL) rmSync(dir, { recursive: true, force: true });
}
