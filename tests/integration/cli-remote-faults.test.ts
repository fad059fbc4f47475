import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { runMdl } from '../helpers/cli.js';
import { startStandInServer, type Handler, type StandInServer } from '../helpers/stand-in-server.js';


const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
};

async function tarGz(entries: Array<{ name: string; body?: string; type?: 'file' | 'symlink' | 'directory'; linkname?: string }>): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    if ((e.type ?? 'file') === 'file') pack.entry({ name: e.name, type: 'file' }, e.body ?? '');
    else pack.entry({ name: e.name, type: e.type, linkname: e.linkname }, () => undefined);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

/**
 * Server failures the real server seldom produces on demand (429, 5xx, a non-JSON gateway page, an
 * answer that breaks off, a hostile bundle), from a stand-in server speaking the same API.
 */
describe('mdl audit and mdl policies: server faults in remote mode', () => {
  let server: StandInServer;
  let url: string;
  let dir: string;
  let handler: Handler = (_req, res) => json(res, 404, { error: { code: 'NOT_FOUND', message: 'route not found' } });
  const remote = (args: string[]) => runMdl(['--server', url, '--api-key', 'mdl_fake-key-000000000000', ...args]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mdl-remote-faults-'));
    server = await startStandInServer((req, res) => handler(req, res));
    url = server.url;
  });

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('429, 5xx and 404 answers print one line and exit 1, for every command', async () => {
    const answers: Array<[number, unknown, string]> = [
      [429, { error: { code: 'RATE_LIMITED', message: 'too many requests; try again in 7 s', details: { retryAfterSeconds: 7 } } }, 'too many requests; try again in 7 s'],
      [500, { error: { code: 'INTERNAL', message: 'internal error' }, requestId: 'req-42' }, 'internal error (request id req-42)'],
      [503, { error: { code: 'UNAVAILABLE', message: 'the database is unavailable' } }, 'the database is unavailable'],
      [404, { error: { code: 'NOT_FOUND', message: 'route GET /api/v1/audit/verify not found' } }, 'route GET /api/v1/audit/verify not found'],
    ];
    for (const [status, body, message] of answers) {
      handler = (_req, res) => json(res, status, body);
      for (const args of [['audit', 'verify'], ['audit', 'export'], ['audit', 'export', '--format', 'csv'], ['policies', '-o', join(dir, 'x')]]) {
        expect(await remote(args), `${status} ${args.join(' ')}`).toEqual({ code: 1, stdout: '', stderr: `mdl: ${message}\n` });
      }
    }
    handler = (_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>');
    expect(await remote(['audit', 'export'])).toEqual({ code: 1, stdout: '', stderr: `mdl: ${url} answered HTTP 502 Bad Gateway\n` });
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('a broken chain reads like local mode: the first broken event, exit 1', async () => {
    handler = (req, res) => {
      if (req.url === '/api/v1/me') return json(res, 200, { workspace_id: 'default', scopes: ['admin', 'self'] });
      return json(res, 200, { ok: false, count: 3, firstBroken: { id: 4, reason: 'hash mismatch' } });
    };
    expect(await remote(['audit', 'verify'])).toEqual({
      code: 1, stdout: '', stderr: 'mdl: audit chain of workspace "default" is broken at event 4 (hash mismatch); 3 event(s) before it verified\n',
    });
  });

  it('audit export is streamed: lines reach stdout before the server has finished', async () => {
    let finish!: () => void;
    const released = new Promise<void>((resolve) => { finish = resolve; });
    const seenQuery: string[] = [];
    handler = (req, res) => {
      seenQuery.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8' });
      res.write('{"id":1}\n');
      void released.then(() => res.end('{"id":2}\n'));
    };
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    const firstLine = new Promise<void>((resolve) => stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (out.includes('\n')) resolve();
    }));
    const run = runCli(['--server', url, '--api-key', 'mdl_fake-key-000000000000', 'audit', 'export', '--entity-type', 'metric', '--from', '2020-01-01'], {
      stdout, stderr, stdin: Readable.from([]), env: { MDL_LOG_LEVEL: 'silent' }, isTTY: false,
    });
    await firstLine;
    expect(out).toBe('{"id":1}\n');
    finish();
    expect(await run).toBe(0);
    expect(out).toBe('{"id":1}\n{"id":2}\n');
    expect(seenQuery).toEqual(['/api/v1/audit/export?format=jsonl&entity_type=metric&from=2020-01-01']);
  });

  it('an export that breaks off mid-answer fails with one line, after what did arrive', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
      res.write('id,occurred_at\r\n1,2026');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const r = await remote(['audit', 'export', '--format', 'csv']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('id,occurred_at\r\n1,2026');
    expect(r.stderr).toMatch(new RegExp(`^mdl: the answer from ${url.replace(/\./g, '\\.')} broke off before its end \\([^)]+\\); the output is incomplete\\n$`));
  });

  it('refuses a bundle that would write outside the directory, or is not a bundle, and writes nothing', async () => {
    const manifest = { name: '.manifest', body: '{"revision":"abc","roots":["mdl"]}' };
    const bad: Array<[string, Buffer]> = [
      ['entry "../evil.rego" has an unsafe path', await tarGz([manifest, { name: '../evil.rego', body: 'x' }])],
      ['entry "/etc/evil" has an unsafe path', await tarGz([manifest, { name: '/etc/evil', body: 'x' }])],
      ['entry "mdl/link" is a symlink, not a file', await tarGz([manifest, { name: 'mdl/link', type: 'symlink', linkname: '/etc/passwd' }])],
      ['it has no .manifest with a revision', await tarGz([{ name: 'data.json', body: '{}' }])],
      ['its .manifest is not JSON', await tarGz([{ name: '.manifest', body: 'nope' }])],
    ];
    for (const [why, body] of bad) {
      handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/gzip' }).end(body);
      const target = join(dir, 'bundle');
      expect(await remote(['policies', '-o', target]), why).toEqual({ code: 1, stdout: '', stderr: `mdl: the policy bundle from ${url} is not usable: ${why}\n` });
      expect(existsSync(target), why).toBe(false);
    }
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/gzip' }).end('not gzip at all');
    const r = await remote(['policies', '-o', join(dir, 'bundle')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^mdl: the policy bundle from \S+ is not usable: [^\n]+\n$/);

    // A well-formed one (with a directory entry) is written.
    const ok = await tarGz([manifest, { name: 'mdl/', type: 'directory' }, { name: 'mdl/policy/metrics.rego', body: 'package mdl.policy.metrics\n' }]);
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/gzip' }).end(ok);
    const target = join(dir, 'good');
    expect(await remote(['policies', '-o', target])).toEqual({
      code: 0, stderr: '', stdout: `wrote ${target}/.manifest\nwrote ${target}/mdl/policy/metrics.rego\nrevision abc\n`,
    });
  });
});
