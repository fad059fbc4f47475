/** Load generators of bench:api (autocannon at a fixed rate, and a paced open-loop one) and their CPU accounting. */
import autocannon from 'autocannon';
import http from 'node:http';
import { cpuSeconds, machineBusySeconds } from './machine.js';
import type { Options, Scenario } from './options.js';
import { summarize, type Measured } from './report.js';
import { isInterrupted, serverPid, setCurrentRun } from './server.js';

interface CpuShare { serverCpu: number | null; benchCpu: number; otherCpu: number | null }

/** Runs fn and reports how much CPU the server, this process and the rest of the machine used meanwhile. */
async function withCpu<T>(fn: () => Promise<T>): Promise<{ value: T } & CpuShare> {
  const s0 = cpuSeconds(serverPid());
  const m0 = machineBusySeconds();
  const b0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const b = process.cpuUsage(b0);
  const s1 = cpuSeconds(serverPid());
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
      headers: authorization ? { authorization } : {},
      requests: [typeof pathFn === 'string' ? { method: 'GET', path: pathFn } : { method: 'GET', setupRequest: (req) => ({ ...req, path: pathFn() }) }],
    }, (err, result) => {
      setCurrentRun(undefined);
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(result);
    });
    setCurrentRun(instance);
    if (onResponse) instance.on('response', (_client, status, _bytes, ms) => onResponse(status, ms));
  });
}

/** Sent on every request: the API needs a credential on every route the benchmark measures. */
let authorization = '';
export function setAuthorization(value: string): void {
  authorization = value;
}

export async function runAutocannon(base: string, s: Scenario, o: Options): Promise<Measured> {
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
export async function runPaced(port: number, s: Scenario, o: Options): Promise<Measured> {
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
        const req = http.request({ host: '127.0.0.1', port, path: typeof s.path === 'string' ? s.path : s.path(), agent, timeout: 10_000, headers: authorization ? { authorization } : {} }, (res) => {
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
        if (isInterrupted()) return;
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
