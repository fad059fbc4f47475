import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.js';
import { multiValue } from '../../http/list-query.js';
import { registerEntityRoutes } from '../catalog/routes.js';
import type { MetricFilter } from './repository.js';
import { metricSchema } from './schema.js';
import type { MetricsService } from './service.js';

export const metricFilterQuery = {
  domain: multiValue, tier: multiValue, category: multiValue, metric_type: multiValue, status: multiValue,
  owner: multiValue, classification: multiValue, tag: multiValue,
  q: z.string().max(500).optional().describe('full-text search over name, description, formula and tags (prefix match per word)'),
};

export function toMetricFilter(q: Record<string, unknown>): MetricFilter {
  return q as MetricFilter;
}

const countMap = z.record(z.string(), z.number().int());

export function registerMetricRoutes(appIn: FastifyInstance, service: MetricsService): void {
  const app = appIn.withTypeProvider<ZodTypeProvider>();
  // Registered before /metrics/:id so "stats" is never read as an id.
  app.get('/metrics/stats', {
    config: { scope: 'metrics:read' },
    schema: {
      tags: ['metrics'], summary: 'Counts of metrics by tier, domain, category, type, status, owner and classification',
      response: { 200: z.object({ total: z.number().int(), by: z.object({ tier: countMap, domain: countMap, category: countMap, metric_type: countMap, status: countMap, owner: countMap, classification: countMap }) }) },
    },
  }, async (request) => service.stats(contextOf(request)));

  registerEntityRoutes(appIn, { path: '/metrics', tag: 'metrics', service, schema: metricSchema, filterQuery: metricFilterQuery, toFilter: toMetricFilter });
}
