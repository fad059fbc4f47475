/**
 * API latency benchmark. Seeds a fresh SQLite file with N synthetic metrics (default 10,000) through the
 * real import path (bin/mdl.js import), starts the built server (dist/server.bundle.mjs, as npm start does) as a child process on a
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
 *
 * This file is the entry point; the parts live in bench/api/: options.ts (options, scenarios), machine.ts
 * (/proc readings and process helpers), server.ts (server child, cleanup), load.ts (generators), report.ts.
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { runAutocannon, runPaced, setAuthorization } from './api/load.js';
import { freePort, newestMtime, procStatus, ROOT, run, SERVER_ENTRY } from './api/machine.js';
import { metricId, parseOptions, scenarios } from './api/options.js';
import { fmtMs, judge, printResults, type Measured } from './api/report.js';
import { cleanupSync, createTempDir, startServer, stopServer } from './api/server.js';
import { writeSyntheticCatalog } from './generate.js';

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2), process.env);
  const serverEntry = SERVER_ENTRY;
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

  const tempDir = createTempDir();
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

  // An account to measure as: created on the host (password via stdin), then a real login below.
  const password = 'benchmark passphrase for the api run';
  const admin = await run('sh', ['-c', `printf %s "$MDL_BENCH_PW" | "${process.execPath}" bin/mdl.js --database "${database}" admin create --email bench@example.com --password-stdin`], { ...env, MDL_BENCH_PW: password }, 60_000);
  if (admin.code !== 0) throw new Error(`admin create failed:\n${admin.output}`);

  // 2. Start the built server on a free loopback port. The API limit is raised far above the offered
  // load: the benchmark measures the API (the limiter still counts every request), not the limit.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  t = performance.now();
  const server = await startServer(serverEntry, { ...env, MDL_DATABASE_URL: database, MDL_HOST: '127.0.0.1', MDL_PORT: String(port), MDL_RATE_LIMIT_MAX: '100000000' }, base);
  console.log(`server pid ${server.pid} ready on ${base} in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // Every measured request carries a real access token (EdDSA JWT; session, user and membership checked).
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.com', password }) });
  const { access_token: token } = (await login.json()) as { access_token?: string };
  if (!token) throw new Error(`login failed: ${login.status}`);
  setAuthorization(`Bearer ${token}`);
  const auth = { headers: { authorization: `Bearer ${token}` } };

  // 3. Check that the scenarios answer what they should before timing them.
  const one = await fetch(`${base}/api/v1/metrics/${metricId(o.metrics - 1)}`, auth);
  const page = await fetch(`${base}/api/v1/metrics?limit=50`, auth);
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
  printResults(results, o, rss, cpus);
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
