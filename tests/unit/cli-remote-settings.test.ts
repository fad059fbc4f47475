import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { resolveRemote } from '../../src/cli/remote/settings.js';
import type { GlobalOptions } from '../../src/cli/runtime.js';

const io = (env: NodeJS.ProcessEnv = {}): CliIo => ({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: Readable.from([]), env, isTTY: false });
const resolve = (opts: GlobalOptions, env?: NodeJS.ProcessEnv) => resolveRemote(io(env), opts);
const fails = (opts: GlobalOptions, message: RegExp, env?: NodeJS.ProcessEnv) => {
  let err: unknown;
  try {
    resolve(opts, env);
  } catch (e) {
    err = e;
  }
  expect(err).toMatchObject({ exitCode: 2, message: expect.stringMatching(message) });
  expect(String((err as Error).message)).not.toContain('mdl_secret');
};

describe('remote settings (--server, --api-key, MDL_SERVER, MDL_API_KEY)', () => {
  it('is local mode without a server', () => {
    expect(resolve({ apiKey: 'mdl_secret' })).toBeUndefined();
  });

  it('builds the API base from the server URL, flag before environment', () => {
    expect(resolve({ server: 'https://mdl.example.com/', apiKey: 'mdl_secret' })).toEqual({ apiBase: 'https://mdl.example.com/api/v1', origin: 'https://mdl.example.com', apiKey: 'mdl_secret' });
    expect(resolve({ server: 'https://h/mdl//' }, { MDL_API_KEY: 'mdl_env', MDL_SERVER: 'https://other' })).toMatchObject({ apiBase: 'https://h/mdl/api/v1', apiKey: 'mdl_env' });
    expect(resolve({}, { MDL_SERVER: 'https://other', MDL_API_KEY: 'mdl_env' })).toMatchObject({ apiBase: 'https://other/api/v1' });
  });

  it('allows plain http only to loopback hosts, or anywhere with --insecure', () => {
    for (const server of ['http://localhost:3000', 'http://127.0.0.1:1', 'http://[::1]:8080', 'http://api.localhost']) {
      expect(resolve({ server, apiKey: 'mdl_secret' }), server).toBeDefined();
    }
    for (const server of ['http://mdl.example.com', 'http://10.0.0.5:3000', 'http://127.0.0.1.example.com']) fails({ server, apiKey: 'mdl_secret' }, /refusing to send an API key over plain http/);
    expect(resolve({ server: 'http://10.0.0.5:3000', apiKey: 'mdl_secret', insecure: true })).toMatchObject({ apiBase: 'http://10.0.0.5:3000/api/v1' });
  });

  it('refuses bad URLs, missing or doubled keys, and --database with --server', () => {
    fails({ server: 'not a url', apiKey: 'mdl_secret' }, /must be a URL/);
    fails({ server: 'ftp://h', apiKey: 'mdl_secret' }, /http\(s\) URL/);
    fails({ server: 'https://u:mdl_secret@h' }, /must not contain credentials/);
    fails({ server: 'https://h' }, /needs an API key/);
    fails({ server: 'https://h', apiKey: 'mdl_secret', apiKeyFile: '/x' }, /either --api-key or --api-key-file/);
    fails({ server: 'https://h', apiKey: 'mdl_secret', database: '/tmp/x.db' }, /--database cannot be combined with --server/);
    fails({ apiKey: 'mdl_secret', database: '/tmp/x.db' }, /--database cannot be combined with MDL_SERVER/, { MDL_SERVER: 'https://h' });
  });

  it('reads --api-key-file, trimmed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdl-key-'));
    try {
      writeFileSync(join(dir, 'k'), '  mdl_secret\n');
      expect(resolve({ server: 'https://h', apiKeyFile: join(dir, 'k') })).toMatchObject({ apiKey: 'mdl_secret' });
      fails({ server: 'https://h', apiKeyFile: join(dir, 'missing') }, /cannot read --api-key-file .*ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
