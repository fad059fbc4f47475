import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMdl } from '../helpers/cli.js';
import { startStandInServer, type Handler, type StandInServer } from '../helpers/stand-in-server.js';

/**
 * Answers a proxy or a broken server gives with a 2xx status: a JSON answer that breaks off before its
 * end, and an HTML page (a captive portal, a login page) where a catalog or an audit log was asked for.
 */
describe('mdl --server: a 2xx answer that is cut short or of the wrong kind', () => {
  let server: StandInServer;
  let url: string;
  let dir: string;
  let handler: Handler = (_req, res) => res.writeHead(404).end();
  const remote = (args: string[]) => runMdl(['--server', url, '--api-key', 'mdl_fake-key-000000000000', ...args]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mdl-remote-wrong-'));
    server = await startStandInServer((req, res) => handler(req, res));
    url = server.url;
  });

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a JSON answer that breaks off says the answer is incomplete (list, show, stats, audit verify), not "terminated"', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': '200' });
      res.write('{"items":[');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    for (const args of [['list'], ['show', 'M-1'], ['stats'], ['audit', 'verify']]) {
      const r = await remote(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(/^mdl: the answer from http:\/\/127\.0\.0\.1:\d+ broke off before its end \([^)]+\); the output is incomplete\n$/);
    }
  });

  it('an HTML page instead of an export or the audit log fails with one line, exit 1, and writes no file', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>Sign in to the Wi-Fi</body></html>\n');
    const file = join(dir, 'catalog.yaml');
    const cases: Array<[string[], string | undefined]> = [
      [['export', file], file],
      [['export', join(dir, 'catalog.json')], join(dir, 'catalog.json')],
      [['export', '-', '--format', 'yaml'], undefined],
      [['audit', 'export'], undefined],
    ];
    for (const [args, written] of cases) {
      const r = await remote(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(/^mdl: http:\/\/127\.0\.0\.1:\d+ answered HTTP 200 with text\/html, not [^\n]+\n$/);
      if (written) expect(existsSync(written), args.join(' ')).toBe(false);
    }
  });

  it('still accepts the content types the server sends (with parameters, any case)', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'Application/YAML; charset=utf-8' }).end('domains: []\nobjectives: []\nmetrics: []\n');
    const file = join(dir, 'ok.yaml');
    const r = await remote(['export', file]);
    expect(r.stderr).toBe(`exported 0 domain(s), 0 objective(s), 0 metric(s) to ${file}\n`);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('domains: []\nobjectives: []\nmetrics: []\n');
  });
});
