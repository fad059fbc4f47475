import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server.js';
import { SecretBox, SecretBoxError } from '../../src/shared/secret-box.js';
import { runMdl } from '../helpers/cli.js';
import { createTestDatabase, ENGINES, type TestDatabase } from '../helpers/databases.js';
import { fixtures, mine, PASSWORD, TOKEN_INPUT } from './encryption-helpers.js';

/**
 * Secrets at rest through the faces: the server re-seals at start-up and refuses a wrong key in one
 * line, a request that meets an unopenable secret gets a plain 500, `mdl keys reencrypt` rotates, and
 * without MDL_SECRET_KEY both use one development key file.
 */
function logCapture(): { stream: Writable; messages: () => Array<{ level: number; msg: string }> } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } });
  return { stream, messages: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg: string }) };
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`secrets at rest: server and CLI (${engine.label})`, () => {
    let t: TestDatabase;
    let dataDir: string;
    const f = fixtures(() => t);
    const [A, B, C] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const b64 = (k: Buffer) => k.toString('base64');
    const dbEnv = (): NodeJS.ProcessEnv => {
      const c = t.config;
      return { MDL_DATA_DIR: dataDir, ...(c.kind === 'sqlite' ? { MDL_DATABASE_URL: c.file } : { MDL_DATABASE_URL: c.url, MDL_DB_SCHEMA: c.schema }) };
    };
    const serve = (env: NodeJS.ProcessEnv, stream?: Writable) =>
      startServer({ ...dbEnv(), MDL_PORT: '0', MDL_LOG_LEVEL: stream ? 'info' : 'silent', ...env }, stream ? { logStream: stream } : {});

    beforeAll(async () => {
      t = await createTestDatabase(engine.name);
      dataDir = mkdtempSync(join(tmpdir(), 'mdl-enc-'));
    });
    afterAll(async () => {
      await t?.destroy();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });
    beforeEach(() => f.clean());

    it('start-up re-seals clear values and logs the counts; a wrong key stops it in one line', async () => {
      const legacyKey = await f.legacySigningKey();
      const legacy = await f.legacyTotp();
      const log = logCapture();
      const app = await serve({ MDL_SECRET_KEY: b64(A) }, log.stream);
      await app.close();
      const info = log.messages().filter((m) => m.level === 30).map((m) => m.msg);
      expect(info).toContain('secrets at rest are sealed with MDL_SECRET_KEY');
      expect(info).toContain('secrets at rest re-sealed under the current key: signing_keys: 1 value(s), 1 re-sealed (1 was in clear); mfa_totp: 1 value(s), 1 re-sealed (1 was in clear)');
      const dump = await f.dump();
      expect(dump).not.toContain(legacyKey.d);
      expect(dump).not.toContain(legacy.secret);
      await f.checkCode(f.start(A), legacy.userId, legacy.secret);

      const refused = await serve({ MDL_SECRET_KEY: b64(C) }).then(() => undefined, (e: unknown) => e);
      expect(refused).toBeInstanceOf(SecretBoxError);
      expect((refused as Error).message).toMatch(/^cannot open signing_keys kid \S+: sealed by a key that is not configured \(wrong MDL_SECRET_KEY, or the old key is missing from MDL_SECRET_KEY_PREVIOUS\)$/);
      // With the previous key given, the same start re-seals everything under the new one.
      const rotated = logCapture();
      await (await serve({ MDL_SECRET_KEY: b64(C), MDL_SECRET_KEY_PREVIOUS: b64(A) }, rotated.stream)).close();
      expect(rotated.messages().map((m) => m.msg)).toContain('secrets at rest re-sealed under the current key: signing_keys: 1 value(s), 1 re-sealed; mfa_totp: 1 value(s), 1 re-sealed');
      await f.checkCode(f.start(C), legacy.userId, legacy.secret);
    });

    it('a secret that cannot be opened during a request is a plain 500: no message, no stack', async () => {
      const p = f.start(A);
      const victim = await f.enrolled(p, { password: true });
      const other = await f.enrolled(p);
      await t.db.updateTable('mfa_totp').set({ secret: (await f.totpRow(other.userId)).secret }).where('user_id', '=', victim.userId).execute();
      const log = logCapture();
      const app = await serve({ MDL_SECRET_KEY: b64(A) }, log.stream);
      try {
        const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `${victim.userId}@example.test`, password: PASSWORD } });
        expect(login.statusCode).toBe(200);
        const res = await app.inject({ method: 'POST', url: '/api/v1/auth/mfa', payload: { mfa_token: login.json().mfa_token, code: '123456' } });
        expect(res.statusCode).toBe(500);
        expect(res.json().error).toEqual({ code: 'INTERNAL', message: 'internal server error' });
        expect(res.body).not.toMatch(/MDL_SECRET_KEY|SecretBox|sb1\.|at \//);
        // The operator's log says why (the row, never the value).
        const errors = JSON.stringify(log.messages().filter((m) => m.level >= 50));
        expect(errors).toContain(`cannot open the TOTP secret of user ${victim.userId}: sealed value failed authentication`);
        expect(errors).not.toContain(victim.secret);
      } finally {
        await app.close();
      }
    });

    it('mdl keys reencrypt: rotation with MDL_SECRET_KEY_PREVIOUS, counts, idempotent, wrong key in one line', async () => {
      const a = f.start(A);
      await a.services.auth.tokens.issueAccessToken(TOKEN_INPUT);
      const { userId, secret } = await f.enrolled(a);
      const idB = new SecretBox([B]).currentKeyId;

      const wrong = await runMdl(['keys', 'reencrypt'], { env: { ...dbEnv(), MDL_SECRET_KEY: b64(B) } });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/^mdl: cannot open signing_keys kid \S+: sealed by a key that is not configured \(wrong MDL_SECRET_KEY, or the old key is missing from MDL_SECRET_KEY_PREVIOUS\)\n$/);

      const env = { ...dbEnv(), MDL_SECRET_KEY: b64(B), MDL_SECRET_KEY_PREVIOUS: b64(A) };
      const first = await runMdl(['keys', 'reencrypt'], { env });
      expect(first).toMatchObject({ code: 0, stderr: '' });
      const lines = first.stdout.split('\n');
      expect(lines).toEqual(expect.arrayContaining(['signing_keys: 1 value(s), 1 re-sealed', 'mfa_totp: 1 value(s), 1 re-sealed']));
      expect(first.stdout.endsWith(`\nevery value is now sealed by key ${idB}\n`)).toBe(true);
      const again = await runMdl(['keys', 'reencrypt', '--json'], { env });
      const report = JSON.parse(again.stdout) as { key_id: string; tables: Array<{ table: string }> };
      expect(report.key_id).toBe(idB);
      expect(mine(report.tables)).toEqual([{ table: 'signing_keys', values: 1, resealed: 0, fromClear: 0 }, { table: 'mfa_totp', values: 1, resealed: 0, fromClear: 0 }]);
      // The previous key can go now.
      await f.checkCode(f.start(B), userId, secret);
      expect((await runMdl(['keys', 'reencrypt'], { env: { ...dbEnv(), MDL_SECRET_KEY: b64(A) } })).code).toBe(1);
      expect((await runMdl(['keys', 'reencrypt', '--help'])).stdout).toMatch(/^Usage: mdl keys reencrypt/);
    });

    it('without MDL_SECRET_KEY, the CLI and the server share one development key file, created on first use', async () => {
      const file = engine.name === 'sqlite' ? join(dirname(t.config.kind === 'sqlite' ? t.config.file : ''), 'secret.key') : join(dataDir, 'secret.key');
      rmSync(file, { force: true });
      const list = await runMdl(['keys', 'list'], { env: dbEnv() });
      expect(list).toMatchObject({ code: 0, stderr: '' });
      expect(existsSync(file)).toBe(false); // nothing sealed, nothing created

      const rotate = await runMdl(['keys', 'rotate'], { env: dbEnv() });
      expect(rotate.code).toBe(0);
      expect(rotate.stderr).toBe(`mdl: secrets at rest are sealed with the development key just created in ${file}; production must set MDL_SECRET_KEY (or MDL_SECRET_KEY_FILE)\n`);
      if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
      expect((await runMdl(['keys', 'rotate'], { env: dbEnv() })).stderr).toBe('');

      const log = logCapture();
      const app = await serve({}, log.stream);
      await app.close();
      const messages = log.messages().map((m) => m.msg);
      expect(messages).toContain(`secrets at rest are sealed with the development key in ${file}; production must set MDL_SECRET_KEY (or MDL_SECRET_KEY_FILE)`);
      expect(messages.some((m) => m.startsWith('secrets at rest re-sealed'))).toBe(false);
      expect(log.messages().filter((m) => m.level >= 40 && /secret/i.test(m.msg))).toEqual([]);
    });
  });
}
