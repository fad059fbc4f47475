import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMdl, type CliResult } from '../helpers/cli.js';
import { skippedBecause } from '../helpers/skips.js';

const SECRET = 'mdl_profile_cmd_secret_0123456789';
const posix = process.platform !== 'win32';

let home: string;
let env: NodeJS.ProcessEnv;
let cfgDir: string;
let cfg: string;
let keyFile: string;
const seen: CliResult[] = [];

const mdl = async (args: string[], o: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) => {
  const r = await runMdl(args, { stdin: o.stdin, env: { ...env, ...o.env } });
  seen.push(r);
  return r;
};
const config = () => JSON.parse(readFileSync(cfg, 'utf8')) as { default_profile?: string; profiles: Record<string, Record<string, string>> };
const mode = (path: string) => statSync(path).mode & 0o777;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'mdl-profile-cmd-'));
  // The default location: $HOME/.config/mdl/config.json (neither MDL_CONFIG nor XDG_CONFIG_HOME set).
  env = { HOME: home };
  cfgDir = join(home, '.config', 'mdl');
  cfg = join(cfgDir, 'config.json');
  keyFile = join(home, 'prod.key');
  writeFileSync(keyFile, `${SECRET}\n`, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
  for (const r of seen) {
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stderr).not.toContain(SECRET);
  }
  seen.length = 0;
});

