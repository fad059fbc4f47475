import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseCorsOrigins, parsePublicUrl } from '../../src/config/index.js';
import { databasePasswordProblem, isLoopbackHost, parseSecretKey, readSecret, resolveSecretEnv, SecretError } from '../../src/config/secrets.js';
import { skippedBecause } from '../helpers/skips.js';
import { thrownMessage } from '../helpers/thrown.js';

const GOOD_KEY = randomBytes(32).toString('base64');
const GOOD_DB_PASSWORD = 'q7-Vx2!mRt9Lp4sZ';
const GOOD_PG = `postgres://mdl:${encodeURIComponent(GOOD_DB_PASSWORD)}@db.internal:5432/mdl`;
/** A production environment that passes every check; each test breaks one thing. */
const PROD = { MDL_ENV: 'production', MDL_SECRET_KEY: GOOD_KEY, MDL_DATABASE_URL: GOOD_PG };

const refusal = (env: NodeJS.ProcessEnv): string => thrownMessage(() => loadConfig(env), ConfigError);

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'mdl-cfg-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('readSecret: X or X_FILE', () => {
  it('reads the variable, or the file with its trailing newline removed', () => {
    expect(readSecret({ S: 'plain' }, 'S')).toBe('plain');
    expect(readSecret({}, 'S')).toBeUndefined();
    expect(readSecret({ S_FILE: file('lf', 'from-file\n') }, 'S')).toBe('from-file');
    expect(readSecret({ S_FILE: file('crlf', 'from-file\r\n') }, 'S')).toBe('from-file');
    expect(readSecret({ S_FILE: file('none', 'no newline') }, 'S')).toBe('no newline');
    // Only one trailing newline goes; inner whitespace is kept.
    expect(readSecret({ S_FILE: file('inner', ' two words \n\n') }, 'S')).toBe(' two words \n');
    // An empty variable does not count as set.
    expect(readSecret({ S: '', S_FILE: file('x', 'x') }, 'S')).toBe('x');
  });

  it('refuses both at once, an unreadable file and an empty one, naming the setting', () => {
    expect(() => readSecret({ S: 'a', S_FILE: file('both', 'b') }, 'S')).toThrow(new SecretError('S and S_FILE are both set (set only one)'));
    expect(() => readSecret({ S_FILE: join(dir, 'missing') }, 'S')).toThrow(/^S_FILE: cannot read .*missing \(ENOENT\)$/);
    expect(() => readSecret({ S_FILE: dir }, 'S')).toThrow(/^S_FILE: cannot read .* \(EISDIR\)$/);
    expect(() => readSecret({ S_FILE: file('empty', '\n') }, 'S')).toThrow(/^S_FILE: .* is empty$/);
  });

  const root = process.getuid?.() === 0;
  it.skipIf(root)(`refuses a file it may not read${skippedBecause(root, 'root reads any file')}`, () => {
    const locked = file('locked', 'secret');
    chmodSync(locked, 0o000);
    expect(() => readSecret({ S_FILE: locked }, 'S')).toThrow(/EACCES/);
  });

  it('resolveSecretEnv reports every problem at once', () => {
    const { problems } = resolveSecretEnv({ MDL_DATABASE_URL: 'a', MDL_DATABASE_URL_FILE: file('db', 'b'), MDL_SECRET_KEY_FILE: join(dir, 'nope') });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^MDL_DATABASE_URL and MDL_DATABASE_URL_FILE/);
    expect(problems[1]).toMatch(/^MDL_SECRET_KEY_FILE: cannot read/);
  });
});

