import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityServices, type IdentityServices } from '../../src/modules/identity/index.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { runMdl, type CliResult } from '../helpers/cli.js';

const PASSWORD = 'cli admin passphrase lantern 31';
const NEW_PASSWORD = 'rotated: copper meadow whistles 8';

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`mdl admin on ${engine.label}`, () => {
    let tdb: TestDatabase;
    let env: NodeJS.ProcessEnv;
    let id: IdentityServices;
    const outputs: CliResult[] = [];
    const mdl = async (args: string[], stdin?: string) => {
      const r = await runMdl(args, { env, stdin });
      outputs.push(r);
      return r;
    };

    beforeAll(async () => {
      tdb = await createTestDatabase(engine.name);
      const c = tdb.config;
      env = c.kind === 'sqlite' ? { MDL_DATABASE_URL: c.file } : { MDL_DATABASE_URL: c.url, MDL_DB_SCHEMA: c.schema };
      id = createIdentityServices(tdb.db, { revoker: { revokeAllForUser: async () => undefined } });
    });
    afterAll(async () => tdb?.destroy());

    it('prints help for every admin command', async () => {
      for (const c of ['admin', 'admin create', 'admin reset-password', 'admin disable', 'admin setup-token']) {
        const r = await runMdl([...c.split(' '), '--help']);
        expect(r.code, c).toBe(0);
        expect(r.stdout, c).toMatch(/^Usage: mdl admin/);
      }
    });

    it('prints a one-time setup token while no user exists', async () => {
      const r = await mdl(['admin', 'setup-token', '--ttl', '10']);
      expect(r.code, r.stderr).toBe(0);
      const token = r.stdout.trim();
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await id.setup.needsSetup()).toBe(true);
      expect((await mdl(['admin', 'setup-token', '--ttl', '0'])).code).toBe(2); // a usage error
    });

    it('never takes a password from argv and refuses one that fails the policy', async () => {
      const noStdin = await mdl(['admin', 'create', '--email', 'root@example.com']);
      expect(noStdin.code).toBe(2);
      expect(noStdin.stderr).toMatch(/--password-stdin/);
      const unknown = await mdl(['admin', 'create', '--email', 'root@example.com', '--password', PASSWORD]);
      expect(unknown.code).toBe(2);
      const weak = await mdl(['admin', 'create', '--email', 'root@example.com', '--password-stdin'], 'password1234\n');
      expect(weak.code).toBe(1);
      expect(weak.stderr).toMatch(/password does not meet the policy\n\s+password: is too common/);
      expect((await mdl(['admin', 'create', '--email', 'root@example.com', '--password-stdin'], '')).stderr).toMatch(/no password on stdin/);
      expect((await mdl(['admin', 'create', '--email', 'root@example.com', '--workspace', 'nope', '--password-stdin'], PASSWORD)).stderr).toMatch(/workspace nope not found/);
      expect(await id.users.findByEmail('root@example.com')).toBeUndefined();
    });

    it('creates an admin from a stdin password and prints only the id', async () => {
      const r = await mdl(['admin', 'create', '--email', 'Root@Example.com', '--name', 'Root', '--password-stdin'], `${PASSWORD}\n`);
      expect(r.code, r.stderr).toBe(0);
      const user = await id.users.getByEmail('root@example.com');
      expect(r.stdout).toBe(`${user.id}\n`);
      expect(user.displayName).toBe('Root');
      expect(await id.users.getMembership('default', user.id)).toMatchObject({ role: 'admin' });
      expect((await id.users.authenticate('root@example.com', PASSWORD)).id).toBe(user.id);
      const again = await mdl(['admin', 'create', '--email', 'root@example.com', '--password-stdin'], PASSWORD);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already exists/);
      expect((await mdl(['admin', 'setup-token'])).stderr).toMatch(/setup is already complete/);
    });

    it('resets a password and disables a user, revoking their sessions and API keys in the database', async () => {
      const user = await id.users.getByEmail('root@example.com');
      const now = new Date().toISOString();
      const later = new Date(Date.now() + 3_600_000).toISOString();
      const addCredentials = async (n: number) => {
        await tdb.db.insertInto('sessions').values({ id: `s${n}`, user_id: user.id, workspace_id: 'default', created_at: now, last_used_at: now, expires_at: later, revoked_at: null, revoked_reason: null, user_agent: null, ip: null }).execute();
        await tdb.db.insertInto('api_keys').values({ id: `k${n}`, workspace_id: 'default', user_id: user.id, name: 'ci', prefix: `mdl_p${n}`, secret_hash: 'h', scopes: '[]', created_at: now, expires_at: null, last_used_at: null, revoked_at: null }).execute();
      };
      const revoked = async (n: number) => ({
        session: await tdb.db.selectFrom('sessions').select(['revoked_at', 'revoked_reason']).where('id', '=', `s${n}`).executeTakeFirstOrThrow(),
        key: await tdb.db.selectFrom('api_keys').select('revoked_at').where('id', '=', `k${n}`).executeTakeFirstOrThrow(),
      });

      await addCredentials(1);
      const reset = await mdl(['admin', 'reset-password', '--email', 'root@example.com', '--password-stdin'], `${NEW_PASSWORD}\r\n`);
      expect(reset.code, reset.stderr).toBe(0);
      expect(reset.stdout).toBe(`${user.id}\n`);
      await expect(id.users.authenticate('root@example.com', PASSWORD)).rejects.toThrow();
      expect((await id.users.authenticate('root@example.com', NEW_PASSWORD)).id).toBe(user.id);
      const r1 = await revoked(1);
      expect(r1.session).toEqual({ revoked_at: expect.any(String), revoked_reason: 'password_reset' });
      expect(r1.key.revoked_at).toEqual(expect.any(String));

      await addCredentials(2);
      const disabled = await mdl(['admin', 'disable', '--email', 'ROOT@example.com']);
      expect(disabled.code, disabled.stderr).toBe(0);
      expect(await id.users.isActive(user.id)).toBe(false);
      expect((await revoked(2)).session.revoked_reason).toBe('user_disabled');
      expect((await revoked(1)).session.revoked_reason).toBe('password_reset'); // already revoked: left as it was
      await expect(id.users.authenticate('root@example.com', NEW_PASSWORD)).rejects.toThrow('invalid email or password');
      expect((await mdl(['admin', 'disable', '--email', 'ghost@example.com'])).code).toBe(1);
    });

    it('never prints or audits a password', async () => {
      const hash = (await tdb.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow()).password_hash!;
      const audit = JSON.stringify(await tdb.db.selectFrom('audit_events').selectAll().execute());
      for (const text of [...outputs.flatMap((o) => [o.stdout, o.stderr]), audit]) {
        for (const secret of [PASSWORD, NEW_PASSWORD, hash, 'password1234']) expect(text).not.toContain(secret);
      }
      expect(audit).toContain('user.password_reset');
      expect(audit).toContain('user.disable');
    });
  });
}
