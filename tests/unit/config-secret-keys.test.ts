import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { devKeyFilePath, readOrCreateKeyFile, resolveSecretKeys, secretBoxFor } from '../../src/config/secret-keys.js';
import { parseSecretKeyList } from '../../src/config/secrets.js';
import { thrownMessage } from '../helpers/thrown.js';

const run = promisify(execFile);
const key = () => randomBytes(32);
const POSIX = process.platform !== 'win32';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'mdl-keys-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const refusal = (env: NodeJS.ProcessEnv): string => thrownMessage(() => loadConfig(env), ConfigError);

describe('MDL_SECRET_KEY_PREVIOUS', () => {
  it('is optional, and takes one key or a list (commas, spaces or lines), hex or base64', () => {
    expect(loadConfig({}).previousSecretKeys).toEqual([]);
    const [a, b, c] = [key(), key(), key()];
    expect(loadConfig({ MDL_SECRET_KEY_PREVIOUS: a.toString('base64') }).previousSecretKeys).toEqual([a]);
    const list = loadConfig({ MDL_SECRET_KEY: key().toString('hex'), MDL_SECRET_KEY_PREVIOUS: ` ${a.toString('hex')}, ${b.toString('base64url')}\n${c.toString('base64')} ` });
    expect(list.previousSecretKeys).toEqual([a, b, c]);
  });

  it('may come from MDL_SECRET_KEY_PREVIOUS_FILE (one key per line), but not from both', () => {
    const [a, b] = [key(), key()];
    const file = join(dir, 'previous');
    writeFileSync(file, `${a.toString('base64')}\n${b.toString('hex')}\n`);
    expect(loadConfig({ MDL_SECRET_KEY_PREVIOUS_FILE: file }).previousSecretKeys).toEqual([a, b]);
    expect(refusal({ MDL_SECRET_KEY_PREVIOUS_FILE: file, MDL_SECRET_KEY_PREVIOUS: a.toString('hex') })).toMatch(/MDL_SECRET_KEY_PREVIOUS and MDL_SECRET_KEY_PREVIOUS_FILE are both set/);
    expect(refusal({ MDL_SECRET_KEY_PREVIOUS_FILE: join(dir, 'missing') })).toMatch(/MDL_SECRET_KEY_PREVIOUS_FILE: cannot read .* \(ENOENT\)/);
  });

  it('validates every key like MDL_SECRET_KEY, naming its position, never its value', () => {
    const good = key().toString('base64');
    const short = randomBytes(16).toString('hex');
    expect(refusal({ MDL_SECRET_KEY_PREVIOUS: short })).toMatch(/^invalid configuration: MDL_SECRET_KEY_PREVIOUS: is too short/);
    const msg = refusal({ MDL_SECRET_KEY_PREVIOUS: `${good},${short},changeme` });
    expect(msg).toMatch(/MDL_SECRET_KEY_PREVIOUS: key 2 of 3 is too short.*; MDL_SECRET_KEY_PREVIOUS: key 3 of 3 is a placeholder/);
    expect(msg).not.toContain(short);
    expect(msg).not.toContain(good);
    // Production checks it too (and still requires MDL_SECRET_KEY itself).
    expect(refusal({ MDL_ENV: 'production', MDL_SECRET_KEY_PREVIOUS: good })).toMatch(/MDL_SECRET_KEY: missing/);
    expect(parseSecretKeyList('')).toEqual({ keys: [], problems: [] });
  });
});

