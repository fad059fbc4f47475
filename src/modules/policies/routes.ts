import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.js';
import { errorResponses } from '../../http/schemas.js';
import { BUNDLE_CONTENT_TYPE } from './bundle.js';
import type { CatalogPolicies } from './catalog-policies.js';
import { policyDecisionSchema, policyEvaluateBodySchema } from './evaluator.js';

const idParams = z.object({ id: z.string().min(1).max(128) });

export function registerPolicyRoutes(appIn: FastifyInstance, policies: CatalogPolicies): void {
  const app = appIn.withTypeProvider<ZodTypeProvider>();
  const tags = ['policies'];

  app.get('/metrics/:id/policy', {
    config: { scope: 'policies:read' },
    schema: {
      tags, summary: 'The fixed Rego module and this metric\'s policy data', params: idParams,
      response: {
        200: z.object({
          package: z.string(), module: z.string(), data: z.record(z.string(), z.unknown()), query: z.string(), data_path: z.string(),
          classification_levels: z.array(z.string()).optional().describe('the workspace\'s classification order (lowest first) for data.mdl.classification_levels; absent: the default order'),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => policies.policyFor(contextOf(request), request.params.id));

  app.post('/metrics/:id/policy/evaluate', {
    config: { scope: 'policies:read' },
    schema: {
      tags, summary: 'Evaluate the policy decision for this metric (same semantics as the Rego module)', params: idParams,
      body: policyEvaluateBodySchema, response: { 200: policyDecisionSchema, ...errorResponses },
    },
  }, async (request) => policies.evaluate(contextOf(request), request.params.id, request.body));

  app.get('/policies/bundle.tar.gz', {
    config: { scope: 'policies:read' },
    schema: {
      tags, summary: 'OPA bundle (.manifest with revision, the module, data.json); ETag for polling',
      headers: z.object({ 'if-none-match': z.string().max(1000).optional() }),
    },
  }, async (request, reply) => {
    const bundle = await policies.bundle(contextOf(request));
    reply.header('etag', bundle.etag).header('cache-control', 'no-cache');
    if (request.headers['if-none-match']?.split(',').map((t) => t.trim()).includes(bundle.etag)) return reply.code(304).send();
    return reply.type(BUNDLE_CONTENT_TYPE).header('content-disposition', 'attachment; filename="bundle.tar.gz"').send(bundle.body);
  });
}
