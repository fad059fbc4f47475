import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YAML_RECORD_TOKENS } from '../../src/modules/io/yaml-reader.js';
import { flowRecords, importBody, type BodyFormat } from '../../bench/import-bodies.js';
import { ServerProcess, seedSqlite } from '../helpers/server-process.js';

/**
 * No import request takes the process down (issue 7, finding 2: a 35.8 MB YAML dry run, under the
 * 50 MB import limit, ended the server with "JavaScript heap out of memory"). A real server process
 * receives the largest bodies its import limit accepts, and its peak RSS (VmHWM) is read from /proc.
 *
 * - JSON at the default limit (50 MiB): ~25 s on a loaded 2-core machine.
 * - YAML reads at about 1 s per MB here (2 s under load, both passes), so the largest YAML body at the
 *   default limit would take the test past its budget: a second server runs with MDL_IMPORT_BODY_LIMIT
 *   at 6 MiB and gets the largest body that accepts. bench/import-yaml-memory.ts sends the largest
 *   YAML body at the default limit (docs/performance.md, "Import memory").
 * - YAML records that cost the most memory per character, flow sequences of one-digit numbers, just
 *   under the reader's token limit for one record, and one over it (one such record of 2 MB took
 *   1.1 GB and 8 s to read before that limit; a 50 MB file of them would have run for minutes).
 * Each peak is VmHWM after resetting it (clear_refs) before the request; the RSS a request leaves is
 * not given back to the system, so a later peak includes it.
 */

const RSS_BOUND = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;
const LOWERED_LIMIT = 6 * MiB;

const linux = process.platform === 'linux';

interface Sent { status: number; body: Record<string, any>; seconds: number; peak: number; idle: number }

/**
 * POSTs `body`, resolving on the answer even when it comes before the body is sent. The server answers
 * 413 on the Content-Length alone and closes the connection; a client still writing then gets EPIPE or
 * a reset that loses the answer (fetch failed so). With `headersFirst`, the headers go alone and the
 * body follows only if no answer came within that many milliseconds.
 */
function post(url: string, headers: Record<string, string>, body: Buffer, headersFirst = 0): Promise<{ status: number; body: Record<string, any> }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) }, timeout: 110_000 }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        req.destroy();
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, any> });
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on('error', (e) => { if (!answered) reject(e); });
    req.on('timeout', () => req.destroy(new Error('no answer within 110 s')));
    req.flushHeaders();
    setTimeout(() => { if (!answered && !req.destroyed) req.end(body); }, headersFirst);
  });
}

/** A dry-run import; `peak` is the server's peak RSS during it (VmHWM, reset first), `idle` its RSS before. */
async function send(server: ServerProcess, token: string, body: Buffer, format: BodyFormat, headersFirst = 0): Promise<Sent> {
  server.resetPeak();
  const idle = server.memory('VmRSS') ?? 0;
  const started = performance.now();
  const r = await post(`${server.base}/api/v1/import?dry_run=true`, { authorization: `Bearer ${token}`, 'content-type': format === 'yaml' ? 'application/yaml' : 'application/json' }, body, headersFirst);
  return { ...r, seconds: (performance.now() - started) / 1000, peak: server.memory('VmHWM') ?? 0, idle };
}

function note(what: string, bytes: number, s: Sent): void {
  const perMb = (s.peak - s.idle) / MiB / (bytes / 1e6);
  process.stdout.write(`${what}: ${(bytes / 1e6).toFixed(1)} MB answered ${s.status} in ${s.seconds.toFixed(1)} s; peak RSS ${(s.peak / MiB).toFixed(0)} MiB (idle ${(s.idle / MiB).toFixed(0)} MiB, ${perMb.toFixed(1)} MiB per MB above it)\n`);
}