describe('loadConfig: secrets from files', () => {
  it('reads MDL_DATABASE_URL_FILE, MDL_REDIS_URL_FILE and MDL_SECRET_KEY_FILE', () => {
    const key = randomBytes(32);
    const config = loadConfig({
      MDL_DATABASE_URL_FILE: file('db-url', `${GOOD_PG}\n`),
      MDL_REDIS_URL_FILE: file('redis-url', 'redis://:longredispassword1@cache:6379\n'),
      MDL_SECRET_KEY_FILE: file('key', `${key.toString('hex')}\n`),
    });
    expect(config.database).toMatchObject({ kind: 'postgres', url: GOOD_PG });
    expect(config.rateLimit.redisUrl).toBe('redis://:longredispassword1@cache:6379');
    expect(config.secretKey?.equals(key)).toBe(true);
  });

  it('fails on a conflicting or unreadable secret, together with other problems, without printing values', () => {
    const message = refusal({
      MDL_DATABASE_URL: GOOD_PG,
      MDL_DATABASE_URL_FILE: file('db2', GOOD_PG),
      MDL_SECRET_KEY_FILE: join(dir, 'absent'),
      MDL_PORT: 'not-a-port',
    });
    expect(message).toMatch(/MDL_DATABASE_URL and MDL_DATABASE_URL_FILE are both set/);
    expect(message).toMatch(/MDL_SECRET_KEY_FILE: cannot read/);
    expect(message).toMatch(/MDL_PORT/);
    expect(message).not.toContain(GOOD_DB_PASSWORD);
    expect(message).not.toContain(encodeURIComponent(GOOD_DB_PASSWORD));
  });
});

describe('MDL_SECRET_KEY', () => {
  it('accepts 32+ random bytes as hex, base64 or base64url', () => {
    const bytes = randomBytes(32);
    for (const text of [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('base64').replace(/=+$/, '')]) {
      expect(parseSecretKey(text).key?.equals(bytes), text).toBe(true);
    }
    expect(parseSecretKey(randomBytes(64).toString('base64')).key).toHaveLength(64);
  });

  it('refuses short, placeholder, repeated and patterned keys, in every mode', () => {
    const cases: Array<[string, RegExp]> = [
      [randomBytes(16).toString('base64'), /too short/],
      [randomBytes(31).toString('hex'), /too short/],
      ['changeme', /placeholder/],
      ['secret', /placeholder/],
      ['default', /placeholder/],
      ['CHANGEME-CHANGEME-CHANGEME-CHANGEME-CHANGEME', /placeholder/],
      ['my-super-secret-key-for-production-use-1234567890', /placeholder/],
      ['a'.repeat(64), /repeated/],
      ['0'.repeat(64), /repeated/],
      ['0123456789abcdef'.repeat(4), /variety/],
      [Buffer.from('ab'.repeat(20)).toString('base64'), /variety/],
      ['not base64 at all!', /hex or base64/],
      ['todo-fill-in-a-real-key-before-going-live-0123456789', /placeholder/],
    ];
    for (const [value, problem] of cases) {
      expect(parseSecretKey(value).problem, value).toMatch(problem);
      for (const mode of ['development', 'test', 'production']) {
        const message = refusal({ MDL_ENV: mode, MDL_SECRET_KEY: value });
        expect(message).toMatch(/MDL_SECRET_KEY: /);
        if (value.length > 8) expect(message).not.toContain(value);
      }
    }
  });

  it('accepts generated keys whatever words happen to appear in them (no false placeholder matches)', () => {
    // A 4-letter word such as "todo" turns up in about 1 random base64 key in 25,000: none may be refused.
    for (let i = 0; i < 100_000; i++) {
      const key = randomBytes(32).toString('base64');
      expect(parseSecretKey(key).problem, key).toBeUndefined();
    }
    // Seen in CI with the delimited-word rule alone: a real key ending in "+TODo=".
    expect(parseSecretKey('to3iWUjyPzwmcTIqNRyiAqLQF4fYO2vqfzWh52+TODo=').problem).toBeUndefined();
    expect(parseSecretKey('q1ToDoZ8' + randomBytes(30).toString('base64')).problem).toBeUndefined();
    expect(parseSecretKey('aB9/secret/' + randomBytes(30).toString('base64')).problem).toBeUndefined();
  });

  it('may be unset outside production', () => {
    expect(loadConfig({}).secretKey).toBeUndefined();
    expect(loadConfig({ MDL_ENV: 'test' }).secretKey).toBeUndefined();
  });
});

