import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app.js';
import type { Role } from '../../src/modules/auth/permissions.js';
import { readAuthEpoch } from '../../src/modules/auth/principal-cache.js';
import { createServices, type Services, type ServicesOptions } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { SecretBox } from '../../src/shared/secret-box.js';
import { createTestDatabase, type EngineName, type TestDatabase } from './databases.js';

/** Anything that can inject a request: the app itself, or the app with a credential added. */
export interface Injector {
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  /** Injects as the workspace admin (bearer access token) unless the request sets its own authorization. */
  app: Injector;
  /** The bare app: no credential added. */
  raw: FastifyInstance;
  tdb: TestDatabase;
  services: Services;
  adminToken: string;
  /** Creates a user with a role in a workspace (created if missing) and returns an access token for them. */
  login(email: string, role: Role, workspaceId?: string): Promise<{ token: string; userId: string; refreshToken: string }>;
  /** An injector that sends the given bearer credential. */
  as(credential: string): Injector;
  /**
   * After a test changed credential state in the database directly (as another instance or the CLI
   * would), the app reads `auth_epoch` now instead of at its next poll (within 250 ms).
   */
  syncAuth(): Promise<void>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery staple 42';

/** TestApp.syncAuth for any app built on `services`: the principal cache reads `auth_epoch` now. */
export async function syncAuth(services: Services, tdb: TestDatabase): Promise<void> {
  services.auth.principalCache.observe(await readAuthEpoch(tdb.db));
}

export function withCredential(app: FastifyInstance, credential: string): Injector {
  return {
    inject: (opts) => app.inject({ ...opts, headers: { authorization: `Bearer ${credential}`, ...(opts.headers ?? {}) } }),
  };
}

/** The real app on a fresh database of the given engine, with a real admin signed in. */
export async function createTestApp(
  engine: EngineName,
  config: { bodyLimit?: number; importBodyLimit?: number; services?: Omit<ServicesOptions, 'secretBox'>; app?: Pick<AppOptions, 'rateLimit' | 'principalCache'> } = {},
): Promise<TestApp> {
  const tdb = await createTestDatabase(engine);
  // A random key per test app (secrets at rest): explicit, as the server and the CLI pass theirs.
  const services = createServices(tdb.db, undefined, { ...config.services, secretBox: SecretBox.ephemeral() });
  const raw = await buildApp({
    config: { bodyLimit: config.bodyLimit ?? 1024 * 1024, importBodyLimit: config.importBodyLimit ?? 10 * 1024 * 1024, requestTimeoutMs: 30_000 },
    db: tdb.db,
    services,
    ...config.app,
  });
  const ctx = localContext('test-setup');
  const login: TestApp['login'] = async (email, role, workspaceId = 'default') => {
    if (workspaceId !== 'default' && !(await tdb.db.selectFrom('workspaces').select('id').where('id', '=', workspaceId).executeTakeFirst())) {
      await services.identity.users.createWorkspace(ctx, { id: workspaceId, name: workspaceId });
    }
    const user = await services.identity.users.createUser(ctx, { email, password: TEST_PASSWORD, membership: { workspaceId, role } });
    const pair = await services.login.login(email, TEST_PASSWORD, workspaceId, {});
    return { token: pair.access_token, userId: user.id, refreshToken: pair.refresh_token };
  };
  const admin = await login('admin@example.com', 'admin');
  return {
    app: withCredential(raw, admin.token),
    raw,
    tdb,
    services,
    adminToken: admin.token,
    login,
    as: (credential) => withCredential(raw, credential),
    syncAuth: () => syncAuth(services, tdb),
    async close() {
      await raw.close();
      await tdb.destroy();
    },
  };
}
