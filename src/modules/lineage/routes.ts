import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.js';
import { errorResponses } from '../../http/schemas.js';
import { LINEAGE_MAX_DEPTH, LINEAGE_NODE_CAP, type LineageService } from './service.js';

const NODE_TYPES = ['metric', 'domain', 'objective', 'key_result'] as const;
const RELATIONS = ['upstream_metric', 'downstream_metric', 'domain', 'key_metric', 'objective', 'key_result', 'key_result_of'] as const;

const nodeSchema = z.object({
  key: z.string().describe('unique in the graph: <type>:<id> (a key result: key_result:<objective>:<kr>)'),
  type: z.enum(NODE_TYPES),
  id: z.string().describe('the entity id; for an unresolved reference, its target as written'),
  name: z.string().nullable().describe('null when unresolved'),
  unresolved: z.boolean().describe('a reference that names nothing in the workspace (yet)'),
  hops: z.number().int().nullable().describe('metric hops from the root (0: the root); null for domains, objectives and key results'),
  status: z.string().optional(),
  tier: z.string().optional(),
  domain: z.string().optional().describe("a metric's business_domain as written"),
  objective_id: z.string().optional().describe("a key result's objective"),
});

const edgeSchema = z.object({
  from: z.string().describe('node key; metric edges run from upstream to downstream, the others from the metric outwards'),
  to: z.string(),
  relation: z.enum(RELATIONS),
  declared_by: z.string().describe('the node whose document holds the reference'),
  field: z.string().describe('where the reference stands in that document, e.g. relationships.upstream_metric_ids[0]'),
});

export const lineageSchema = z.object({
  root: z.string().describe('the key of the metric asked for'),
  depth: z.number().int(),
  direction: z.enum(['upstream', 'downstream', 'both']),
  max_nodes: z.number().int(),
  truncated: z.boolean().describe('the graph reached max_nodes and was cut'),
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema),
});

export function registerLineageRoutes(appIn: FastifyInstance, service: LineageService): void {
  const app = appIn.withTypeProvider<ZodTypeProvider>();
  app.get('/metrics/:id/lineage', {
    config: { scope: 'metrics:read' },
    schema: {
      tags: ['metrics'],
      summary: 'A metric\'s lineage: upstream and downstream metrics up to N hops, with the domains, objectives and key results of each; unresolved references as nodes',
      params: z.object({ id: z.string().min(1).max(128) }),
      querystring: z.object({
        depth: z.coerce.number().int().min(1).max(LINEAGE_MAX_DEPTH).default(2).describe('metric hops from the root'),
        direction: z.enum(['upstream', 'downstream', 'both']).default('both'),
        max_nodes: z.coerce.number().int().min(1).max(LINEAGE_NODE_CAP).default(LINEAGE_NODE_CAP).describe('node cap; past it the graph is cut and truncated is true'),
      }),
      response: { 200: lineageSchema, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    return service.ofMetric(contextOf(request), request.params.id, { depth: q.depth, direction: q.direction, maxNodes: q.max_nodes });
  });
}
