import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { createServices, type Services } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import type { SsoNetworkPolicy } from '../../src/modules/sso/outbound.js';
import { SecretBox } from '../../src/shared/secret-box.js';
import { TEST_PASSWORD, withCredential, type Injector } from './app.js';
import { createTestDatabase, type EngineName, type TestDatabase } from './databases.js';

/** The policy of an instance with MDL_SSO_ALLOW_PRIVATE_ISSUERS=true, outside production. */
export const LOCAL_PROVIDERS: SsoNetworkPolicy = { allowHttp: true, allowPrivate: true };

/** The host the tests reach MDL at: the redirect URI registered at the test provider is built from it. */
export const MDL_HOST = 'mdl.test';
export const callbackUrl = (workspaceId: string) => `http://${MDL_HOST}/api/v1/auth/sso/${workspaceId}/callback`;

export interface SsoTestApp {
  raw: FastifyInstance;
  tdb: TestDatabase;
  services: Services;
  /** The MDL_SECRET_KEY of this app's SecretBox. */
  secretKey: Buffer;
  /** Injects as the admin of `default`. */
  admin: Injector;
  /** An admin of another workspace (created). */
  adminOf(workspaceId: string): Promise<Injector>;
  /** A request as a browser would send it to MDL (Host: mdl.test). */
  get(url: string, remoteAddress?: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The real app with a SecretBox (as with MDL_SECRET_KEY set) on a fresh database, and an admin of `default`. */
export async function createSsoTestApp(
  engine: EngineName, opts: { logs?: string[]; publicUrl?: string; network?: SsoNetworkPolicy } = {},
): Promise<SsoTestApp> {
  const tdb = await createTestDatabase(engine);
  const secretKey = randomBytes(32);
  // The test provider listens on loopback http: allowed as MDL_SSO_ALLOW_PRIVATE_ISSUERS=true outside production allows it.
  const services = createServices(tdb.db, undefined, { secretBox: new SecretBox([secretKey]), ssoNetwork: opts.network ?? LOCAL_PROVIDERS });
  const raw = await buildApp({ config: { bodyLimit: 1024 * 1024, importBodyLimit: 1024 * 1024, requestTimeoutMs: 30_000 }, db: tdb.db, services,
    ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
    ...(opts.logs ? { logger: { level: 'info', stream: { write: (line: string) => void opts.logs!.push(line) } } } : {}),
  });
  const ctx = localContext('test-setup');
  const adminToken = async (workspaceId: string) => {
    const email = `admin@${workspaceId}.example.com`;
    await services.identity.users.createUser(ctx, { email, password: TEST_PASSWORD, membership: { workspaceId, role: 'admin' } });
    return (await services.login.login(email, TEST_PASSWORD, workspaceId, {})).access_token;
  };
  const admin = withCredential(raw, await adminToken('default'));
  return {
    raw, tdb, services, secretKey, admin,
    async adminOf(workspaceId) {
      await services.identity.users.createWorkspace(ctx, { id: workspaceId, name: workspaceId });
      return withCredential(raw, await adminToken(workspaceId));
    },
    get: (url, remoteAddress = '127.0.0.1') => raw.inject({ method: 'GET', url, headers: { host: MDL_HOST }, remoteAddress }),
    async close() {
      await raw.close();
      await tdb.destroy();
    },
  };
}
