import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { runMdl, type CliResult } from '../helpers/cli.js';
import { startRemoteTestServer, type RemoteTestServer } from '../helpers/remote.js';
import { sampleMetric } from '../helpers/samples.js';

/** Every file under `dir`, by relative path, with its bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('mdl audit and mdl policies against a remote server (real server on a loopback port)', () => {
  let t: TestApp;
  let url: string;
  let dbFile: string;
  let dir: string;
  /** admin + self + policies:read in workspace "default". */
  let key: string;
  /** admin only: may not read its own identity (GET /me). */
  let adminOnlyKey: string;
  /** No admin, no policies:read. */
  let readerKey: string;
  /** An admin key of workspace "other". */
  let otherKey: string;
  const seen: CliResult[] = [];

  const remote = async (args: string[], credential = key) => {
    const r = await runMdl(['--server', url, '--api-key', credential, ...args]);
    seen.push(r);
    return r;
  };
  const local = (args: string[]) => runMdl(['--database', dbFile, ...args]);
  const apiError = async (credential: string, path: string) =>
    (await t.raw.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${credential}` } })).json().error as { code: string; message: string };

  let server: RemoteTestServer;
  beforeAll(async () => {
    server = await startRemoteTestServer({
      dirPrefix: 'mdl-remote-audit-',
      // More events than one export page (500), so the streamed export spans pages.
      seed: async (app, ctx) => {
        for (let i = 0; i < 520; i++) await app.services.metrics.create(ctx, sampleMetric({ metric_id: `M-${String(i).padStart(3, '0')}`, name: `Metric ${i}`, tags: ['=cmd', 'a,b'] }));
      },
    });
    ({ t, url, dbFile, dir } = server);
    const create = (scopes: string[], as = t.app) => server.createKey(scopes, as);
    key = await create(['admin', 'self', 'policies:read']);
    adminOnlyKey = await create(['admin']);
    readerKey = await create(['metrics:read', 'self']);
    const other = await t.login('other-admin@example.com', 'admin', 'other');
    otherKey = await create(['admin', 'self'], t.as(other.token));
  }, 120_000);

  afterAll(async () => server?.close());

  it('audit verify prints exactly what local mode prints, for the key\'s workspace', async () => {
    for (const args of [['audit', 'verify'], ['audit', 'verify', '--workspace', 'default']]) {
      const l = await local(args);
      expect(l.code, args.join(' ')).toBe(0);
      expect(l.stdout).toMatch(/^audit chain of workspace "default" is intact: \d+ event\(s\) verified\n$/);
      expect(await remote(args), args.join(' ')).toEqual(l);
    }
    // A key of another workspace verifies that workspace, as local --workspace other does.
    const l = await local(['audit', 'verify', '--workspace', 'other']);
    expect(l.stdout).toContain('workspace "other" is intact');
    expect(await remote(['audit', 'verify'], otherKey)).toEqual(l);
  });

  it('audit export streams the same bytes as local mode: jsonl and csv, with filters, across pages', async () => {
    const all = (await local(['audit', 'export'])).stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { occurred_at: string });
    expect(all.length).toBeGreaterThan(520);
    const from = all[10]!.occurred_at;
    const to = all[300]!.occurred_at;
    const cases = [
      ['audit', 'export'], ['audit', 'export', '--format', 'csv'], ['audit', 'export', '--workspace', 'default'],
      ['audit', 'export', '--action', 'metric.create', '--format', 'csv'], ['audit', 'export', '--entity-type', 'domain'],
      ['audit', 'export', '--entity-id', 'M-007'], ['audit', 'export', '--actor', 'local-cli', '--format', 'csv'],
      ['audit', 'export', '--from', from, '--to', to], ['audit', 'export', '--from', from, '--to', to, '--format', 'csv'],
      ['audit', 'export', '--action', 'no.such.action'], ['audit', 'export', '--action', 'no.such.action', '--format', 'csv'],
    ];
    for (const args of cases) {
      const l = await local(args);
      expect(l.code, args.join(' ')).toBe(0);
      const r = await remote(args);
      expect(r, args.join(' ')).toEqual(l);
    }
    const csv = (await remote(['audit', 'export', '--format', 'csv'])).stdout;
    expect(csv.split('\r\n').length).toBe(all.length + 2);
    expect(csv).toContain(`"{""metric_id"":""M-000""`);
    const ranged = (await remote(['audit', 'export', '--from', from, '--to', to])).stdout.trimEnd().split('\n');
    expect(ranged.length).toBeGreaterThan(100);
    expect((await remote(['audit', 'export', '--action', 'no.such.action', '--format', 'csv'])).stdout).toBe('id,occurred_at,actor,action,entity_type,entity_id,request_id,ip,outcome,before,after,prev_hash,hash\r\n');
    // The other workspace's key sees only its own chain.
    expect(await remote(['audit', 'export'], otherKey)).toEqual(await local(['audit', 'export', '--workspace', 'other']));
  });

  it('audit failures read like local mode: invalid dates, invalid format', async () => {
    for (const args of [['audit', 'export', '--from', 'yesterday'], ['audit', 'export', '--to', 'nope', '--format', 'csv'], ['audit', 'export', '--format', 'xml']]) {
      const l = await local(args);
      expect(l.code, args.join(' ')).not.toBe(0);
      expect(await remote(args), args.join(' ')).toEqual(l);
    }
  });

  it('policies writes the same files and prints the same lines as local mode', async () => {
    const ld = join(dir, 'bundle-local');
    const rd = join(dir, 'nested', 'bundle-remote');
    const l = await local(['policies', '-o', ld]);
    const r = await remote(['policies', '-o', rd]);
    expect(l.code).toBe(0);
    expect(r).toEqual({ ...l, stdout: l.stdout.replaceAll(ld, rd) });
    expect(r.stdout).toMatch(/^wrote .*\/\.manifest\nwrote .*\/data\.json\nwrote .*\/mdl\/policy\/metrics\.rego\nrevision [0-9a-f]{64}\n$/);
    expect(tree(rd)).toEqual(tree(ld));
    expect(Object.keys(tree(rd)).sort()).toEqual(['.manifest', 'data.json', 'mdl/policy/metrics.rego']);
    // Again into the same directory: overwritten, same answer.
    expect(await remote(['policies', '-o', rd])).toEqual(r);
  });

  it('--workspace naming another workspace is a one-line usage error (exit 2), never ignored', async () => {
    for (const ws of ['other', '_system']) {
      for (const sub of [['verify'], ['export'], ['export', '--format', 'csv']]) {
        const r = await remote(['audit', ...sub, '--workspace', ws]);
        expect(r).toEqual({
          code: 2, stdout: '',
          stderr: `mdl: --workspace "${ws}" is not the API key's workspace ("default"); remote mode acts on the key's workspace only (omit --workspace, or use a key of that workspace)\n`,
        });
      }
    }
    const ofOther = await remote(['audit', 'verify', '--workspace', 'default'], otherKey);
    expect(ofOther.code).toBe(2);
    expect(ofOther.stderr).toContain('("other")');
  });

  it('a key without the "self" scope still works, but cannot have its --workspace checked', async () => {
    const l = await local(['audit', 'export', '--format', 'csv']);
    expect(await remote(['audit', 'export', '--format', 'csv'], adminOnlyKey)).toEqual(l);
    const lv = await local(['audit', 'verify']);
    const rv = await remote(['audit', 'verify'], adminOnlyKey);
    expect(rv).toEqual({ ...lv, stdout: lv.stdout.replace('workspace "default"', "the API key's workspace") });
    const refused = await remote(['audit', 'verify', '--workspace', 'default'], adminOnlyKey);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^mdl: --workspace cannot be checked: the API key lacks the "self" scope[^\n]*\n$/);
  });

  it('a key without the admin scope gets one clean 403 line for audit (exit 1), and policies without policies:read', async () => {
    const forbidden = await apiError(readerKey, '/api/v1/audit/verify');
    expect(forbidden.code).toBe('FORBIDDEN');
    expect(forbidden.message).toContain('"admin" permission');
    for (const args of [['audit', 'verify'], ['audit', 'export'], ['audit', 'export', '--format', 'csv', '--action', 'metric.create'], ['audit', 'verify', '--workspace', 'default']]) {
      expect(await remote(args, readerKey), args.join(' ')).toEqual({ code: 1, stdout: '', stderr: `mdl: ${forbidden.message}\n` });
    }
    const noPolicies = await apiError(readerKey, '/api/v1/policies/bundle.tar.gz');
    const target = join(dir, 'never');
    expect(await remote(['policies', '-o', target], readerKey)).toEqual({ code: 1, stdout: '', stderr: `mdl: ${noPolicies.message}\n` });
    expect(existsSync(target)).toBe(false);

    const wrongKey = 'mdl_this-is-not-a-real-key-0000000000';
    const unauth = await apiError(wrongKey, '/api/v1/audit/verify');
    expect(unauth.code).toBe('UNAUTHENTICATED');
    for (const args of [['audit', 'verify'], ['audit', 'export'], ['policies', '-o', target]]) {
      expect(await remote(args, wrongKey), args.join(' ')).toEqual({ code: 1, stdout: '', stderr: `mdl: ${unauth.message}\n` });
    }
  });

  it('audit and policies follow the default profile like the catalog commands; --database keeps them local', async () => {
    const cfg = join(dir, 'mdl', 'config.json');
    const keyFile = join(dir, 'admin.key');
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    const env = { MDL_CONFIG: cfg, MDL_DATABASE_URL: join(dir, 'empty.db') };
    expect((await runMdl(['profile', 'add', 'prod', '--server', url, '--api-key-file', keyFile, '--default'], { env })).code).toBe(0);
    const expected = await local(['audit', 'verify']);
    expect(await runMdl(['audit', 'verify'], { env })).toEqual(expected);
    const onEmpty = await runMdl(['--database', join(dir, 'empty.db'), 'audit', 'verify'], { env });
    expect(onEmpty.stdout).not.toBe(expected.stdout);
    expect(onEmpty.stdout).toMatch(/is intact: 0 event\(s\) verified/);
  });

  it('a tampered chain fails the same way in both modes (exit 1, the first broken event)', async () => {
    const victim = await t.tdb.db.selectFrom('audit_events').select('id').where('workspace_id', '=', 'default').where('action', '=', 'metric.create').orderBy('id').executeTakeFirstOrThrow();
    await t.tdb.db.updateTable('audit_events').set({ actor: 'mallory' }).where('id', '=', victim.id).execute();
    const l = await local(['audit', 'verify']);
    expect(l.code).toBe(1);
    expect(l.stderr).toMatch(new RegExp(`^mdl: audit chain of workspace "default" is broken at event ${victim.id} \\(`));
    expect(await remote(['audit', 'verify'])).toEqual(l);
  });

  it('host-only commands still refuse a server, and never print a key', async () => {
    for (const args of [['db', 'status'], ['keys', 'list'], ['admin', 'setup-token'], ['serve']]) {
      const r = await remote(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^mdl: "${args[0]}" works only on the local database and cannot be used with --server`));
    }
    expect(seen.length).toBeGreaterThan(40);
    for (const r of seen) {
      for (const k of [key, adminOnlyKey, readerKey, otherKey]) {
        expect(r.stdout).not.toContain(k);
        expect(r.stderr).not.toContain(k);
      }
    }
  });
});