describe('MDL_ENV and the production checks', () => {
  it('defaults to development and accepts only development|production|test', () => {
    expect(loadConfig({}).env).toBe('development');
    expect(loadConfig({ MDL_ENV: 'test' }).env).toBe('test');
    expect(refusal({ MDL_ENV: 'prod' })).toMatch(/MDL_ENV/);
  });

  it('starts with a strong key, a strong database password and loopback or TLS', () => {
    expect(loadConfig(PROD).env).toBe('production');
    // SQLite needs no password.
    expect(loadConfig({ ...PROD, MDL_DATABASE_URL: undefined }).database.kind).toBe('sqlite');
    expect(loadConfig({ ...PROD, MDL_DATABASE_URL: '/var/lib/mdl/mdl.db' }).database.kind).toBe('sqlite');
    expect(loadConfig({ ...PROD, MDL_HOST: '0.0.0.0', MDL_TLS_CERT_FILE: '/c.pem', MDL_TLS_KEY_FILE: '/k.pem' }).tls).toEqual({ certFile: '/c.pem', keyFile: '/k.pem' });
    expect(loadConfig({ ...PROD, MDL_HOST: '0.0.0.0', MDL_TRUST_PROXY_TLS: 'true' }).trustProxyTls).toBe(true);
    for (const host of ['127.0.0.1', '::1', 'localhost', '127.0.0.2']) expect(loadConfig({ ...PROD, MDL_HOST: host }).host).toBe(host);
  });

  it('refuses a missing secret key', () => {
    expect(refusal({ ...PROD, MDL_SECRET_KEY: undefined })).toMatch(/^refusing to start \(MDL_ENV=production\): MDL_SECRET_KEY: missing/);
  });

  it('refuses a weak, default or missing database password', () => {
    const weak: Array<[string, RegExp]> = [
      ['postgres://postgres:postgres@db:5432/mdl', /default or example/],
      ['postgresql://mdl:password@db/mdl', /default or example/],
      ['postgres://mdl:Password123!@db/mdl', /default or example/],
      ['postgres://mdl:changeme@db/mdl', /default or example/],
      ['postgres://admin:admin@db/mdl', /default or example/],
      ['postgres://mdlservice:mdlservice@db/mdl', /default or example/],
      ['postgres://mdl:@db/mdl', /empty/],
      ['postgres://mdl:short7x@db/mdl', /shorter than 12/],
      ['postgres://mdl:xxxxxxxxxxxxxxxx@db/mdl', /repeated/],
      ['postgres://mdl@db/mdl', /no password/],
    ];
    for (const [url, reason] of weak) {
      const message = refusal({ ...PROD, MDL_DATABASE_URL: url });
      expect(message, url).toMatch(new RegExp(`MDL_DATABASE_URL: [^;]*${reason.source}`));
      expect(message).not.toContain(url);
      const password = new URL(url).password;
      if (password !== '' && password !== 'password') expect(message).not.toContain(password);
    }
    // Other ways to authenticate without a password in the URL.
    expect(databasePasswordProblem('postgres://mdl@db/mdl?sslcert=/c.pem&sslkey=/k.pem', {})).toBeUndefined();
    expect(databasePasswordProblem('postgres://mdl@/mdl?host=/var/run/postgresql', {})).toBeUndefined();
    expect(databasePasswordProblem('postgres://mdl@%2Fvar%2Frun%2Fpostgresql/mdl', {})).toBeUndefined();
    expect(databasePasswordProblem('postgres://mdl@/mdl?host=db.internal', {})).toMatch(/no password/);
    expect(databasePasswordProblem('postgres://db/mdl?user=mdl&password=mdl', {})).toMatch(/default/);
    expect(databasePasswordProblem('postgres://mdl@db/mdl', { PGPASSWORD: GOOD_DB_PASSWORD })).toBeUndefined();
    expect(databasePasswordProblem('postgres://mdl@db/mdl', { PGPASSWORD: 'postgres' })).toMatch(/PGPASSWORD/);
    expect(databasePasswordProblem(`postgres://mdl@db/mdl?password=postgres`, {})).toMatch(/default/);
  });

  it('refuses a weak Redis password, and accepts Redis without one', () => {
    expect(refusal({ ...PROD, MDL_REDIS_URL: 'redis://:redis@cache:6379' })).toMatch(/MDL_REDIS_URL: the password is a default/);
    expect(loadConfig({ ...PROD, MDL_REDIS_URL: 'redis://cache:6379' }).rateLimit.redisUrl).toBe('redis://cache:6379');
  });

  it('refuses plain HTTP beyond loopback unless a TLS proxy is declared', () => {
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'mdl.internal']) {
      expect(refusal({ ...PROD, MDL_HOST: host })).toMatch(/MDL_HOST: binds beyond loopback without TLS/);
    }
    expect(refusal({ ...PROD, MDL_HOST: '0.0.0.0', MDL_TRUST_PROXY_TLS: 'false' })).toMatch(/MDL_HOST/);
  });

  it('lists every problem at once and never a value', () => {
    const message = refusal({ MDL_ENV: 'production', MDL_SECRET_KEY: 'changeme-please-changeme-please', MDL_DATABASE_URL: 'postgres://postgres:postgres@db/mdl', MDL_REDIS_URL: 'redis://:guest@cache', MDL_HOST: '0.0.0.0' });
    expect(message.split('; ').map((p) => p.replace(/^refusing to start \(MDL_ENV=production\): /, '').split(':')[0])).toEqual(['MDL_SECRET_KEY', 'MDL_DATABASE_URL', 'MDL_REDIS_URL', 'MDL_HOST']);
    expect(message).not.toMatch(/changeme-please|postgres:postgres|guest@/);
  });

  it('the same checks do not apply in development or test', () => {
    const env = { MDL_DATABASE_URL: 'postgres://postgres:postgres@db/mdl', MDL_HOST: '0.0.0.0' };
    expect(loadConfig(env).env).toBe('development');
    expect(loadConfig({ ...env, MDL_ENV: 'test' }).env).toBe('test');
  });
});

