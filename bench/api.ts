/**
 * API latency benchmark. Seeds a fresh SQLite file with N synthetic metrics (default 10,000) through the
 * real import path (bin/mdl.js import), starts the built server (dist/server.js) as a child process on a
 * free loopback port, and drives it at fixed request rates:
 *
 *   1. GET /api/v1/metrics/:id with a random existing id per request      target p99 < 20 ms at 1,000 req/s
 *   2. GET /api/v1/metrics?limit=50, with a tier filter and sorted by -updated_at   p99 < 50 ms at 500 req/s
 *
 * Two load generators run one after the other, each over all the scenarios:
 *   - autocannon (fixed rate, `overallRate`, coordinated-omission correction left on). Its rate limiter
 *     lets each connection send its share of a second back to back and then wait for the next second, so
 *     the load arrives in bursts at the start of each second and the latencies grow with the number of
 *     connections. The script prints how bursty the load was (peak 100 ms window).
 *   - a paced open-loop generator (node:http, keep-alive): one request every 1/rate s on the clock, latency
 *     measured from the scheduled send time (so stalls are not hidden, as in wrk2).
 * See docs/performance.md for the measured numbers and what they mean.
 *
 * Run: npm run build && npm run bench:api [-- --duration 20 --connections 20 ...]   (--help lists options)
 * The load generator runs on the same machine as the server and competes with it for CPU.
 */
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticCatalog } from './generate.js';

// ---------------------------------------------------------------------------------------------------------
// Options: --name value, --name=value, or MDL_BENCH_<NAME> (dashes as underscores).

interface Options {
  metrics: number;
  duration: number;
  warmup: number;
  getRate: number;
  listRate: number;
  connections: number;
  pacedDuration: number;
  pacedSockets: number;
  only: string[];
  json: boolean;
}

const HELP = `usage: npm run bench:api [-- options]     (run \`npm run build\` first)

  --metrics N         metrics to seed (default 10000)                      MDL_BENCH_METRICS
  --duration S        measured seconds per scenario, autocannon (20)       MDL_BENCH_DURATION
  --warmup S          discarded seconds before each scenario (3)           MDL_BENCH_WARMUP
  --get-rate R        req/s for GET /metrics/:id (1000)                    MDL_BENCH_GET_RATE
  --list-rate R       req/s for the list scenarios (500)                   MDL_BENCH_LIST_RATE
  --connections C     autocannon connections (20)                          MDL_BENCH_CONNECTIONS
  --paced-duration S  seconds per scenario of the paced open-loop run;
                      0 skips it (10)                                      MDL_BENCH_PACED_DURATION
  --paced-sockets C   keep-alive sockets of the paced generator (64)       MDL_BENCH_PACED_SOCKETS
  --only a,b          scenarios: get, list, list-tier, list-sort (all)     MDL_BENCH_ONLY
  --json              also print the results as one JSON line at the end  MDL_BENCH_JSON=1`;

