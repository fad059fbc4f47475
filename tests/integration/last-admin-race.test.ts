import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityServices, type IdentityServices } from '../../src/modules/identity/index.js';
import { localContext } from '../../src/shared/context.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';

const ctx = localContext('race');
const PASSWORD = 'two admins demote each other 42';

/**
 * "The last active admin cannot be demoted, removed or disabled" must hold when two admins act at the
 * same moment: each transaction counting two admins before the other commits would leave none. Run
 * on both engines; PostgreSQL (READ COMMITTED, a pool of connections) is where it can interleave.
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`the last admin under concurrent changes on ${engine.label}`, () => {
    let tdb: TestDatabase;
    let id: IdentityServices;
    beforeAll(async () => {
      tdb = await createTestDatabase(engine.name);
      id = createIdentityServices(tdb.db, { revoker: { revokeAllForUser: async () => undefined } });
    });
    afterAll(async () => tdb?.destroy());

    const twoAdmins = async (ws: string) => {
      await id.users.createWorkspace(ctx, { id: ws, name: ws });
      const a = await id.users.createUser(ctx, { email: `a@${ws}.example.com`, password: PASSWORD, membership: { workspaceId: ws, role: 'admin' } });
      const b = await id.users.createUser(ctx, { email: `b@${ws}.example.com`, password: PASSWORD, membership: { workspaceId: ws, role: 'admin' } });
      return [a.id, b.id] as const;
    };
    const activeAdmins = async (ws: string) => (await id.users.listMembers(ws)).filter((m) => m.role === 'admin' && m.status === 'active').length;

    const cases: Array<[string, (ws: string, userId: string) => Promise<unknown>]> = [
      ['demote', (ws, u) => id.users.updateMember(ctx, ws, u, 'viewer')],
      ['remove', (ws, u) => id.users.removeMember(ctx, ws, u)],
      ['disable', (ws, u) => id.users.disableMember(ctx, ws, u)],
    ];
    for (const [name, act] of cases) {
      it(`${name}: of two admins acting on each other at once, exactly one succeeds`, async () => {
        for (let round = 0; round < 5; round++) {
          const ws = `${name}-${round}`;
          const [a, b] = await twoAdmins(ws);
          const outcomes = await Promise.allSettled([act(ws, a), act(ws, b)]);
          expect(outcomes.map((o) => o.status).sort(), `round ${round}`).toEqual(['fulfilled', 'rejected']);
          expect(await activeAdmins(ws)).toBe(1);
        }
      });
    }
  });
}