describe.skipIf(!linux)(`a server process sent the largest import bodies it accepts${linux ? '' : ' (SKIPPED: reads /proc)'}`, () => {
  let dirs: string[] = [];
  let standard: ServerProcess;
  let lowered: ServerProcess;
  let tokens: { standard: string; lowered: string };

  beforeAll(async () => {
    dirs = [mkdtempSync(join(tmpdir(), 'mdl-import-limit-')), mkdtempSync(join(tmpdir(), 'mdl-import-limit-'))];
    await Promise.all(dirs.map((d) => seedSqlite(d)));
    standard = new ServerProcess(dirs[0]!);
    lowered = new ServerProcess(dirs[1]!, { MDL_IMPORT_BODY_LIMIT: String(LOWERED_LIMIT) });
    await Promise.all([standard.ready(), lowered.ready()]);
    tokens = { standard: await standard.login(), lowered: await lowered.login() };
  });

  afterAll(async () => {
    await Promise.all([standard?.stop(), lowered?.stop()]);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('JSON at the default limit: a dry run of just under 50 MiB answers 200, the server lives, peak RSS under 1 GiB', async () => {
    const { body, metrics } = importBody('json', 50 * MiB);
    expect(body.length).toBeGreaterThan(50 * MiB - 8192);
    const sent = await send(standard, tokens.standard, body, 'json');
    note('JSON, default limit', body.length, sent);
    expect(sent.status, JSON.stringify(sent.body).slice(0, 500)).toBe(200);
    expect(sent.body).toMatchObject({ dry_run: true, committed: false, errors_total: 0, counts: { metric: { created: metrics, invalid: 0 } } });
    expect(standard.alive, standard.output).toBe(true);
    expect((await fetch(`${standard.base}/health/live`)).status).toBe(200);
    expect(sent.peak).toBeGreaterThan(0);
    expect(sent.peak).toBeLessThan(RSS_BOUND);
  });

  it(`YAML at a ${LOWERED_LIMIT / MiB} MiB limit: the largest accepted body answers 200 and one byte more 413; the server lives, peak RSS under 1 GiB`, async () => {
    const { body, metrics } = importBody('yaml', LOWERED_LIMIT);
    expect(body.length).toBeGreaterThan(LOWERED_LIMIT - 8192);
    const sent = await send(lowered, tokens.lowered, body, 'yaml');
    note(`YAML, ${LOWERED_LIMIT / MiB} MiB limit`, body.length, sent);
    expect(sent.status, JSON.stringify(sent.body).slice(0, 500)).toBe(200);
    expect(sent.body).toMatchObject({ errors_total: 0, counts: { metric: { created: metrics, invalid: 0 } } });
    expect(sent.peak).toBeLessThan(RSS_BOUND);

    const tooBig = Buffer.concat([body.subarray(0, -1), Buffer.from(' '.repeat(LOWERED_LIMIT - body.length + 2))]);
    expect(tooBig.length).toBe(LOWERED_LIMIT + 1);
    // Refused on its Content-Length before the body is read: the headers alone get the answer.
    const refused = await send(lowered, tokens.lowered, tooBig, 'yaml', 3_000);
    expect(refused.status).toBe(413);
    expect(refused.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(lowered.alive, lowered.output).toBe(true);
    expect((await fetch(`${lowered.base}/health/live`)).status).toBe(200);
  });

  it('YAML of the costliest records: four just under the token limit are read (200); one of 2 MB, 15 times over it, is 413 at once; the server lives, peak RSS under 1 GiB', async () => {
    const under = flowRecords(4, YAML_RECORD_TOKENS - 40_000);
    const sent = await send(lowered, tokens.lowered, under, 'yaml');
    note('YAML flow records under the token limit', under.length, sent);
    expect(sent.status, JSON.stringify(sent.body).slice(0, 500)).toBe(200);
    expect(sent.body).toMatchObject({ errors_total: 0, counts: { metric: { created: 4 } } });

    // Under the 4 MiB character limit for a record; read whole, it took 1.1 GB.
    const over = flowRecords(1, 3_000_000);
    const refused = await send(lowered, tokens.lowered, over, 'yaml');
    expect(refused.status).toBe(413);
    expect(refused.body.error).toMatchObject({ code: 'YAML_RECORD_TOO_LARGE', message: expect.stringMatching(/^metrics\[0\] \(from line 5\) holds more than 200,000 YAML tokens/) });
    expect(lowered.alive, lowered.output).toBe(true);
    expect((await fetch(`${lowered.base}/health/live`)).status).toBe(200);
    expect(Math.max(sent.peak, refused.peak)).toBeLessThan(RSS_BOUND);
  });
});