const KNOWN_OPTIONS = ['metrics', 'duration', 'warmup', 'get-rate', 'list-rate', 'connections', 'paced-duration', 'paced-sockets', 'only', 'json'];

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') {
      console.log(HELP);
      process.exit(0);
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) usage(`unexpected argument "${arg}"`);
    const name = m[1]!;
    if (!KNOWN_OPTIONS.includes(name)) usage(`unknown option --${name}`);
    if (name === 'json') given.set(name, m[2] ?? 'true');
    else {
      const value = m[2] ?? argv[++i];
      if (value === undefined) usage(`--${name} needs a value`);
      given.set(name, value);
    }
  }
  const raw = (name: string) => given.get(name) ?? env[`MDL_BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  const num = (name: string, fallback: number, min: number, max: number) => {
    const v = raw(name);
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) usage(`--${name} must be a number from ${min} to ${max}, got "${v}"`);
    return n;
  };
  const only = (raw('only') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of only) if (!SCENARIO_KEYS.includes(s)) usage(`--only: unknown scenario "${s}" (choose from ${SCENARIO_KEYS.join(', ')})`);
  return {
    metrics: Math.floor(num('metrics', 10_000, 100, 1_000_000)),
    duration: num('duration', 20, 1, 600),
    warmup: num('warmup', 3, 0, 60),
    getRate: Math.floor(num('get-rate', 1000, 1, 100_000)),
    listRate: Math.floor(num('list-rate', 500, 1, 100_000)),
    connections: Math.floor(num('connections', 20, 1, 1000)),
    pacedDuration: num('paced-duration', 10, 0, 600),
    pacedSockets: Math.floor(num('paced-sockets', 64, 1, 1000)),
    only,
    json: ['1', 'true', 'yes'].includes(String(raw('json') ?? '').toLowerCase()),
  };
}

function usage(message: string): never {
  process.stderr.write(`bench:api: ${message}\n\n${HELP}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------
// Scenarios

interface Scenario {
  key: string;
  label: string;
  rate: number;
  p99TargetMs: number;
  /** Fixed path, or a function giving each request its own path. */
  path: string | (() => string);
}

const SCENARIO_KEYS = ['get', 'list', 'list-tier', 'list-sort'];

function metricId(i: number): string {
  return `M-${String(i).padStart(6, '0')}`; // the ids writeSyntheticCatalog() gives
}

function scenarios(o: Options): Scenario[] {
  const all: Scenario[] = [
    { key: 'get', label: 'GET /metrics/:id (random id)', rate: o.getRate, p99TargetMs: 20, path: () => `/api/v1/metrics/${metricId(Math.floor(Math.random() * o.metrics))}` },
    { key: 'list', label: 'GET /metrics?limit=50', rate: o.listRate, p99TargetMs: 50, path: '/api/v1/metrics?limit=50' },
    { key: 'list-tier', label: 'GET /metrics?tier=Tier-1&limit=50', rate: o.listRate, p99TargetMs: 50, path: '/api/v1/metrics?tier=Tier-1&limit=50' },
    { key: 'list-sort', label: 'GET /metrics?sort=-updated_at&limit=50', rate: o.listRate, p99TargetMs: 50, path: '/api/v1/metrics?sort=-updated_at&limit=50' },
  ];
  return o.only.length ? all.filter((s) => o.only.includes(s.key)) : all;
}

// ---------------------------------------------------------------------------------------------------------
// Results

interface Measured {
  scenario: string;
  generator: 'autocannon' | 'paced';
  targetRate: number;
  achievedRate: number;
  responses: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p99TargetMs: number;
  pass: boolean;
  /** CPU over the measured interval in percent of one core (Linux /proc): the server, this process, and everything else. */
  serverCpu: number | null;
  benchCpu: number;
  otherCpu: number | null;
  /** autocannon only: per-response latencies without the coordinated-omission correction. */
  raw?: { p50: number; p90: number; p99: number; max: number };
  /** autocannon only: most responses in any 100 ms window, as a rate (req/s). */
  peak100msRate?: number;
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summarize(values: number[]): { p50: number; p90: number; p99: number; max: number } {
  const s = Float64Array.from(values).sort();
  return { p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s.length ? s[s.length - 1]! : NaN };
}

// ---------------------------------------------------------------------------------------------------------
// Process and machine helpers

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CLK_TCK = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/** utime + stime of a process in seconds, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid: number | undefined): number | null {
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
function machineBusySeconds(): number | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
    return (user + nice + system + irq + softirq + steal) / CLK_TCK;
  } catch {
    return null;
  }
}

function procStatus(pid: number | undefined, key: string): string | null {
  if (pid === undefined) return null;
  try {
    return new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]?.trim() ?? null;
  } catch {
    return null;
  }
}

function freePort(): Promise<number> {
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

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Runs a command to completion, keeping the tail of its output for error messages. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
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

// ---------------------------------------------------------------------------------------------------------
// Cleanup: the server child and the temporary directory go away on success, failure and Ctrl-C.

let server: ChildProcess | undefined;
let serverOutput = '';
let tempDir: string | undefined;
let current: autocannon.Instance | undefined;
let interrupted = false;

function cleanupSync(): void {
  current?.stop();
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

async function stopServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

process.on('exit', cleanupSync);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    interrupted = true;
    process.stderr.write(`\nbench:api: ${signal}, stopping the server and removing ${tempDir ?? 'the temporary files'}\n`);
    cleanupSync();
    process.exit(130);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Load generators

const fmtMs = (v: number) => (Number.isNaN(v) ? 'n/a' : Number.isInteger(v) || v >= 10 ? v.toFixed(0) : v.toFixed(1));

interface CpuShare { serverCpu: number | null; benchCpu: number; otherCpu: number | null }

/** Runs fn and reports how much CPU the server, this process and the rest of the machine used meanwhile. */
async function withCpu<T>(fn: () => Promise<T>): Promise<{ value: T } & CpuShare> {
  const s0 = cpuSeconds(server?.pid);
  const m0 = machineBusySeconds();
  const b0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const b = process.cpuUsage(b0);
  const s1 = cpuSeconds(server?.pid);
  const m1 = machineBusySeconds();
  const pct = (cpu: number) => (100 * cpu) / seconds;
  const serverCpu = s0 !== null && s1 !== null ? pct(s1 - s0) : null;
  const benchCpu = pct((b.user + b.system) / 1e6);
  const otherCpu = serverCpu !== null && m0 !== null && m1 !== null ? Math.max(0, pct(m1 - m0) - serverCpu - benchCpu) : null;
  return { value, serverCpu, benchCpu, otherCpu };
}

function autocannonOnce(base: string, s: Scenario, connections: number, duration: number, onResponse?: (status: number, ms: number) => void): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const pathFn = s.path;
    const instance = autocannon({
      url: base,
      connections,
      overallRate: s.rate,
      duration,
      timeout: 10,
      requests: [typeof pathFn === 'string' ? { method: 'GET', path: pathFn } : { method: 'GET', setupRequest: (req) => ({ ...req, path: pathFn() }) }],
    }, (err, result) => {
      current = undefined;
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(result);
    });
    current = instance;
    if (onResponse) instance.on('response', (_client, status, _bytes, ms) => onResponse(status, ms));
  });
}

