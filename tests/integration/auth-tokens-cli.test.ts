import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/shared/secret-box.js';
import { createTestDatabase, ENGINES, type TestDatabase } from '../helpers/databases.js';
import { runMdl } from '../helpers/cli.js';

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`mdl keys (${engine.label})`, () => {
    let t: TestDatabase;
    let env: NodeJS.ProcessEnv;
    const secretKey = randomBytes(32);

    beforeAll(async () => {
      t = await createTestDatabase(engine.name);
      const c = t.config;
      env = { MDL_SECRET_KEY: secretKey.toString('base64'), ...(c.kind === 'sqlite' ? { MDL_DATABASE_URL: c.file } : { MDL_DATABASE_URL: c.url, MDL_DB_SCHEMA: c.schema }) };
    });
    afterAll(async () => { await t?.destroy(); });

    it('rotates and lists keys without printing key material', async () => {
      const empty = await runMdl(['keys', 'list'], { env });
      expect(empty.code, empty.stderr).toBe(0);
      expect(empty.stdout).toMatch(/no signing keys yet/);

      const first = await runMdl(['keys', 'rotate'], { env });
      expect(first.code, first.stderr).toBe(0);
      const kid1 = first.stdout.trim();
      expect(kid1).toMatch(/^[A-Za-z0-9_-]{16}$/);
      const second = await runMdl(['keys', 'rotate'], { env });
      const kid2 = second.stdout.trim();
      expect(kid2).not.toBe(kid1);

      const list = await runMdl(['keys', 'list'], { env });
      expect(list.code).toBe(0);
      const lines = list.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^KID\s+ALG\s+CREATED\s+RETIRED\s+STATUS$/);
      expect(lines.find((l) => l.startsWith(kid2))).toMatch(/EdDSA\s+\S+\s+-\s+signing$/);
      expect(lines.find((l) => l.startsWith(kid1))).toMatch(/verifying$/);

      const json = await runMdl(['keys', 'list', '--json'], { env });
      const parsed = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
      expect(parsed.map((k) => k.kid)).toEqual([kid2, kid1]);
      expect(Object.keys(parsed[0]!).sort()).toEqual(['alg', 'createdAt', 'kid', 'retiredAt', 'status']);

      const rows = await t.db.selectFrom('signing_keys').select(['kid', 'public_jwk', 'private_jwk']).execute();
      for (const r of rows) {
        // Stored sealed with MDL_SECRET_KEY; opened here only to check that no output shows it.
        const d = (JSON.parse(new SecretBox([secretKey]).open(r.private_jwk, `signing-key:${r.kid}`)) as { d: string }).d;
        expect(r.private_jwk).not.toContain(d);
        const x = (JSON.parse(r.public_jwk) as { x: string }).x;
        for (const out of [list.stdout, json.stdout, first.stdout, second.stdout]) {
          expect(out).not.toContain(d);
          expect(out).not.toContain(x);
        }
      }
    });

    it('has help for keys rotate and keys list', async () => {
      for (const c of [['keys', 'rotate'], ['keys', 'list']]) {
        const r = await runMdl([...c, '--help']);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^Usage: mdl keys /);
      }
    });
  });
}
