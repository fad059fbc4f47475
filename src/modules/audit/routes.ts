import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { contextOf } from '../../http/context.js';
import { errorResponses } from '../../http/schemas.js';
import { contentTypeOf } from './export.js';
import type { AuditService } from './service.js';

const filterQuery = {
  actor: z.string().max(300).optional(),
  action: z.string().max(100).optional(),
  entity_type: z.string().max(50).optional(),
  entity_id: z.string().max(300).optional(),
  from: z.string().max(40).optional().describe('inclusive lower bound on occurred_at (ISO 8601, UTC)'),
  to: z.string().max(40).optional().describe('exclusive upper bound on occurred_at'),
};
type FilterQuery = { actor?: string; action?: string; entity_type?: string; entity_id?: string; from?: string; to?: string };
const toFilter = (q: FilterQuery) => ({ actor: q.actor, action: q.action, entityType: q.entity_type, entityId: q.entity_id, from: q.from, to: q.to });

/** The workspace's audit log, for admins: filtered pages, exports, and a chain check. */
export function registerAuditRoutes(appIn: FastifyInstance, audit: AuditService): void {
  const app = appIn.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];
  const config = { scope: 'admin' as const };

  app.get('/audit', {
    config,
    schema: {
      tags, summary: 'Audit events, newest first (filters; cursor pagination)',
      querystring: z.object({ ...filterQuery, limit: z.coerce.number().int().min(1).max(500).default(100), cursor: z.string().max(200).optional() }),
      response: { 200: z.object({ items: z.array(z.record(z.string(), z.unknown())), next_cursor: z.string().nullable() }), ...errorResponses },
    },
  }, async (request) => {
    const { limit, cursor, ...q } = request.query;
    const page = await audit.list(contextOf(request).workspaceId, { ...toFilter(q), limit, cursor });
    return { items: page.items as unknown as Array<Record<string, unknown>>, next_cursor: page.nextCursor };
  });

  app.get('/audit/export', {
    config,
    schema: { tags, summary: 'Export audit events, oldest first, as JSON Lines or CSV (streamed)', querystring: z.object({ ...filterQuery, format: z.enum(['jsonl', 'csv']).default('jsonl') }) },
  }, async (request, reply) => {
    const { format, ...q } = request.query;
    const body = Readable.from(audit.export(contextOf(request).workspaceId, toFilter(q), format));
    return reply.type(contentTypeOf(format)).header('content-disposition', `attachment; filename="audit.${format}"`).send(body);
  });

  app.get('/audit/verify', {
    config,
    schema: {
      tags, summary: 'Walk the hash chain; reports the first broken link',
      response: {
        200: z.union([
          z.object({ ok: z.literal(true), count: z.number().int().describe('events checked'), unchained: z.number().int().optional().describe('events from before the chain (migration 0002), a prefix') }),
          z.object({ ok: z.literal(false), count: z.number().int().describe('events verified before the break'), firstBroken: z.object({ id: z.number().int(), reason: z.string() }) }),
        ]),
        ...errorResponses,
      },
    },
  }, async (request) => audit.verify(contextOf(request).workspaceId));
}