async function runAutocannon(base: string, s: Scenario, o: Options): Promise<Measured> {
  if (o.warmup > 0) await autocannonOnce(base, s, o.connections, o.warmup);
  const raw: number[] = [];
  const windows = new Map<number, number>();
  const t0 = performance.now();
  const { value: r, ...cpu } = await withCpu(() => autocannonOnce(base, s, o.connections, o.duration, (_status, ms) => {
    raw.push(ms);
    const w = Math.floor((performance.now() - t0) / 100);
    windows.set(w, (windows.get(w) ?? 0) + 1);
  }));
  const responses = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
  return {
    scenario: s.label, generator: 'autocannon', targetRate: s.rate, achievedRate: responses / r.duration, responses,
    // autocannon records whole milliseconds, corrected for coordinated omission (the default at a fixed rate).
    p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max,
    non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, p99TargetMs: s.p99TargetMs, pass: false, ...cpu,
    raw: summarize(raw), peak100msRate: Math.max(0, ...windows.values()) * 10,
  };
}

/**
 * Open-loop constant-rate load: request i is due at start + i/rate whatever happened to earlier ones, and
 * its latency counts from that due time, so a stalled server (or a full socket pool) shows up in full.
 */
async function runPaced(port: number, s: Scenario, o: Options): Promise<Measured> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.pacedSockets });
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let inflight = 0;
  const interval = 1000 / s.rate;
  const total = Math.max(1, Math.round(s.rate * o.pacedDuration));
  try {
    const { value: elapsed, ...cpu } = await withCpu(() => new Promise<number>((resolve) => {
      const start = performance.now();
      let sent = 0;
      let lastDone = start;
      const settle = () => {
        inflight--;
        lastDone = performance.now();
        if (sent === total && inflight === 0) resolve((lastDone - start) / 1000);
      };
      const fire = (due: number) => {
        inflight++;
        let settled = false;
        const once = (failed: boolean) => {
          if (settled) return;
          settled = true;
          if (failed) errors++;
          settle();
        };
        const req = http.request({ host: '127.0.0.1', port, path: typeof s.path === 'string' ? s.path : s.path(), agent, timeout: 10_000 }, (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - due);
            if (!res.statusCode || res.statusCode < 200 || res.statusCode > 299) non2xx++;
            once(false);
          });
          res.on('error', () => once(true));
        });
        req.on('timeout', () => { timeouts++; req.destroy(new Error('timeout')); });
        req.on('error', () => once(true));
        req.end();
      };
      const tick = () => {
        if (interrupted) return;
        const now = performance.now();
        while (sent < total && start + sent * interval <= now) fire(start + sent++ * interval);
        if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
      };
      tick();
    }));
    const sum = summarize(latencies);
    return {
      scenario: s.label, generator: 'paced', targetRate: s.rate, achievedRate: latencies.length / elapsed, responses: latencies.length,
      ...sum, non2xx, errors, timeouts, p99TargetMs: s.p99TargetMs, pass: false, ...cpu,
    };
  } finally {
    agent.destroy();
  }
}

