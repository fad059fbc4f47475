/**
 * Memory and time of dry-run imports through the real server, YAML against JSON (issue 7, finding 2:
 * a 35.8 MB YAML import ended the server with "JavaScript heap out of memory").
 *
 * For each size and format: a fresh server process (`node --import tsx src/server.ts`, SQLite, default
 * limits unless set in the environment) receives one POST /api/v1/import?dry_run=true of a catalog of
 * that size (bench/import-bodies.ts). Measured: wall time of the request, the server's peak RSS
 * (VmHWM of /proc/<pid>/status, so the peak is exact, not sampled) and its RSS once answered, against
 * its RSS when idle before the request.
 *
 *   npx tsx bench/import-yaml-memory.ts                      # 2, 5, 10, 35.8 MB and the largest accepted
 *   npx tsx bench/import-yaml-memory.ts --sizes 2,10 --formats yaml
 *   npx tsx bench/import-yaml-memory.ts --sizes 2 --formats yaml-flow
 *
 * `yaml-flow` is the costliest YAML per character: records of one flow sequence of one-digit numbers
 * each, just under the reader's token limit for one record (bench/import-bodies.ts flowRecords);
 * `json-flow` is the same records as JSON.
 *
 * `max` is the largest body the import limit accepts (MDL_IMPORT_BODY_LIMIT, 50 MiB by default).
 * Sizes are in MB (10^6 bytes), as the issue measured them. MDL_BENCH_SERVER_NODE_OPTIONS is passed to
 * the server as NODE_OPTIONS (a smaller heap shows how much of the RSS is memory in use).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ServerProcess, seedSqlite } from '../tests/helpers/server-process.js';
import { YAML_RECORD_TOKENS } from '../src/modules/io/yaml-reader.js';
import { flowRecords, importBody, type BodyFormat } from './import-bodies.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '2,5,10,35.8,max' }, formats: { type: 'string', default: 'yaml,json' } } });
const limit = Number(process.env.MDL_IMPORT_BODY_LIMIT ?? 50 * 1024 * 1024);
const sizes = values.sizes.split(',').map((s) => (s === 'max' ? limit : Math.round(Number(s) * 1e6)));
type Format = BodyFormat | 'yaml-flow' | 'json-flow';
const formats = values.formats.split(',') as Format[];
const MiB = 1024 * 1024;
/** NODE_OPTIONS for the server only, e.g. --max-old-space-size=256 to see what a run needs with less heap. */
const serverNodeOptions = process.env.MDL_BENCH_SERVER_NODE_OPTIONS;

interface Row { format: Format; bytes: number; metrics: number; status: number; outcome: string; seconds: number; idle: number; peak: number; after: number }

/** POST without a client timeout (fetch gives up after 300 s; the costliest YAML at the limit takes longer). */
function post(url: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; json: Record<string, any> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let json: Record<string, any> = {};
        try { json = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, any>; } catch { /* not JSON: the status says enough */ }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A body of at most `bytes`: flow records are about 120 KB each, just under the token limit. */
function bodyOf(format: Format, bytes: number): { body: Buffer; metrics: number } {
  if (format === 'json' || format === 'yaml') return importBody(format, bytes);
  const as = format === 'json-flow' ? 'json' : 'yaml';
  const one = flowRecords(1, YAML_RECORD_TOKENS - 20_000, as).length;
  const records = Math.max(1, Math.floor((bytes - 100) / one));
  return { body: flowRecords(records, YAML_RECORD_TOKENS - 20_000, as), metrics: records };
}

async function measure(format: Format, bytes: number): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'mdl-bench-yaml-'));
  const { body, metrics } = bodyOf(format, bytes);
  await seedSqlite(dir);
  // Default settings but the import limit when the environment sets it; info logs give the port.
  const server = new ServerProcess(dir, {
    ...(process.env.MDL_IMPORT_BODY_LIMIT ? { MDL_IMPORT_BODY_LIMIT: process.env.MDL_IMPORT_BODY_LIMIT } : {}),
    ...(serverNodeOptions ? { NODE_OPTIONS: serverNodeOptions } : {}),
  });
  try {
    const base = await server.ready();
    const token = await server.login();
    const idle = server.memory('VmRSS') ?? 0;
    const started = performance.now();
    // Sampled too: a process that dies has no VmHWM left to read.
    let sampled = 0;
    const sampler = setInterval(() => { sampled = Math.max(sampled, server.memory('VmRSS') ?? 0); }, 200);
    const res = await post(`${base}/api/v1/import?dry_run=true`, body, {
      authorization: `Bearer ${token}`, 'content-type': format.startsWith('json') ? 'application/json' : 'application/yaml',
    }).catch((e: unknown) => ({ status: 0, json: { error: { code: String(e) } } as Record<string, any> }));
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const peak = server.memory('VmHWM') ?? sampled;
    // A dropped connection is usually the process dying: give it a moment to be gone.
    if (res.status === 0) await new Promise((r) => setTimeout(r, 2_000));
    const outcome = res.status === 200
      ? `${res.json.counts?.metric?.created ?? '?'} would be created, ${res.json.errors_total} invalid`
      : server.alive ? String(res.json.error?.code ?? '') : `the server died (${server.child.signalCode ?? `exit ${server.child.exitCode}`}): ${/FATAL ERROR: [^\n]*/.exec(server.output)?.[0] ?? server.output.split('\n').filter(Boolean).pop()}`;
    return { format, bytes: body.length, metrics, status: res.status, outcome, seconds, idle, peak, after: server.memory('VmRSS') ?? 0 };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const load = [loadavg()[0] ?? 0];
const rows: Row[] = [];
for (const bytes of sizes) {
  for (const format of formats) {
    const row = await measure(format, bytes);
    rows.push(row);
    load.push(loadavg()[0] ?? 0);
    process.stderr.write(`${format} ${(row.bytes / 1e6).toFixed(1)} MB: ${row.status} in ${row.seconds.toFixed(1)} s, peak RSS ${(row.peak / MiB).toFixed(0)} MiB\n`);
  }
}

const mib = (n: number) => (n / MiB).toFixed(0);
console.log(`\nDry-run imports, one fresh server each (MDL_IMPORT_BODY_LIMIT ${(limit / MiB).toFixed(0)} MiB), node ${process.version}, ${serverNodeOptions ? `server NODE_OPTIONS ${serverNodeOptions}, ` : ''}1-minute load average ${Math.min(...load).toFixed(1)} to ${Math.max(...load).toFixed(1)} on ${availableParallelism()} cores\n`);
console.log('| Format | Body | Metrics | Status | Wall time | Peak RSS | Peak − idle | RSS after | MiB per MB | Outcome |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
for (const r of rows) {
  const perMb = (r.peak - r.idle) / MiB / (r.bytes / 1e6);
  console.log(`| ${r.format.toUpperCase()} | ${(r.bytes / 1e6).toFixed(1)} MB | ${r.metrics} | ${r.status} | ${r.seconds.toFixed(1)} s | ${mib(r.peak)} MiB | ${mib(r.peak - r.idle)} MiB | ${mib(r.after)} MiB | ${perMb.toFixed(1)} | ${r.outcome} |`);
}
