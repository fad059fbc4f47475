import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { createTestDatabase, type EngineName, type TestDatabase } from './databases.js';

export interface TestApp {
  app: FastifyInstance;
  tdb: TestDatabase;
  close(): Promise<void>;
}

/** The real app on a fresh database of the given engine, for inject()-based tests. */
export async function createTestApp(engine: EngineName, config: { bodyLimit?: number; importBodyLimit?: number } = {}): Promise<TestApp> {
  const tdb = await createTestDatabase(engine);
  const app = await buildApp({
    config: { bodyLimit: config.bodyLimit ?? 1024 * 1024, importBodyLimit: config.importBodyLimit ?? 10 * 1024 * 1024, requestTimeoutMs: 30_000 },
    db: tdb.db,
  });
  return {
    app,
    tdb,
    async close() {
      await app.close();
      await tdb.destroy();
    },
  };
}