function judge(m: Measured): Measured {
  const clean = m.non2xx === 0 && m.errors === 0 && m.achievedRate >= 0.95 * m.targetRate;
  return { ...m, pass: clean && m.p99 < m.p99TargetMs };
}

// ---------------------------------------------------------------------------------------------------------
// Output

function table(rows: Measured[], raw: boolean): string {
  const head = ['scenario', 'target', 'achieved', 'p50', 'p90', 'p99', 'max', 'non-2xx', 'err/tmo', 'p99 target', 'result', 'CPU srv/bench/other'];
  const pct = (v: number | null) => (v === null ? 'n/a' : `${v.toFixed(0)}%`);
  const body = rows.map((m) => [
    m.scenario, `${m.targetRate}/s`, `${m.achievedRate.toFixed(0)}/s`,
    `${fmtMs(m.p50)} ms`, `${fmtMs(m.p90)} ms`, `${fmtMs(m.p99)} ms`, `${fmtMs(m.max)} ms`,
    String(m.non2xx), `${m.errors}/${m.timeouts}`, `< ${m.p99TargetMs} ms`, m.pass ? 'PASS' : 'MISS',
    `${pct(m.serverCpu)}/${pct(m.benchCpu)}/${pct(m.otherCpu)}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(head), ...body.map(line)];
  if (raw) {
    for (const m of rows) {
      if (!m.raw) continue;
      out.push(`  ${m.scenario}: uncorrected p50 ${fmtMs(m.raw.p50)} / p90 ${fmtMs(m.raw.p90)} / p99 ${fmtMs(m.raw.p99)} / max ${fmtMs(m.raw.max)} ms; `
        + `peak 100 ms window ${m.peak100msRate ?? 0} req/s (${((m.peak100msRate ?? 0) / m.targetRate).toFixed(1)}x the target rate)`);
    }
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2), process.env);
  const serverEntry = join(ROOT, 'dist', 'server.js');
  if (!existsSync(serverEntry) || !existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    process.stderr.write('bench:api: dist/ is missing; run `npm run build` first\n');
    process.exit(1);
  }
  if (newestMtime(join(ROOT, 'src')) > newestMtime(join(ROOT, 'dist'))) {
    process.stderr.write('bench:api: note: src/ has files newer than anything in dist/; run `npm run build` if they hold changes you want measured\n');
  }
  const list = scenarios(o);
  const cpus = os.cpus();
  const acVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'autocannon', 'package.json'), 'utf8')) as { version: string }).version;
  console.log(`MDL API benchmark: node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus[0]?.model.trim() ?? 'unknown CPU'} x ${cpus.length} logical CPUs, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`);
  console.log(`load average before the run: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine skews the numbers; see the "other" CPU column)`);
  console.log(`load generator on the same machine: autocannon ${acVersion} (${o.connections} connections, ${o.warmup} s warm-up + ${o.duration} s per scenario)`
    + (o.pacedDuration > 0 ? ` and a paced open-loop generator (${o.pacedDuration} s per scenario)` : ''));

  tempDir = mkdtempSync(join(os.tmpdir(), 'mdl-bench-api-'));
  const catalog = join(tempDir, 'catalog.json');
  const database = join(tempDir, 'bench.db');
  const env = { ...process.env, MDL_LOG_LEVEL: 'warn' };

  // 1. Seed through the real import path.
  let t = performance.now();
  await writeSyntheticCatalog(catalog, o.metrics);
  const imported = await run(process.execPath, [join(ROOT, 'bin', 'mdl.js'), '--database', database, 'import', catalog], env, 300_000);
  if (imported.code !== 0) throw new Error(`import failed (${imported.signal ?? `exit ${imported.code}`}):\n${imported.output}`);
  console.log(`seeded ${o.metrics} metrics via \`mdl import\` in ${((performance.now() - t) / 1000).toFixed(1)} s; database ${(statSync(database).size / 2 ** 20).toFixed(0)} MiB`);
  rmSync(catalog);

  // 2. Start the built server on a free loopback port.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  t = performance.now();
  server = spawn(process.execPath, [serverEntry], {
    cwd: ROOT,
    env: { ...env, MDL_DATABASE_URL: database, MDL_HOST: '127.0.0.1', MDL_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (d: Buffer) => { serverOutput = (serverOutput + d.toString()).slice(-16_384); };
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
  server.on('exit', (code, signal) => {
    if (!interrupted && current) {
      process.stderr.write(`bench:api: the server exited during the run (${signal ?? `exit ${code}`})\n${serverOutput}\n`);
      current.stop();
    }
  });
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`the server exited at start:\n${serverOutput}`);
    if (performance.now() - t > 20_000) throw new Error(`the server was not ready within 20 s:\n${serverOutput}`);
    const ok = await fetch(`${base}/health/ready`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`server pid ${server.pid} ready on ${base} in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // 3. Check that the scenarios answer what they should before timing them.
  const one = await fetch(`${base}/api/v1/metrics/${metricId(o.metrics - 1)}`);
  const page = await fetch(`${base}/api/v1/metrics?limit=50`);
  const body = (await page.json()) as { items?: unknown[]; total?: number };
  await one.arrayBuffer();
  if (one.status !== 200 || page.status !== 200 || body.items?.length !== Math.min(50, o.metrics) || body.total !== o.metrics) {
    throw new Error(`sanity check failed: GET one ${one.status}, list ${page.status} with ${body.items?.length} items of ${body.total}`);
  }

  // 4. Load.
  const results: Measured[] = [];
  console.log('\nautocannon, fixed rate (latencies corrected for coordinated omission by autocannon, whole ms):');
  for (const s of list) {
    process.stdout.write(`  ${s.label} at ${s.rate} req/s ...`);
    const m = judge(await runAutocannon(base, s, o));
    results.push(m);
    process.stdout.write(` p99 ${fmtMs(m.p99)} ms ${m.pass ? 'PASS' : 'MISS'}\n`);
  }
  if (o.pacedDuration > 0) {
    console.log('paced open-loop (latency from the scheduled send time):');
    for (const s of list) {
      process.stdout.write(`  ${s.label} at ${s.rate} req/s ...`);
      const m = judge(await runPaced(port, s, o));
      results.push(m);
      process.stdout.write(` p99 ${fmtMs(m.p99)} ms ${m.pass ? 'PASS' : 'MISS'}\n`);
    }
  }

  const hwm = /^(\d+) kB$/.exec(procStatus(server.pid, 'VmHWM') ?? '');
  const rss = hwm ? `${(Number(hwm[1]) / 1024).toFixed(0)} MiB` : null;
  await stopServer();
  console.log(`\nautocannon, ${o.connections} connections, fixed rate, ${o.duration} s each:`);
  console.log(table(results.filter((m) => m.generator === 'autocannon'), true));
  if (o.pacedDuration > 0) {
    console.log(`\npaced open-loop, ${o.pacedDuration} s each:`);
    console.log(table(results.filter((m) => m.generator === 'paced'), false));
  }
  console.log(`\nserver peak RSS ${rss ?? 'n/a'}. PASS needs p99 under the target, no errors or non-2xx, and at least 95% of the target rate.`);
  console.log('CPU is in % of one core over each measured interval: the server, this load generator, and the rest of the machine.');
  const busy = results.filter((m) => (m.otherCpu ?? 0) > 20);
  if (busy.length) console.log(`warning: other processes used over 20% of a core during ${busy.length} measurement(s); rerun on a quiet machine before trusting them`);
  if (o.json) console.log(JSON.stringify({ node: process.version, cpus: cpus.length, cpu: cpus[0]?.model.trim(), options: o, results }));
}

try {
  await main();
} catch (err) {
  process.stderr.write(`bench:api: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await stopServer();
  cleanupSync();
}
