import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseBody } from '../../http/body.js';
import { contextOf } from '../../http/context.js';
import { errorResponses } from '../../http/schemas.js';
import type { ReferencesService } from './service.js';

const tags = ['references'];
const ENTITY_TYPES = ['metric', 'domain', 'objective'] as const;
const TARGET_TYPES = ['metric', 'domain', 'objective', 'okr'] as const;

const referenceSchema = z.object({
  from_type: z.enum(ENTITY_TYPES), from_id: z.string(), field: z.string().describe('where the reference stands in the referrer, e.g. relationships.upstream_metric_ids[0]'),
  to_type: z.enum(TARGET_TYPES).describe('okr: an objective, a key result, or OBJ:KR'), to_id: z.string().describe('the target exactly as written'),
  state: z.enum(['resolved', 'unresolved']),
});
const policySchema = z.object({ reference_policy: z.enum(['warn', 'strict']).describe('warn: unresolved references are kept and listed; strict: they are refused') });

export function registerReferenceRoutes(appIn: FastifyInstance, service: ReferencesService): void {
  const app = appIn.withTypeProvider<ZodTypeProvider>();

  app.get('/references', {
    config: { scope: 'metrics:read' },
    schema: {
      tags, summary: 'The reference graph of the workspace: every reference as written, filterable by state, referrer kind and target; cursor pages',
      querystring: z.object({
        state: z.enum(['unresolved', 'resolved', 'all']).default('all'),
        kind: z.enum(ENTITY_TYPES).optional().describe('the referrer kind'),
        from: z.string().max(128).optional().describe('the referrer id'),
        target_type: z.enum(TARGET_TYPES).optional(),
        target: z.string().max(128).optional().describe('the target id as written'),
        limit: z.coerce.number().int().min(1).max(500).default(100),
        cursor: z.string().max(2000).optional(),
      }),
      response: { 200: z.object({ items: z.array(referenceSchema), total: z.number().int(), next_cursor: z.string().nullable() }), ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    return service.list(contextOf(request), { state: q.state, kind: q.kind, from: q.from, targetType: q.target_type, target: q.target, limit: q.limit, cursor: q.cursor });
  });

  for (const type of ENTITY_TYPES) {
    app.get(`/${type}s/:id/references`, {
      config: { scope: `${type}s:read` },
      schema: {
        tags, summary: `A ${type}'s references: what it names (resolved or not) and who names it`,
        params: z.object({ id: z.string().min(1).max(128) }),
        response: {
          200: z.object({ outgoing: z.array(referenceSchema), incoming: z.array(z.object({ type: z.enum(ENTITY_TYPES), id: z.string(), field: z.string() })) }),
          ...errorResponses,
        },
      },
    }, async (request) => service.ofEntity(contextOf(request), type, request.params.id));
  }

  app.get('/settings/references', {
    config: { scope: 'metrics:read' },
    schema: { tags, summary: 'The workspace reference policy (warn or strict)', response: { 200: policySchema, ...errorResponses } },
  }, async (request) => ({ reference_policy: await service.policy(contextOf(request)) }));

  app.put('/settings/references', {
    config: { scope: 'admin' },
    schema: { tags, summary: 'Set the workspace reference policy: strict refuses writes with unresolved references (a CI gate); audited', body: policySchema, response: { 200: policySchema, ...errorResponses } },
  }, async (request) => ({ reference_policy: await service.setPolicy(contextOf(request), parseBody(policySchema, request.body).reference_policy) }));
}
