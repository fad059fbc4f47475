import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/connect.js';

const healthSchema = z.object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.string()).optional() });

export function registerHealth(app: FastifyInstance, db: Db): void {
  app.get('/health/live', { config: { scope: 'public' }, schema: { tags: ['health'], summary: 'The process is up', response: { 200: healthSchema } } }, async () => ({ status: 'ok' as const }));
  app.get('/health/ready', { config: { scope: 'public' }, schema: { tags: ['health'], summary: 'Ready to serve: the database answers', response: { 200: healthSchema, 503: healthSchema } } }, async (request, reply) => {
    try {
      await sql`SELECT 1`.execute(db);
      return { status: 'ok' as const, checks: { database: 'ok' } };
    } catch (err) {
      request.log.warn({ err }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable' as const, checks: { database: 'unreachable' } });
    }
  });
}
