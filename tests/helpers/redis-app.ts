import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { buildApp } from '../../src/app.js';
import { createRedisClient } from '../../src/http/redis.js';
import type { RateLimitOptions } from '../../src/http/rate-limit.js';
import { createServices, type Services } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { TEST_PASSWORD } from './app.js';
import { createTestDatabase, type EngineName, type TestDatabase } from './databases.js';
import { startPrivateRedis, type PrivateRedis } from './private-redis.js';

export interface AppOnPrivateRedis {
  server: PrivateRedis;
  redis: Redis;
  tdb: TestDatabase;
  app: FastifyInstance;
  services: Services;
  close(): Promise<void>;
}

/**
 * The app on a fresh database whose rate limits and login throttle use a private redis-server (which the
 * test may stop, resume or kill), with `people` as viewers of `default` (password TEST_PASSWORD).
 */
export async function appOnPrivateRedis(
  engine: EngineName, o: { timeoutMs: number; rateLimit?: Omit<RateLimitOptions, 'redis'>; people?: string[] },
): Promise<AppOnPrivateRedis> {
  const server = await startPrivateRedis();
  const redis = createRedisClient(server.url, o.timeoutMs);
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  const tdb = await createTestDatabase(engine);
  const services = createServices(tdb.db);
  const app = await buildApp({
    config: { bodyLimit: 1024 * 1024, importBodyLimit: 1024 * 1024, requestTimeoutMs: 30_000 }, db: tdb.db, services,
    rateLimit: { ...o.rateLimit, redis },
  });
  for (const email of o.people ?? []) {
    await services.identity.users.createUser(localContext('test'), { email, password: TEST_PASSWORD, membership: { workspaceId: 'default', role: 'viewer' } });
  }
  return {
    server, redis, tdb, app, services,
    async close() {
      await app.close();
      await tdb.destroy();
      redis.disconnect();
      await server.destroy();
    },
  };
}