describe('TLS, HSTS and CORS settings', () => {
  it('needs both TLS files or neither; HSTS follows TLS or MDL_TRUST_PROXY_TLS', () => {
    expect(refusal({ MDL_TLS_CERT_FILE: '/c.pem' })).toMatch(/MDL_TLS_CERT_FILE, MDL_TLS_KEY_FILE: set both or neither/);
    expect(refusal({ MDL_TLS_KEY_FILE: '/k.pem' })).toMatch(/set both or neither/);
    expect(loadConfig({}).security).toEqual({ corsOrigins: [], hsts: false });
    expect(loadConfig({ MDL_TLS_CERT_FILE: '/c.pem', MDL_TLS_KEY_FILE: '/k.pem' }).security.hsts).toBe(true);
    expect(loadConfig({ MDL_TRUST_PROXY_TLS: 'true' }).security.hsts).toBe(true);
    expect(loadConfig({ MDL_TRUST_PROXY_TLS: 'false' }).security.hsts).toBe(false);
  });

  it('MDL_CORS_ORIGINS is a list of exact http(s) origins; `*`, null, paths and junk are refused', () => {
    expect(loadConfig({ MDL_CORS_ORIGINS: ' https://app.example.com, http://localhost:5173 ,https://APP.example.com:443/,' }).security.corsOrigins)
      .toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(loadConfig({ MDL_CORS_ORIGINS: '' }).security.corsOrigins).toEqual([]);
    for (const bad of ['*', 'null', 'app.example.com', 'https://app.example.com/path', 'https://app.example.com?x=1', 'https://user:pw@app.example.com', 'ftp://files.example.com', 'https://*.example.com']) {
      expect(parseCorsOrigins(bad).problems, bad).toHaveLength(1);
      expect(refusal({ MDL_CORS_ORIGINS: `https://ok.example.com,${bad}` })).toMatch(/MDL_CORS_ORIGINS: /);
    }
  });

  it('knows loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.2', 'example.com', '128.0.0.1', '127.example.com']) expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('MDL_PUBLIC_URL', () => {
  it('takes an https origin (or http on loopback outside production) and normalises it', () => {
    expect(parsePublicUrl('https://mdl.example.com', true)).toEqual({ origin: 'https://mdl.example.com' });
    expect(parsePublicUrl('https://mdl.example.com:8443/', true)).toEqual({ origin: 'https://mdl.example.com:8443' });
    expect(parsePublicUrl('http://127.0.0.1:3000', false)).toEqual({ origin: 'http://127.0.0.1:3000' });
    expect(parsePublicUrl(undefined, true)).toEqual({});
  });

  it('refuses paths, queries, credentials, plain http beyond loopback or in production, and non-URLs', () => {
    for (const [value, production] of [
      ['https://mdl.example.com/app', false], ['https://mdl.example.com/?x=1', false], ['https://u:p@mdl.example.com', false],
      ['http://mdl.example.com', false], ['http://127.0.0.1:3000', true], ['ftp://mdl.example.com', false], ['mdl.example.com', false],
    ] as const) {
      expect(parsePublicUrl(value, production).problem, value).toBeDefined();
    }
    expect(() => loadConfig({ MDL_PUBLIC_URL: 'http://mdl.example.com' })).toThrow(/MDL_PUBLIC_URL: must be https/);
    expect(loadConfig({ MDL_PUBLIC_URL: 'https://mdl.example.com/' }).publicUrl).toBe('https://mdl.example.com');
  });
});

describe('MDL_SSO_ALLOW_PRIVATE_ISSUERS', () => {
  it('defaults to https issuers on public hosts; allows local ones on request, and plain http on loopback only outside production', () => {
    expect(loadConfig({}).ssoNetwork).toEqual({ allowHttp: false, allowPrivate: false });
    expect(loadConfig({ MDL_SSO_ALLOW_PRIVATE_ISSUERS: 'true' }).ssoNetwork).toEqual({ allowHttp: true, allowPrivate: true });
    expect(loadConfig({ ...PROD, MDL_SSO_ALLOW_PRIVATE_ISSUERS: 'true' }).ssoNetwork).toEqual({ allowHttp: false, allowPrivate: true });
    expect(refusal({ MDL_SSO_ALLOW_PRIVATE_ISSUERS: 'sometimes' })).toMatch(/MDL_SSO_ALLOW_PRIVATE_ISSUERS/);
  });
});

describe('MDL_WORKSPACE_CREATION, MDL_WORKSPACE_RETENTION_DAYS, MDL_WORKSPACE_ARCHIVE_DIR', () => {
  it('default to instance admins, 7 days and an archive folder under MDL_DATA_DIR', () => {
    expect(loadConfig({ MDL_DATA_DIR: '/srv/mdl' }).workspaces).toEqual({ creation: 'instance-admins', retentionDays: 7, archiveDir: '/srv/mdl/workspace-archives' });
    expect(loadConfig({ MDL_WORKSPACE_CREATION: 'host', MDL_WORKSPACE_RETENTION_DAYS: '30', MDL_WORKSPACE_ARCHIVE_DIR: '/backup/mdl' }).workspaces)
      .toEqual({ creation: 'host', retentionDays: 30, archiveDir: '/backup/mdl' });
    expect(loadConfig({ MDL_WORKSPACE_CREATION: 'users', MDL_WORKSPACE_RETENTION_DAYS: '0' }).workspaces).toMatchObject({ creation: 'users', retentionDays: 0 });
  });

  it('refuses other modes and retention periods that are not whole days from 0 to 3650', () => {
    for (const env of [{ MDL_WORKSPACE_CREATION: 'everyone' }, { MDL_WORKSPACE_CREATION: 'Users' }]) expect(refusal(env)).toMatch(/MDL_WORKSPACE_CREATION/);
    for (const days of ['-1', '1.5', '3651', 'week']) expect(refusal({ MDL_WORKSPACE_RETENTION_DAYS: days }), days).toMatch(/MDL_WORKSPACE_RETENTION_DAYS/);
    expect(refusal({ MDL_WORKSPACE_ARCHIVE_DIR: '' })).toMatch(/MDL_WORKSPACE_ARCHIVE_DIR/);
  });
});