describe('the development key file', () => {
  it('lives next to the SQLite file, else in MDL_DATA_DIR', () => {
    expect(devKeyFilePath({ dataDir: './.mdl', database: { kind: 'sqlite', file: './.mdl/mdl.db' } })).toBe(join('.mdl', 'secret.key'));
    expect(devKeyFilePath({ dataDir: './.mdl', database: { kind: 'sqlite', file: '/srv/data/app.db' } })).toBe('/srv/data/secret.key');
    expect(devKeyFilePath({ dataDir: '/var/mdl', database: { kind: 'sqlite', file: ':memory:' } })).toBe('/var/mdl/secret.key');
    expect(devKeyFilePath({ dataDir: '/var/mdl', database: { kind: 'postgres', url: 'postgres://x@h/db', poolMax: 1 } })).toBe('/var/mdl/secret.key');
  });

  it('is created once with mode 0600 (and a private folder), then read back', () => {
    const sub = join(dir, 'fresh', 'nested');
    const config = loadConfig({ MDL_DATABASE_URL: join(sub, 'mdl.db') });
    const first = resolveSecretKeys(config);
    expect(first.created).toBe(true);
    expect(first.file).toBe(join(sub, 'secret.key'));
    expect(first.notice).toMatch(/development key just created in .*secret\.key; production must set MDL_SECRET_KEY/);
    expect(first.warning).toBeUndefined();
    const text = readFileSync(first.file!, 'utf8');
    expect(text).toMatch(/^[0-9a-f]{64}\n$/);
    expect(first.keys).toEqual([Buffer.from(text.trim(), 'hex')]);
    if (POSIX) {
      expect(statSync(first.file!).mode & 0o777).toBe(0o600);
      expect(statSync(sub).mode & 0o077).toBe(0);
    }
    const second = resolveSecretKeys(config);
    expect(second).toMatchObject({ created: false, file: first.file });
    expect(second.keys).toEqual(first.keys);
    expect(second.notice).not.toContain(text.trim());
    expect(readdirSync(sub).sort()).toEqual(['secret.key']); // no temporary files left
    // Previous keys follow the file's key.
    const prev = key();
    expect(resolveSecretKeys({ ...config, previousSecretKeys: [prev] }).keys).toEqual([first.keys[0], prev]);
  });

  it('is not used when MDL_SECRET_KEY is set, and never in production', () => {
    const sub = join(dir, 'with-env');
    const k = key();
    const setup = resolveSecretKeys(loadConfig({ MDL_DATABASE_URL: join(sub, 'mdl.db'), MDL_SECRET_KEY: k.toString('hex') }));
    expect(setup).toMatchObject({ keys: [k], created: false, notice: 'secrets at rest are sealed with MDL_SECRET_KEY' });
    expect(existsSync(join(sub, 'secret.key'))).toBe(false);
    expect(() => resolveSecretKeys({ env: 'production', previousSecretKeys: [], dataDir: sub, database: { kind: 'sqlite', file: join(sub, 'x.db') } })).toThrow(ConfigError);
  });

  it('warns when others can read it, and refuses a damaged one with a one-line message', () => {
    const file = join(dir, 'loose', 'secret.key');
    readOrCreateKeyFile(file);
    if (POSIX) {
      chmodSync(file, 0o644);
      expect(resolveSecretKeys(loadConfig({ MDL_DATABASE_URL: join(dir, 'loose', 'mdl.db') })).warning).toMatch(/can be read by other users: chmod 600/);
    }
    writeFileSync(file, 'abc\n');
    expect(() => readOrCreateKeyFile(file)).toThrow(/^development key file .*secret\.key: the key must be hex or base64|^development key file .*: the key is too short/);
  });

  it('secretBoxFor(deferred) creates nothing until a secret is sealed', () => {
    const sub = join(dir, 'deferred');
    const seen: string[] = [];
    const box = secretBoxFor(loadConfig({ MDL_DATABASE_URL: join(sub, 'mdl.db') }), { deferred: true, onResolved: (s) => seen.push(s.notice) });
    expect(existsSync(join(sub, 'secret.key'))).toBe(false);
    const sealed = box.seal('x', 'ctx');
    expect(existsSync(join(sub, 'secret.key'))).toBe(true);
    expect(seen).toEqual([expect.stringMatching(/just created/)]);
    expect(secretBoxFor(loadConfig({ MDL_DATABASE_URL: join(sub, 'mdl.db') })).open(sealed, 'ctx')).toBe('x');
  });

  // Separate processes race to create the same file: each loads the module, says it is ready, and waits
  // for a "go" file; then all create at once. Every one must end with the same key.
  const racer = resolve('src/config/secret-keys.ts');
  const race = async (file: string, useLink: boolean, n = 4) => {
    const gate = mkdtempSync(join(dir, 'gate-'));
    const code = (i: number) => `import { readOrCreateKeyFile } from ${JSON.stringify(racer)};
      import { existsSync, writeFileSync } from 'node:fs';
      const pause = new Int32Array(new SharedArrayBuffer(4));
      writeFileSync(${JSON.stringify(join(gate, 'ready-'))} + ${i}, '');
      while (!existsSync(${JSON.stringify(join(gate, 'go'))})) Atomics.wait(pause, 0, 0, 1);
      const r = readOrCreateKeyFile(${JSON.stringify(file)}, { useLink: ${useLink} });
      process.stdout.write(JSON.stringify({ key: r.key.toString('hex'), created: r.created }));`;
    const runs = Array.from({ length: n }, (_, i) => run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code(i)], { timeout: 50_000 }));
    while (readdirSync(gate).length < n) await new Promise((r) => setTimeout(r, 20));
    writeFileSync(join(gate, 'go'), '');
    const outs = await Promise.all(runs);
    return outs.map((o) => JSON.parse(o.stdout) as { key: string; created: boolean });
  };

  for (const useLink of [true, false]) {
    it(`concurrent creators end with one key (${useLink ? 'temporary file + link' : 'O_EXCL only'})`, async () => {
      const sub = join(dir, `race-${useLink}`);
      const file = join(sub, 'secret.key');
      const results = await race(file, useLink);
      expect(new Set(results.map((r) => r.key)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(readFileSync(file, 'utf8').trim()).toBe(results[0]!.key);
      if (POSIX) expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readdirSync(sub)).toEqual(['secret.key']);
    }, 60_000);
  }
});
