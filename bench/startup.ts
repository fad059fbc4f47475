/**
 * Start-up cost (issue 10): CPU seconds (user + system, from /proc) of the server from process start
 * until /health/ready answers 200, as `npm start` runs it (dist/server.bundle.mjs) and as tsc builds
 * it (dist/server.js, a file per module), on an empty database (its first start, which
 * migrates, and a restart) and on a 10,000-metric one (a restart). Several runs each; min, median, max.
 *
 * Run: npm run build:server && npx tsx bench/startup.ts [--runs 5] [--metrics 10000] [--json]
 * CPU time, unlike wall time, barely moves with what else the machine is doing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, freePort, numberArg, procStatus, ROOT, run, SERVER_ENTRY, SERVER_MODULES_ENTRY } from './api/machine.js';
import { writeSyntheticCatalog } from './generate.js';

const RUNS = numberArg('runs', 5);
const METRICS = numberArg('metrics', 10_000);
/** The target: under 1 s of CPU from process start to ready. */
export const STARTUP_CPU_TARGET_S = 1;

export interface StartSample { cpu: number; wall: number; rssMiB: number }

/** One start: spawn, poll readiness every 10 ms, read the child's CPU at the first 200, stop it. */
export async function oneStart(entry: string, database: string, env: NodeJS.ProcessEnv = process.env): Promise<StartSample> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...env, MDL_DATABASE_URL: database, MDL_HOST: '127.0.0.1', MDL_PORT: String(port), MDL_LOG_LEVEL: 'warn' },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${stderr}`);
      if (performance.now() - t0 > 30_000) throw new Error(`not ready after 30 s: ${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.status === 200, () => false);
      if (ok) {
        const wall = (performance.now() - t0) / 1000;
        const cpu = cpuSeconds(child.pid) ?? Number.NaN;
        const rss = Number.parseInt(procStatus(child.pid, 'VmRSS') ?? '0', 10) / 1024;
        return { cpu, wall, rssMiB: rss };
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
  }
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! };
};

export interface StartupRow { label: string; cpu: ReturnType<typeof stats>; wall: ReturnType<typeof stats>; rssMiB: number; pass: boolean }

/** Every start-up figure: empty first start, empty restart, seeded restart. */
export async function measureStartup(runs = RUNS, metrics = METRICS): Promise<StartupRow[]> {
  const dir = mkdtempSync(join(os.tmpdir(), 'mdl-bench-startup-'));
  try {
    const rows: StartupRow[] = [];
    const row = (label: string, samples: StartSample[]): StartupRow => {
      const cpu = stats(samples.map((x) => x.cpu));
      return { label, cpu, wall: stats(samples.map((x) => x.wall)), rssMiB: Math.max(...samples.map((x) => x.rssMiB)), pass: cpu.median < STARTUP_CPU_TARGET_S };
    };
    const seeded = join(dir, 'seeded.db');
    const catalog = join(dir, 'catalog.json');
    await writeSyntheticCatalog(catalog, metrics);
    const imported = await run(process.execPath, [join(ROOT, 'bin', 'mdl.js'), '--database', seeded, 'import', catalog], { ...process.env, MDL_LOG_LEVEL: 'warn' }, 600_000);
    if (imported.code !== 0) throw new Error(imported.output);
    for (const [name, entry] of [['npm start (bundle)', SERVER_ENTRY], ['tsc modules', SERVER_MODULES_ENTRY]] as const) {
      const first: StartSample[] = [];
      for (let i = 0; i < runs; i++) first.push(await oneStart(entry, join(dir, `${name.length}-empty-${i}.db`)));
      rows.push(row(`${name}: empty database, first start (migrates)`, first));
      const again: StartSample[] = [];
      for (let i = 0; i < runs; i++) again.push(await oneStart(entry, join(dir, `${name.length}-empty-0.db`)));
      rows.push(row(`${name}: empty database, restart`, again));
      const warm: StartSample[] = [];
      for (let i = 0; i < runs; i++) warm.push(await oneStart(entry, seeded));
      rows.push(row(`${name}: ${metrics.toLocaleString('en-US')}-metric database, restart`, warm));
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printStartup(rows: StartupRow[]): void {
  console.log(`\nStart-up to /health/ready, CPU seconds (user+system), target < ${STARTUP_CPU_TARGET_S} s; ${os.cpus().length} cores`);
  console.log('| start | CPU min / median / max s | wall median s | RSS MiB | result |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.label} | ${r.cpu.min.toFixed(2)} / ${r.cpu.median.toFixed(2)} / ${r.cpu.max.toFixed(2)} | ${r.wall.median.toFixed(2)} | ${r.rssMiB.toFixed(0)} | ${r.pass ? 'PASS' : 'MISS'} |`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await measureStartup();
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
  else printStartup(rows);
}
