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
  console.log(`targets: < 60 s ${seconds < 60 ? 'MET' : 'MISSED'}, RSS < 1024 MiB ${rssMiB < 1024 ? 'MET' : 'MISSED'}`);
  const again = spawnSync('/usr/bin/time', ['-f', 'ELAPSED_S=%e', process.execPath, 'bin/mdl.js', '--database', database, 'import', file], { encoding: 'utf8' });
  console.log(`re-import of the same file (no changes): ${/ELAPSED_S=([\d.]+)/.exec(again.stderr)?.[1]} s; ${again.stdout.split('\n').find((l) => l.includes('metrics:'))?.trim()}`);
} finally {
  if (!process.env.MDL_BENCH_DATABASE_URL) rmSync(dir, { recursive: true, force: true });
}