describe('mdl profile add / list / use / remove', () => {
  it('adds profiles to a new 0600 file in a new 0700 directory, atomically', async () => {
    const add = await mdl(['profile', 'add', 'prod', '--server', 'https://mdl.example.com', '--api-key-file', keyFile, '--default']);
    expect(add).toEqual({ code: 0, stdout: `added profile prod (https://mdl.example.com) to ${cfg}; it is the default now\n`, stderr: '' });
    const dev = await mdl(['profile', 'add', 'dev', '--server', 'http://127.0.0.1:3000', '--api-key-stdin'], { stdin: `${SECRET}-dev\n` });
    expect(dev.code).toBe(0);
    expect(config()).toEqual({
      default_profile: 'prod',
      profiles: { prod: { server: 'https://mdl.example.com', api_key_file: keyFile }, dev: { server: 'http://127.0.0.1:3000', api_key: `${SECRET}-dev` } },
    });
    if (posix) {
      expect(mode(cfg)).toBe(0o600);
      expect(mode(cfgDir)).toBe(0o700);
    }
    // Only the config file is left: the temporary file was renamed over it.
    expect(readdirSync(cfgDir)).toEqual(['config.json']);
  });

  it('lists names, servers, where keys are kept and the default, never a key', async () => {
    expect((await mdl(['profile', 'list'])).stdout).toBe(`no profiles in ${cfg} (add one with \`mdl profile add\`)\n`);
    await mdl(['profile', 'add', 'prod', '--server', 'https://mdl.example.com', '--api-key-file', keyFile, '--default']);
    await mdl(['profile', 'add', 'dev', '--server', 'http://localhost:3000', '--api-key-stdin'], { stdin: SECRET });
    const list = await mdl(['profile', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^PROFILE +SERVER +KEY +DEFAULT$/);
    expect(list.stdout).toMatch(/^prod +https:\/\/mdl\.example\.com +file .*prod\.key +\*$/m);
    expect(list.stdout).toMatch(/^dev +http:\/\/localhost:3000 +inline$/m);
    const json = JSON.parse((await mdl(['profile', 'list', '--json'])).stdout);
    expect(json).toEqual({
      config_file: cfg, default_profile: 'prod',
      profiles: [
        { name: 'prod', server: 'https://mdl.example.com', api_key_file: keyFile, inline_key: false, default: true },
        { name: 'dev', server: 'http://localhost:3000', api_key_file: null, inline_key: true, default: false },
      ],
    });
  });

  it('use sets or clears the default; remove deletes a profile (and the default with it)', async () => {
    await mdl(['profile', 'add', 'a', '--server', 'https://a.example.com', '--api-key-file', keyFile]);
    await mdl(['profile', 'add', 'b', '--server', 'https://b.example.com', '--api-key-file', keyFile]);
    expect(config().default_profile).toBeUndefined();
    expect(await mdl(['profile', 'use', 'b'])).toEqual({ code: 0, stdout: 'default profile: b\n', stderr: '' });
    expect(config().default_profile).toBe('b');
    expect((await mdl(['profile', 'use', '--none'])).code).toBe(0);
    expect(config().default_profile).toBeUndefined();
    await mdl(['profile', 'use', 'a']);
    expect(await mdl(['profile', 'remove', 'a'])).toEqual({ code: 0, stdout: 'removed profile a; there is no default profile now\n', stderr: '' });
    expect(config()).toEqual({ profiles: { b: { server: 'https://b.example.com', api_key_file: keyFile } } });
    expect(existsSync(keyFile)).toBe(true);
    if (posix) expect(mode(cfg)).toBe(0o600);
  });

  it('refuses unknown names, bad names, duplicates (unless --force) and missing key sources', async () => {
    await mdl(['profile', 'add', 'a', '--server', 'https://a.example.com', '--api-key-file', keyFile]);
    const before = readFileSync(cfg, 'utf8');
    const failures: Array<[string[], number, RegExp, string?]> = [
      [['profile', 'use', 'nope'], 1, new RegExp(`^mdl: profile "nope" not found in ${cfg}\n$`)],
      [['profile', 'remove', 'nope'], 1, /^mdl: profile "nope" not found in /],
      [['profile', 'use'], 2, /^mdl: give a profile name or --none\n$/],
      [['profile', 'add', 'bad/name', '--server', 'https://h', '--api-key-file', keyFile], 2, /^mdl: a profile name has 1 to 64 letters/],
      [['profile', 'add', 'x'.repeat(65), '--server', 'https://h', '--api-key-file', keyFile], 2, /^mdl: a profile name has 1 to 64 letters/],
      [['profile', 'add', 'a', '--server', 'https://h', '--api-key-file', keyFile], 1, /^mdl: profile "a" already exists in .*; pass --force to replace it\n$/],
      [['profile', 'add', 'b', '--api-key-file', keyFile], 2, /^mdl: profile add needs --server <url>\n$/],
      [['profile', 'add', 'b', '--server', 'https://h'], 2, /^mdl: profile add needs either --api-key-file <path> or --api-key-stdin\n$/],
      [['profile', 'add', 'b', '--server', 'https://h', '--api-key-file', keyFile, '--api-key-stdin'], 2, /either --api-key-file/, SECRET],
      [['profile', 'add', 'b', '--server', 'https://h', '--api-key', SECRET], 2, /^mdl: profile add does not take --api-key/],
      [['profile', 'add', 'b', '--server', 'https://h', '--api-key-stdin'], 2, /^mdl: no API key on stdin\n$/, ''],
      [['profile', 'add', 'b', '--server', 'https://h', '--api-key-stdin'], 2, /^mdl: the API key contains whitespace/, `${SECRET} x`],
      [['profile', 'add', 'b', '--server', 'http://mdl.example.com', '--api-key-file', keyFile], 2, /^mdl: refusing to send an API key over plain http:\/\/ to mdl\.example\.com/],
      [['profile', 'add', 'b', '--server', 'https://h', '--api-key-file', join(home, 'none')], 2, /^mdl: cannot read --api-key-file .*none \(ENOENT\)\n$/],
    ];
    for (const [args, code, stderr, stdin] of failures) {
      const r = await mdl(args, { stdin });
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr, args.join(' ')).toMatch(stderr);
      expect(r.stdout, args.join(' ')).toBe('');
    }
    expect(readFileSync(cfg, 'utf8')).toBe(before);
    expect((await mdl(['profile', 'add', 'a', '--server', 'https://new.example.com', '--api-key-file', keyFile, '--force'])).code).toBe(0);
    expect(config().profiles.a).toEqual({ server: 'https://new.example.com', api_key_file: keyFile });
  });

  it.runIf(posix)(`refuses a key file other users can read, and tightens a readable config file it rewrites${skippedBecause(!posix, 'POSIX modes only')}`, async () => {
    chmodSync(keyFile, 0o644);
    const r = await mdl(['profile', 'add', 'a', '--server', 'https://h', '--api-key-file', keyFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`mdl: refusing to read the API key (--api-key-file) from ${keyFile}: it is accessible by other users (mode 0644); run chmod 600 ${keyFile}\n`);
    chmodSync(keyFile, 0o600);

    await mdl(['profile', 'add', 'dev', '--server', 'http://127.0.0.1:1', '--api-key-stdin'], { stdin: SECRET });
    chmodSync(cfg, 0o644);
    const list = await mdl(['profile', 'list']);
    expect(list.code).toBe(0);
    expect(list.stderr).toBe(`warning: ${cfg} holds inline API keys and is accessible by other users; run chmod 600 ${cfg} (those profiles are refused until then)\n`);
    await mdl(['profile', 'use', 'dev']);
    expect(mode(cfg)).toBe(0o600);
  });

  it('follows MDL_CONFIG and XDG_CONFIG_HOME, writes through a symlink, and reports a malformed file without touching it', async () => {
    const xdg = join(home, 'xdg');
    expect((await mdl(['profile', 'add', 'x', '--server', 'https://h', '--api-key-file', keyFile], { env: { XDG_CONFIG_HOME: xdg } })).code).toBe(0);
    expect(existsSync(join(xdg, 'mdl', 'config.json'))).toBe(true);

    const real = join(home, 'real.json');
    writeFileSync(real, '{"profiles": {}}');
    const link = join(home, 'link.json');
    symlinkSync(real, link);
    expect((await mdl(['profile', 'add', 'y', '--server', 'https://h', '--api-key-file', keyFile], { env: { MDL_CONFIG: link } })).code).toBe(0);
    expect(JSON.parse(readFileSync(real, 'utf8')).profiles.y).toBeDefined();

    writeFileSync(real, '{"profiles": {"y": ');
    for (const args of [['profile', 'list'], ['profile', 'add', 'z', '--server', 'https://h', '--api-key-file', keyFile], ['profile', 'use', 'y'], ['list']]) {
      const r = await mdl(args, { env: { MDL_CONFIG: link } });
      expect(r, args.join(' ')).toEqual({ code: 2, stdout: '', stderr: `mdl: config file ${link}: not valid JSON (it ends too early)\n` });
    }
    expect(readFileSync(real, 'utf8')).toBe('{"profiles": {"y": ');
  });
});
