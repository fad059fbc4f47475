import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMdl, type CliResult } from '../helpers/cli.js';
import { secondMetric, startRemoteTestServer, type RemoteTestServer } from '../helpers/remote.js';
import { skippedBecause } from '../helpers/skips.js';

describe('mdl CLI with a profile from the config file (real server on a loopback port)', () => {
  let url: string;
  let key: string;
  let dbFile: string;
  let dir: string;
  let cfg: string;
  const seen: CliResult[] = [];

  const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const r = await runMdl(args, { env: { MDL_CONFIG: cfg, ...env } });
    seen.push(r);
    return r;
  };
  /** The flag form, with no config file in reach. */
  const flags = (args: string[]) => runMdl(['--server', url, '--api-key', key, ...args]);
  const wrongKey = 'mdl_profile-wrong-key-00000000000000';

  let server: RemoteTestServer;
  beforeAll(async () => {
    server = await startRemoteTestServer({ dirPrefix: 'mdl-profile-it-', seed: (app, ctx) => app.services.metrics.create(ctx, secondMetric()).then(() => undefined) });
    ({ url, dbFile, dir } = server);
    cfg = join(dir, 'mdl', 'config.json');
    key = await server.createKey(['metrics:read', 'metrics:write', 'policies:read', 'import', 'export']);

    const keyFile = join(dir, 'prod.key');
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    const wrongFile = join(dir, 'wrong.key');
    writeFileSync(wrongFile, wrongKey, { mode: 0o600 });
    chmodSync(wrongFile, 0o600);
    expect((await run(['profile', 'add', 'prod', '--server', url, '--api-key-file', keyFile, '--default'])).code).toBe(0);
    expect((await runMdl(['profile', 'add', 'inline', '--server', `${url}/`, '--api-key-stdin'], { env: { MDL_CONFIG: cfg }, stdin: `${key}\n` })).code).toBe(0);
    expect((await run(['profile', 'add', 'wrong', '--server', url, '--api-key-file', wrongFile])).code).toBe(0);
  });

  afterAll(async () => server?.close());

  it('the default profile, --profile and MDL_PROFILE print exactly what the flag form prints', async () => {
    const cases = [['list'], ['list', '--json'], ['list', '--tier', 'Tier-2'], ['show', 'METRIC-ARR', '--json'], ['stats'], ['policy', 'METRIC-ARR'], ['export', '-', '--format', 'yaml']];
    for (const args of cases) {
      const expected = await flags(args);
      expect(expected.code, args.join(' ')).toBe(0);
      expect(await run(args), args.join(' ')).toEqual(expected);
      expect(await run(['--profile', 'inline', ...args]), args.join(' ')).toEqual(expected);
      expect(await run(args, { MDL_PROFILE: 'inline' }), args.join(' ')).toEqual(expected);
    }
    // Failures too: one line, exit 1.
    const missing = await flags(['show', 'NOPE']);
    expect(missing.code).toBe(1);
    expect(await run(['show', 'NOPE'])).toEqual(missing);
  });

  it('precedence: flags > environment > profile > local mode', async () => {
    const expected = await flags(['stats', '--json']);
    const unauth = await run(['--profile', 'wrong', 'stats', '--json']);
    expect(unauth).toMatchObject({ code: 1, stdout: '' });
    expect(unauth.stderr).toMatch(/^mdl: [^\n]+\n$/);
    // Flags beat the selected profile and MDL_PROFILE.
    expect(await run(['--server', url, '--api-key', key, 'stats', '--json'], { MDL_PROFILE: 'wrong' })).toEqual(expected);
    expect(await run(['--profile', 'prod', 'stats', '--json'], { MDL_PROFILE: 'wrong' })).toEqual(expected);
    // A key flag beats the profile's key.
    expect(await run(['--profile', 'wrong', '--api-key', key, 'stats', '--json'])).toEqual(expected);
    // The environment beats the default profile.
    await run(['profile', 'use', 'wrong']);
    expect(await run(['stats', '--json'], { MDL_SERVER: url, MDL_API_KEY: key })).toEqual(expected);
    expect(await run(['stats', '--json'], { MDL_PROFILE: 'prod' })).toEqual(expected);
    expect(await run(['stats', '--json'])).toEqual(unauth);
    await run(['profile', 'use', 'prod']);
    expect(await run(['stats', '--json'])).toEqual(expected);
    // --database means local mode, and local mode prints the same.
    expect(await run(['--database', dbFile, 'stats', '--json'])).toEqual(expected);
  });

  it('a named profile that does not exist fails with one line (exit 2), never falls back to local mode', async () => {
    expect(await run(['--profile', 'nope', 'list'])).toEqual({ code: 2, stdout: '', stderr: `mdl: profile "nope" (--profile) not found in ${cfg}\n` });
    expect(await run(['list'], { MDL_PROFILE: 'nope' })).toEqual({ code: 2, stdout: '', stderr: `mdl: profile "nope" (MDL_PROFILE) not found in ${cfg}\n` });
    const noFile = await run(['--profile', 'prod', 'list'], { MDL_CONFIG: join(dir, 'absent.json') });
    expect(noFile).toEqual({ code: 2, stdout: '', stderr: `mdl: profile "prod" (--profile) not found: ${join(dir, 'absent.json')} does not exist\n` });
  });

  it('local-only commands ignore the default profile but refuse an explicit one', async () => {
    const local = await run(['db', 'status'], { MDL_DATABASE_URL: dbFile });
    expect(local.code).toBe(0);
    expect(local.stdout).toMatch(/^applied /);
    const explicit = await run(['--profile', 'prod', 'db', 'status'], { MDL_DATABASE_URL: dbFile });
    expect(explicit).toEqual({ code: 2, stdout: '', stderr: 'mdl: "db" works only on the local database and cannot be used with --profile\n' });
    const viaEnv = await run(['keys', 'list'], { MDL_PROFILE: 'prod', MDL_DATABASE_URL: dbFile });
    expect(viaEnv.code).toBe(2);
    expect(viaEnv.stderr).toContain('(unset MDL_PROFILE to run it locally)');
  });

  it.runIf(process.platform !== 'win32')(`refuses an inline key in a config file other users can read, naming the file${skippedBecause(process.platform === 'win32', 'POSIX modes only')}`, async () => {
    chmodSync(cfg, 0o644);
    try {
      expect(await run(['--profile', 'inline', 'list'])).toEqual({
        code: 2, stdout: '',
        stderr: `mdl: refusing to read the inline api_key of profile "inline" from ${cfg}: it is accessible by other users (mode 0644); run chmod 600 ${cfg}\n`,
      });
      // Profiles whose key lives in a private file still work.
      expect((await run(['--profile', 'prod', 'stats'])).code).toBe(0);
    } finally {
      chmodSync(cfg, 0o600);
    }
  });

  it('never prints the API key, and profile list shows where keys are kept', async () => {
    const list = await run(['profile', 'list']);
    expect(list.stdout).toMatch(/^prod +http:\/\/127\.0\.0\.1:\d+ +file .*prod\.key +\*$/m);
    expect(list.stdout).toMatch(/^inline +http:\/\/127\.0\.0\.1:\d+\/ +inline *$/m);
    expect(readFileSync(cfg, 'utf8')).toContain(key); // the inline profile, in a 0600 file
    expect(seen.length).toBeGreaterThan(30);
    for (const r of seen) {
      expect(r.stdout).not.toContain(key);
      expect(r.stderr).not.toContain(key);
      expect(r.stdout + r.stderr).not.toContain(wrongKey);
    }
  });
});
