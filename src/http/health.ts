import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/connect.js';
import { faultsOf } from '../db/faults.js';
import { sendError } from './error-handler.js';

const healthSchema = z.object({ status: z.enum(['ok', 'degraded', 'unavailable']), checks: z.record(z.string(), z.string()).optional() });

/** Seconds a client is told to wait while the server is still reaching its database at start. */
const STARTING_RETRY_AFTER_SECONDS = 2;

/**
 * The server's start-up work on the database (connect, migrate, re-seal secrets), which server.ts
 * retries while the database cannot be reached. Until it is done the server listens, readiness says
 * `database: "connecting"` (503), and every other request answers 503 DATABASE_UNAVAILABLE.
 */
export class StartupGate {
  #open = false;
  get open(): boolean {
    return this.#open;
  }
  markReady(): void {
    this.#open = true;
  }
}

/** Ahead of authentication: it reads the database, which may not be reachable or migrated yet. */
export function registerStartupGate(app: FastifyInstance, gate: StartupGate): void {
  app.addHook('onRequest', async (request, reply) => {
    if (gate.open || request.url.startsWith('/health/')) return;
    reply.header('retry-after', String(STARTING_RETRY_AFTER_SECONDS));
    return sendError(reply, 503, 'DATABASE_UNAVAILABLE', 'the server is starting: its database is not reachable yet', { retryAfterSeconds: STARTING_RETRY_AFTER_SECONDS });
  });
}

/**
 * Liveness, and readiness: the database answers. Readiness stays 200 when writes fail (a full disk):
 * reads still work, so taking the instance out of service would turn a partial outage into a full one;
 * it says `status: "degraded"` and `writes: "failing: disk full"` after a write failed in the last minute
 * with no write succeeding since (docs/architecture.md, durability and database faults), and /metrics
 * counts the failures.
 */
export function registerHealth(app: FastifyInstance, db: Db, gate?: StartupGate): void {
  const faults = faultsOf(db);
  app.get('/health/live', { config: { scope: 'public' }, schema: { tags: ['health'], summary: 'The process is up', response: { 200: healthSchema } } }, async () => ({ status: 'ok' as const }));
  app.get('/health/ready', { config: { scope: 'public' }, schema: { tags: ['health'], summary: 'Ready to serve: the database answers (and whether writes fail)', response: { 200: healthSchema, 503: healthSchema } } }, async (request, reply) => {
    if (gate && !gate.open) return reply.code(503).send({ status: 'unavailable' as const, checks: { database: 'connecting' } });
    try {
      await sql`SELECT 1`.execute(db);
    } catch (err) {
      request.log.warn({ err }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable' as const, checks: { database: 'unreachable' } });
    }
    const failing = faults.failingWrites();
    if (failing) return { status: 'degraded' as const, checks: { database: 'ok', writes: `failing: ${failing.words}` } };
    return { status: 'ok' as const, checks: { database: 'ok' } };
  });
}
