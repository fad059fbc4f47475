/** Results of bench:api: percentiles, pass/miss, and the printed tables. */
import type { Options } from './options.js';

export interface Measured {
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

export function summarize(values: number[]): { p50: number; p90: number; p99: number; max: number } {
  const s = Float64Array.from(values).sort();
  return { p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s.length ? s[s.length - 1]! : NaN };
}

export function judge(m: Measured): Measured {
  const clean = m.non2xx === 0 && m.errors === 0 && m.achievedRate >= 0.95 * m.targetRate;
  return { ...m, pass: clean && m.p99 < m.p99TargetMs };
}

// ---------------------------------------------------------------------------------------------------------
// Output

export const fmtMs = (v: number) => (Number.isNaN(v) ? 'n/a' : Number.isInteger(v) || v >= 10 ? v.toFixed(0) : v.toFixed(1));

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

/** Prints the result tables, the server's peak RSS, the CPU warning and (with --json) the JSON line. */
export function printResults(results: Measured[], o: Options, rss: string | null, cpus: { model: string }[]): void {
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
