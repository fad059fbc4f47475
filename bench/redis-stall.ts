/**
 * Request latency before, during and after a Redis stall (docs/performance.md; issue 7, finding 5b).
 * Starts a private redis-server (its own free port, no persistence) and the app on 127.0.0.1 with
 * shared rate limits in that Redis, signs in, and sends authenticated GET /api/v1/me one after
 * another over HTTP: a phase with Redis answering, a phase with redis-server under SIGSTOP, and a phase
 * after SIGCONT (once the store reports Redis back). The stall lasts at least 3 s, so the background
 * probe (one a second) runs during it. Prints p50, p95, p99, max and the requests slower
 * than the baseline's p99 plus half the Redis budget, per phase.
 *
 * Run: npx tsx bench/redis-stall.ts [requests per phase, default 200] [Redis budget in ms, default 75]
 * Needs redis-server on PATH. The machine's shared Redis is not touched.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import type { ResilientCounterStore } from '../src/http/rate-limit-store.js';
import { createRedisClient } from '../src/http/redis.js';
import { createServices } from '../src/modules/services.js';
import { localContext } from '../src/shared/context.js';
import { SecretBox } from '../src/shared/secret-box.js';
import { fmtMs, summarize } from './api/report.js';

const perPhase = Number(process.argv[2] ?? 200);
const budgetMs = Number(process.argv[3] ?? 75);
const PASSWORD = 'a long bench passphrase 42';
const STALL_MS = 3000;

const freePort = () => new Promise<number>((resolve, reject) => {
  const srv = createServer().on('error', reject).listen(0, '127.0.0.1', () => {
    const a = srv.address();
    srv.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
  });
});

const dir = mkdtempSync(join(tmpdir(), 'mdl-bench-stall-'));
const redisPort = await freePort();
const redisServer = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
const redis = createRedisClient(`redis://127.0.0.1:${redisPort}`, budgetMs);
const db = connect({ kind: 'sqlite', file: join(dir, 'mdl.db') });
try {
  await new Promise((resolve, reject) => { redis.once('ready', resolve); setTimeout(() => reject(new Error('redis-server did not start')), 10_000).unref(); });
  await migrateToLatest(db);
  const services = createServices(db, undefined, { secretBox: SecretBox.ephemeral() });
  const app = await buildApp({
    config: { bodyLimit: 1024 * 1024, importBodyLimit: 1024 * 1024, requestTimeoutMs: 30_000 }, db, services,
    rateLimit: { redis, redisTimeoutMs: budgetMs, max: 1_000_000 },
  });
  await services.identity.users.createUser(localContext('bench'), { email: 'bench@example.com', password: PASSWORD, membership: { workspaceId: 'default', role: 'viewer' } });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.com', password: PASSWORD }) });
  const token = ((await login.json()) as { access_token: string }).access_token;
  const store = app.rateLimitStore as ResilientCounterStore;

  /** At least `perPhase` requests, and for at least `minMs` (a stall long enough for several probes). */
  const phase = async (minMs = 0): Promise<number[]> => {
    const out: number[] = [];
    const started = performance.now();
    for (let i = 0; i < perPhase || performance.now() - started < minMs; i++) {
      const t = performance.now();
      const res = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      out.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`GET /me answered ${res.status}`);
    }
    return out;
  };

  await phase(); // warm-up
  const before = await phase();
  redisServer.kill('SIGSTOP');
  const stalledAt = performance.now();
  const during = await phase(STALL_MS);
  const stallMs = performance.now() - stalledAt;
  redisServer.kill('SIGCONT');
  const resumedAt = performance.now();
  while (store.degraded && performance.now() - resumedAt < 10_000) {
    await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
    await new Promise((r) => setTimeout(r, 20));
  }
  const backAfterMs = performance.now() - resumedAt;
  const after = await phase();
  await app.close();

  const slowOver = summarize(before).p99 + budgetMs / 2;
  console.log(`\n${perPhase} (stalled: ${during.length}) sequential authenticated GET /api/v1/me per phase over HTTP; Redis budget ${budgetMs} ms; slow = over ${fmtMs(slowOver)} ms\n`);
  console.log('| Phase | p50 | p95 | p99 | max | slow |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, xs] of [['Redis answering', before], [`Redis stalled (SIGSTOP, ${(stallMs / 1000).toFixed(1)} s)`, during], ['after SIGCONT', after]] as const) {
    const s = summarize(xs);
    const sorted = [...xs].sort((a, b) => a - b);
    const p95 = sorted[Math.ceil(sorted.length * 0.95) - 1]!;
    console.log(`| ${name} | ${fmtMs(s.p50)} ms | ${fmtMs(p95)} ms | ${fmtMs(s.p99)} ms | ${fmtMs(s.max)} ms | ${xs.filter((x) => x > slowOver).length} |`);
  }
  console.log(`\nShared counting resumed ${fmtMs(backAfterMs)} ms after SIGCONT.`);
} finally {
  redis.disconnect();
  redisServer.kill('SIGKILL');
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
