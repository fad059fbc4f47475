/**
 * `npm run bench`: every figure of issue 10, one benchmark after another on this machine, each printing
 * its table against its target. Build first (the script refuses a stale dist/). PostgreSQL rows run
 * when MDL_BENCH_POSTGRES_URL names a superuser URL (each benchmark makes and drops its own role and
 * schema). `--quick` shortens every run (a smoke test of the scripts, not figures to quote);
 * `--import N` sets the import size (default 100,000; issue 10's target is for 1,000,000).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { newestMtime, ROOT, SERVER_ENTRY } from './api/machine.js';

const quick = process.argv.includes('--quick');
const importAt = process.argv.indexOf('--import');
const importN = importAt > 0 ? String(Number(process.argv[importAt + 1])) : quick ? '2000' : '100000';

if (!existsSync(SERVER_ENTRY) || newestMtime(join(ROOT, 'src')) > newestMtime(join(ROOT, 'dist'))) {
  console.error('bench: dist/ is missing or older than src/: run `npm run build:server` first');
  process.exit(2);
}

const steps: Array<[title: string, args: string[]]> = [
  ['Start-up CPU to /health/ready (target < 1 s)', ['bench/startup.ts', '--runs', quick ? '1' : '5', '--metrics', quick ? '500' : '10000']],
  ['Reads at saturation against the raw Node ceiling (12 metrics, 50 connections)', ['bench/read-ceiling.ts', '--duration', quick ? '2' : '10']],
  ['Fixed-rate reads at 10,000 metrics, 50 connections', ['bench/api.ts', '--get-rate', '5000', '--list-rate', '1000', '--search-rate', '500', '--connections', '50',
    '--duration', quick ? '2' : '10', '--warmup', quick ? '1' : '3', '--paced-duration', quick ? '0' : '10', '--paced-sockets', '50', ...(quick ? ['--metrics', '1000'] : [])]],
  ['Writes: POST /metrics, 50 connections', ['bench/writes.ts', '--duration', quick ? '2' : '10']],
  [`Import of ${Number(importN).toLocaleString('en-US')} metrics through the CLI`, ['bench/import.ts', importN]],
];

console.log(`npm run bench: node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; PostgreSQL rows ${process.env.MDL_BENCH_POSTGRES_URL ? 'on' : 'off (set MDL_BENCH_POSTGRES_URL)'}`);
let failed = 0;
for (const [title, args] of steps) {
  console.log(`\n## ${title}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    failed++;
    console.log(`(${args[0]} exited ${r.status ?? r.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
