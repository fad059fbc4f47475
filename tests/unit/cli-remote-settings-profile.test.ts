import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { configPath } from '../../src/cli/remote/config-file.js';
import { resolveRemote } from '../../src/cli/remote/settings.js';
import type { GlobalOptions } from '../../src/cli/runtime.js';
import { skippedBecause } from '../helpers/skips.js';

const SECRET = 'mdl_secret_profile_key_0123456789';
const posix = process.platform !== 'win32';
const io = (env: NodeJS.ProcessEnv = {}): CliIo => ({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: Readable.from([]), env, isTTY: false });

let dir: string;
let cfg: string;
let env: NodeJS.ProcessEnv;

/** Writes a file with exactly `mode` (whatever the umask). */
const put = (path: string, text: string, mode = 0o600) => {
  writeFileSync(path, text, { mode });
  chmodSync(path, mode);
};
const writeConfig = (config: unknown, mode = 0o600) => put(cfg, typeof config === 'string' ? config : JSON.stringify(config), mode);
const resolve = (opts: GlobalOptions = {}, extra: NodeJS.ProcessEnv = {}) => resolveRemote(io({ ...env, ...extra }), opts);
/** The error thrown: exit 2, one line, never the key. */
const failure = (opts: GlobalOptions = {}, extra: NodeJS.ProcessEnv = {}): string => {
  let err: unknown;
  try {
    resolve(opts, extra);
  } catch (e) {
    err = e;
  }
  expect(err).toMatchObject({ exitCode: 2 });
  const message = (err as Error).message;
  expect(message).not.toContain('\n');
  expect(message).not.toContain(SECRET);
  expect(message).not.toContain('mdl_other');
  return message;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mdl-profile-'));
  cfg = join(dir, 'config.json');
  env = { MDL_CONFIG: cfg };
  put(join(dir, 'prod.key'), `${SECRET}\n`);
  writeConfig({
    default_profile: 'prod',
    profiles: {
      prod: { server: 'https://prod.example.com/', api_key_file: join(dir, 'prod.key') },
      dev: { server: 'http://127.0.0.1:3000', api_key: 'mdl_dev_inline' },
    },
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('CLI config file location', () => {
  it('is MDL_CONFIG, else XDG_CONFIG_HOME/mdl/config.json, else ~/.config/mdl/config.json', () => {
    expect(configPath({ MDL_CONFIG: '/a/c.json', XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/a/c.json');
    expect(configPath({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe(join('/x', 'mdl', 'config.json'));
    expect(configPath({ XDG_CONFIG_HOME: 'relative', HOME: '/h' })).toBe(join('/h', '.config', 'mdl', 'config.json'));
    expect(configPath({ HOME: '/h' })).toBe(join('/h', '.config', 'mdl', 'config.json'));
    expect(configPath({})).toBeUndefined();
  });
});

describe('remote settings from a profile', () => {
  it('uses the default profile; local mode without a config file or default', () => {
    expect(resolve()).toEqual({ apiBase: 'https://prod.example.com/api/v1', origin: 'https://prod.example.com', apiKey: SECRET });
    expect(resolve({}, { MDL_CONFIG: join(dir, 'missing.json') })).toBeUndefined();
    expect(resolve({}, { MDL_CONFIG: undefined })).toBeUndefined();
    writeConfig({ profiles: { dev: { server: 'http://127.0.0.1:3000', api_key: 'mdl_dev_inline' } } });
    expect(resolve()).toBeUndefined();
  });

  it('selects with --profile, else MDL_PROFILE, else default_profile', () => {
    expect(resolve({ profile: 'dev' })).toMatchObject({ apiBase: 'http://127.0.0.1:3000/api/v1', apiKey: 'mdl_dev_inline' });
    expect(resolve({}, { MDL_PROFILE: 'dev' })).toMatchObject({ apiKey: 'mdl_dev_inline' });
    expect(resolve({ profile: 'prod' }, { MDL_PROFILE: 'dev' })).toMatchObject({ apiKey: SECRET });
  });

  it('precedence: flags > environment > profile > local', () => {
    // --server beats every profile; the profile's key never goes to another server.
    expect(resolve({ server: 'https://flag.example.com', apiKey: 'mdl_flag' }, { MDL_PROFILE: 'dev' })).toMatchObject({ origin: 'https://flag.example.com', apiKey: 'mdl_flag' });
    expect(failure({ server: 'https://flag.example.com' })).toMatch(/needs an API key/);
    // MDL_SERVER beats the default profile, with MDL_API_KEY.
    expect(resolve({}, { MDL_SERVER: 'https://env.example.com', MDL_API_KEY: 'mdl_env' })).toMatchObject({ origin: 'https://env.example.com', apiKey: 'mdl_env' });
    // --profile (a flag) beats MDL_SERVER.
    expect(resolve({ profile: 'dev' }, { MDL_SERVER: 'https://env.example.com', MDL_API_KEY: 'mdl_env' })).toMatchObject({ origin: 'http://127.0.0.1:3000', apiKey: 'mdl_dev_inline' });
    // A key flag beats the profile's key; MDL_API_KEY belongs to MDL_SERVER and does not.
    expect(resolve({ apiKey: 'mdl_flag' })).toMatchObject({ origin: 'https://prod.example.com', apiKey: 'mdl_flag' });
    put(join(dir, 'other.key'), 'mdl_other_key');
    expect(resolve({ apiKeyFile: join(dir, 'other.key') })).toMatchObject({ apiKey: 'mdl_other_key' });
    expect(resolve({}, { MDL_API_KEY: 'mdl_env' })).toMatchObject({ apiKey: SECRET });
    // --database means local mode: no default profile, and no explicit one.
    expect(resolve({ database: join(dir, 'x.db') })).toBeUndefined();
    expect(failure({ database: join(dir, 'x.db'), profile: 'dev' })).toMatch(/--database cannot be combined with --profile/);
    expect(failure({ database: join(dir, 'x.db') }, { MDL_PROFILE: 'dev' })).toMatch(/--database cannot be combined with MDL_PROFILE/);
  });

  it('refuses two requests at the same level', () => {
    expect(failure({ server: 'https://h', profile: 'dev', apiKey: 'mdl_flag' })).toBe('give either --server or --profile, not both');
    expect(failure({}, { MDL_SERVER: 'https://h', MDL_PROFILE: 'dev' })).toMatch(/^MDL_SERVER and MDL_PROFILE are both set/);
  });

  it('a named profile that does not exist is an error, never local mode', () => {
    expect(failure({ profile: 'nope' })).toBe(`profile "nope" (--profile) not found in ${cfg}`);
    expect(failure({}, { MDL_PROFILE: 'nope' })).toBe(`profile "nope" (MDL_PROFILE) not found in ${cfg}`);
    expect(failure({ profile: 'toString' })).toMatch(/not found/);
    expect(failure({ profile: 'dev' }, { MDL_CONFIG: join(dir, 'missing.json') })).toBe(`profile "dev" (--profile) not found: ${join(dir, 'missing.json')} does not exist`);
    expect(failure({ profile: 'dev' }, { MDL_CONFIG: undefined })).toMatch(/no config file/);
    expect(failure({ profile: 'bad name!' })).toMatch(/^--profile must be a profile name/);
    expect(failure({}, { MDL_PROFILE: '../x' })).toMatch(/^MDL_PROFILE must be a profile name/);
  });

  it('resolves api_key_file relative to the config file, and ~/ from HOME', () => {
    mkdirSync(join(dir, 'keys'));
    put(join(dir, 'keys', 'k'), 'mdl_other_rel');
    writeConfig({ profiles: { rel: { server: 'https://h', api_key_file: 'keys/k' }, home: { server: 'https://h', api_key_file: '~/keys/k' } } });
    expect(resolve({ profile: 'rel' })).toMatchObject({ apiKey: 'mdl_other_rel' });
    expect(resolve({ profile: 'home' }, { HOME: dir })).toMatchObject({ apiKey: 'mdl_other_rel' });
  });

  it('requires TLS beyond loopback for profile servers too (unless --insecure)', () => {
    writeConfig({ profiles: { lan: { server: 'http://10.0.0.5:3000', api_key: 'mdl_dev_inline' } } });
    expect(failure({ profile: 'lan' })).toMatch(/^refusing to send an API key over plain http:\/\/ to 10\.0\.0\.5:3000/);
    expect(resolve({ profile: 'lan', insecure: true })).toMatchObject({ apiBase: 'http://10.0.0.5:3000/api/v1' });
    writeConfig({ profiles: { bad: { server: 'https://user:pw@h', api_key: 'mdl_dev_inline' } } });
    expect(failure({ profile: 'bad' })).toMatch(new RegExp(`^the server of profile "bad" in ${cfg.replace(/[.\\]/g, '\\$&')} must not contain credentials`));
  });
});

describe.runIf(posix)(`permissions (like ssh)${skippedBecause(!posix, 'POSIX modes only')}`, () => {
  it('refuses an inline api_key in a config file other users can read', () => {
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      writeConfig({ profiles: { dev: { server: 'http://127.0.0.1:3000', api_key: SECRET } } }, mode);
      const message = failure({ profile: 'dev' });
      expect(message).toBe(`refusing to read the inline api_key of profile "dev" from ${cfg}: it is accessible by other users (mode 0${mode.toString(8)}); run chmod 600 ${cfg}`);
    }
    // A key flag means the inline key is not read at all.
    expect(resolve({ profile: 'dev', apiKey: 'mdl_flag' })).toMatchObject({ apiKey: 'mdl_flag' });
  });

  it('a readable config file is fine when keys live in private files; the key file itself must be private', () => {
    writeConfig({ profiles: { prod: { server: 'https://h', api_key_file: join(dir, 'prod.key') } } }, 0o644);
    expect(resolve({ profile: 'prod' })).toMatchObject({ apiKey: SECRET });
    chmodSync(join(dir, 'prod.key'), 0o640);
    expect(failure({ profile: 'prod' })).toMatch(/^refusing to read the API key \(api_key_file of profile "prod"\) from .*prod\.key: it is accessible by other users \(mode 0640\); run chmod 600 /);
  });

  it('a missing or unreadable key file is one line naming the file', () => {
    writeConfig({ profiles: { prod: { server: 'https://h', api_key_file: join(dir, 'gone.key') } } });
    expect(failure({ profile: 'prod' })).toBe(`cannot read api_key_file of profile "prod" ${join(dir, 'gone.key')} (ENOENT)`);
  });
});

describe('malformed config file: one line with the path and the problem (exit 2)', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['not JSON (the snippet, which may hold a key, is not echoed)', `{"profiles": {"p": {"server": "https://h", "api_key": "${SECRET}" oops}}}`, /: not valid JSON at line 1 column \d+$/],
    ['bare text', SECRET, /: not valid JSON/],
    ['empty', '', /: empty, expected a JSON object$/],
    ['an array', [], /: expected a JSON object with "profiles"$/],
    ['unknown top-level key', { profile: {} }, /: unknown key "profile" \(expected default_profile, profiles\)$/],
    ['profiles not an object', { profiles: [] }, /: "profiles" must be an object of named profiles$/],
    ['bad profile name', { profiles: { 'a b': { server: 'https://h', api_key: 'k' } } }, /: a profile name is invalid/],
    ['no server', { profiles: { p: { api_key: SECRET } } }, /: profiles\.p\.server must be a non-empty string$/],
    ['unknown profile key (a typo)', { profiles: { p: { server: 'https://h', apikey: SECRET } } }, /: profiles\.p: unknown key "apikey"/],
    ['both keys', { profiles: { p: { server: 'https://h', api_key: SECRET, api_key_file: '/k' } } }, /: profiles\.p has both api_key_file and api_key; keep one$/],
    ['no key', { profiles: { p: { server: 'https://h' } } }, /: profiles\.p needs api_key_file \(preferred\) or api_key$/],
    ['key not a string', { profiles: { p: { server: 'https://h', api_key: 42 } } }, /: profiles\.p\.api_key must be a non-empty string$/],
    ['unknown default', { default_profile: 'nope', profiles: {} }, /: default_profile "nope" is not one of the profiles$/],
    ['a key pasted as default', { default_profile: 'mdl_other key', profiles: {} }, /: default_profile \(not shown\) is not one of the profiles$/],
  ];
  for (const [what, content, problem] of cases) {
    it(what, () => {
      writeConfig(content);
      const message = failure();
      expect(message.startsWith(`config file ${cfg}: `)).toBe(true);
      expect(message).toMatch(problem);
      // An explicit profile gets the same message.
      expect(failure({ profile: 'p' })).toBe(message);
    });
  }

  it('a directory', () => {
    expect(failure({}, { MDL_CONFIG: dir })).toBe(`config file ${dir}: not a regular file`);
  });
});
