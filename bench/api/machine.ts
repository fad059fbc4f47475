/** Process and machine helpers for bench:api: CPU readings from /proc, a free port, file times, running a command. */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is bench/api/machine.ts). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** What `npm start` runs: the one-file server (scripts/bundle-server.mjs), built by `npm run build:server`. */
export const SERVER_ENTRY = resolve(ROOT, 'dist', 'server.bundle.mjs');
/** tsc's module-per-file build of the same server (what `mdl serve` loads). */
export const SERVER_MODULES_ENTRY = resolve(ROOT, 'dist', 'server.js');
const CLK_TCK = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/** utime + stime of a process in seconds, from /proc (Linux); null elsewhere. */
export function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // fields 14 and 15 of proc(5)
  } catch {
    return null;
  }
}

/** Busy core-seconds of the whole machine since boot (all CPUs), from /proc/stat; null elsewhere. */
export function machineBusySeconds(): number | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
    return (user + nice + system + irq + softirq + steal) / CLK_TCK;
  } catch {
    return null;
  }
}

export function procStatus(pid: number | undefined, key: string): string | null {
  if (pid === undefined) return null;
  try {
    return new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]?.trim() ?? null;
  } catch {
    return null;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Runs a command to completion, keeping the tail of its output for error messages. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d: Buffer) => { output = (output + d.toString()).slice(-16_384); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

/** `--name N` from the command line, or `fallback` (the small benchmarks' options). */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/**
 * A PostgreSQL login role and schema of its own for one benchmark run, NOSUPERUSER NOBYPASSRLS so
 * row-level security binds it as in production; `adminUrl` is a superuser's, which makes and drops them
 * (and runs `admin` statements, as the superuser).
 */
export async function benchPostgres(adminUrl: string): Promise<{ url: string; schema: string; admin(sqlText: string): Promise<void>; drop(): Promise<void> }> {
  const { default: pg } = await import('pg');
  const name = `mdl_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (text: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE ROLE "${name}" LOGIN NOSUPERUSER NOBYPASSRLS; CREATE SCHEMA "${name}" AUTHORIZATION "${name}"`);
  const url = new URL(adminUrl);
  url.username = name;
  url.password = '';
  return { url: url.toString(), schema: name, admin, drop: () => admin(`DROP SCHEMA IF EXISTS "${name}" CASCADE; DROP ROLE IF EXISTS "${name}"`) };
}
