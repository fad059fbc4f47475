import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localContext } from '../../src/shared/context.js';
import type { TestApp } from '../helpers/app.js';
import { runMdl, type CliResult } from '../helpers/cli.js';
import { secondMetric, startRemoteTestServer, type RemoteTestServer } from '../helpers/remote.js';
import { sampleMetric } from '../helpers/samples.js';

describe('mdl CLI remote mode (--server, real server on a loopback port)', () => {
  let t: TestApp;
  let url: string;
  let key: string;
  let readOnlyKey: string;
  let dbFile: string;
  let dir: string;
  const seen: CliResult[] = [];

  const remote = async (args: string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string } = {}) => {
    const r = await runMdl(['--server', url, '--api-key', key, ...args], opts);
    seen.push(r);
    return r;
  };
  const local = (args: string[], opts: { stdin?: string } = {}) => runMdl(['--database', dbFile, ...args], opts);
  /** Import reports carry their duration; everything else must match byte for byte. */
  const norm = (r: CliResult) => ({ code: r.code, stdout: r.stdout.replace(/\d+\.\d s/g, 'N s').replace(/"duration_ms": \d+/g, '"duration_ms": N'), stderr: r.stderr });
  const apiError = async (credential: string, url: string) => (await t.raw.inject({ method: 'GET', url, headers: { authorization: `Bearer ${credential}` } })).json().error as { code: string; message: string };

  let server: RemoteTestServer;
  beforeAll(async () => {
    server = await startRemoteTestServer({ dirPrefix: 'mdl-remote-', seed: (app, ctx) => app.services.metrics.create(ctx, secondMetric()).then(() => undefined) });
    ({ t, url, dbFile, dir } = server);
    key = await server.createKey(['metrics:read', 'metrics:write', 'policies:read', 'import', 'export']);
    readOnlyKey = await server.createKey(['metrics:read']);
  });

  afterAll(async () => server?.close());

  it('list, show, stats and policy print exactly what local mode prints', async () => {
    const cases = [
      ['list'], ['list', '--json'], ['list', '--tier', 'Tier-2', '--json'], ['list', '--limit', '1'], ['list', '--all', '--limit', '1', '--json'],
      ['list', '--sort', '-metric_id', '-q', 'second'],
      ['show', 'METRIC-ARR'], ['show', 'METRIC-ARR', '--json'], ['show', 'METRIC-ARR', '--version', '1.0.0'],
      ['stats'], ['stats', '--json'],
      ['policy', 'METRIC-ARR'], ['policy', 'METRIC-ARR', '--json'], ['policy', 'METRIC-ARR', '--data-only'], ['policy', 'METRIC-ARR', '--module'],
    ];
    for (const args of cases) {
      const l = await local(args);
      const r = await remote(args);
      expect(l.code, args.join(' ')).toBe(0);
      expect(r, args.join(' ')).toEqual(l);
    }
    expect(JSON.parse((await remote(['list', '--json'])).stdout).total).toBe(2);
  });

  it('failures read like local mode: one line, issue lines below, exit 1', async () => {
    for (const args of [['show', 'NOPE'], ['delete', 'METRIC-ARR'], ['policy', 'NOPE'], ['list', '--sort', 'bogus']]) {
      const l = await local(args);
      const r = await remote(args);
      expect(l.code, args.join(' ')).toBe(1);
      expect(r, args.join(' ')).toEqual(l);
    }
    const referenced = await remote(['delete', 'METRIC-ARR']);
    expect(referenced.stderr.split('\n').length).toBeGreaterThan(2);
    expect(referenced.stderr).toMatch(/^mdl: .*\n {2}referenced by /);
  });

  it('delete removes the metric on the server', async () => {
    await t.services.metrics.create(localContext(), sampleMetric({ metric_id: 'M-DEL', name: 'Delete me' }));
    const r = await remote(['delete', 'M-DEL']);
    expect(r).toMatchObject({ code: 0, stdout: 'deleted metric M-DEL\n' });
    await expect(t.services.metrics.get(localContext(), 'M-DEL')).rejects.toThrow(/not found/);
  });

  it('import sends the file as JSON or YAML; --dry-run and --continue-on-error match local mode', async () => {
    const yamlFile = join(dir, 'new.yaml');
    writeFileSync(yamlFile, stringify(sampleMetric({ metric_id: 'M-NEW', name: 'New one' })));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ metrics: [sampleMetric({ metric_id: 'M-OK', name: 'Ok' }), sampleMetric({ metric_id: 'M-BAD', business_domain: 'nowhere' })] }));

    for (const args of [['import', yamlFile, '--dry-run'], ['import', yamlFile, '--dry-run', '--json'], ['import', bad, '--dry-run', '--strict'], ['import', bad, '--strict'], ['import', bad, '--json', '--strict'], ['import', bad, '--dry-run'], ['import', bad, '--dry-run', '--map', 'tier:Tier-1=T1']]) {
      const l = await local(args);
      const r = await remote(args);
      expect(norm(r), args.join(' ')).toEqual(norm(l));
    }
    const refused = await remote(['import', bad, '--strict']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^mdl: import refused: 1 invalid record\(s\)[^\n]*\n {2}\S+: /);

    const imported = await remote(['import', yamlFile]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^imported — metric, /);
    expect(imported.stdout).toContain('metrics: 1 created, 0 updated, 0 unchanged, 0 invalid');
    expect((await t.services.metrics.get(localContext(), 'M-NEW')).doc).toMatchObject({ name: 'New one' });

    // Standard input, and the same file again: nothing changes, same report as local mode.
    const again = await remote(['import', '-', '--format', 'yaml'], { stdin: readFileSync(yamlFile, 'utf8') });
    expect(norm(again)).toEqual(norm(await local(['import', yamlFile])));
    expect(again.stdout).toContain('metrics: 0 created, 0 updated, 1 unchanged, 0 invalid');

    const partial = await remote(['import', bad, '--continue-on-error', '--strict']);
    expect(partial.code).toBe(0);
    expect(partial.stdout).toContain('metrics: 1 created, 0 updated, 0 unchanged, 1 invalid');
    expect(partial.stderr).toMatch(/^ {2}\S+: /);
    expect((await t.services.metrics.get(localContext(), 'M-OK')).doc).toMatchObject({ name: 'Ok' });
  });

  it('export streams to a file or standard output, same bytes and summary as local mode', async () => {
    for (const format of ['json', 'yaml']) {
      const lf = join(dir, `local.${format}`);
      const rf = join(dir, `remote.${format}`);
      const l = await local(['export', lf]);
      const r = await remote(['export', rf]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(l.stderr.replace(lf, rf));
      expect(r.stderr).toMatch(/^exported 1 domain\(s\), 1 objective\(s\), \d+ metric\(s\) to /);
      expect(readFileSync(rf, 'utf8')).toBe(readFileSync(lf, 'utf8'));
    }
    const l = await local(['export', '-', '--format', 'yaml']);
    const r = await remote(['export', '-', '--format', 'yaml']);
    expect(r).toEqual(l);
    expect(r.stdout).toMatch(/^catalog_version|domains:/m);
  });

  it('a key without the scope fails with FORBIDDEN, a wrong key with UNAUTHENTICATED (exit 1)', async () => {
    const forbidden = await apiError(readOnlyKey, '/api/v1/export');
    expect(forbidden.code).toBe('FORBIDDEN');
    const r = await runMdl(['--server', url, '--api-key', readOnlyKey, 'export', '-']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `mdl: ${forbidden.message}\n` });
    expect(r.stderr).toContain('"export" permission');
    expect(r.stderr).not.toContain(readOnlyKey);
    // The read-only key can still list.
    expect((await runMdl(['--server', url, '--api-key', readOnlyKey, 'stats', '--json'])).code).toBe(0);

    const wrongKey = 'mdl_this-is-not-a-real-key-0000000000';
    const unauth = await apiError(wrongKey, '/api/v1/metrics');
    expect(unauth.code).toBe('UNAUTHENTICATED');
    const w = await runMdl(['--server', url, '--api-key', wrongKey, 'list']);
    expect(w).toEqual({ code: 1, stdout: '', stderr: `mdl: ${unauth.message}\n` });
    expect(w.stderr).not.toContain(wrongKey);
  });

  it('takes the server and key from MDL_SERVER / MDL_API_KEY or --api-key-file', async () => {
    const expected = await local(['stats', '--json']);
    const env = await runMdl(['stats', '--json'], { env: { MDL_SERVER: `${url}/`, MDL_API_KEY: key } });
    expect(env).toEqual(expected);
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, `${key}\n`);
    const fromFile = await runMdl(['--server', url, '--api-key-file', keyFile, 'stats', '--json']);
    expect(fromFile).toEqual(expected);
    seen.push(env, fromFile);
  });

  it('refuses usage problems with exit 2: plain http to another host, no key, host-only commands', async () => {
    const http = await runMdl(['--server', 'http://mdl.example.com', '--api-key', key, 'list']);
    expect(http.code).toBe(2);
    expect(http.stderr).toMatch(/^mdl: refusing to send an API key over plain http:\/\/ to mdl\.example\.com/);
    seen.push(http);

    const noKey = await runMdl(['--server', url, 'list']);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('needs an API key');

    for (const args of [['db', 'migrate'], ['serve'], ['keys', 'list'], ['keys', 'rotate'], ['admin', 'setup-token']]) {
      const r = await remote(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(new RegExp(`^mdl: "${args[0]}" works only on the local database and cannot be used with --server`));
    }
    const viaEnv = await runMdl(['db', 'migrate'], { env: { MDL_SERVER: url, MDL_API_KEY: key } });
    expect(viaEnv.code).toBe(2);
    expect(viaEnv.stderr).toContain('unset MDL_SERVER');
    seen.push(viaEnv);

    const both = await remote(['--database', dbFile, 'list']);
    expect(both.code).toBe(2);
  });

  it('never prints the API key', () => {
    expect(seen.length).toBeGreaterThan(30);
    for (const r of seen) {
      expect(r.stdout).not.toContain(key);
      expect(r.stderr).not.toContain(key);
    }
  });
});
