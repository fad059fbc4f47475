import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.js';
import { multiValue } from '../../http/list-query.js';
import { errorResponses } from '../../http/schemas.js';
import { registerEntityRoutes } from '../catalog/routes.js';
import { FACET_CAP, FACET_NAMES, GAP_NAMES, GAP_SAMPLE, type MetricFilter } from './repository.js';
import { metricSchema } from './schema.js';
import type { MetricsService } from './service.js';

export const metricFilterQuery = {
  domain: multiValue, tier: multiValue, category: multiValue, metric_type: multiValue, status: multiValue,
  owner: multiValue, owner_team: multiValue, classification: multiValue, tag: multiValue,
  q: z.string().max(500).optional().describe('full-text search over name, description, formula and tags (prefix match per word)'),
};

export function toMetricFilter(q: Record<string, unknown>): MetricFilter {
  return q as MetricFilter;
}

const countMap = z.record(z.string(), z.number().int());
const facetSchema = z.object({
  values: z.array(z.object({ value: z.string(), count: z.number().int() })).describe(`at most ${FACET_CAP}, by count (descending) then value`),
  other: z.number().int().describe('the count of the values past the cap'),
});
const facetsSchema = z.object({
  total: z.number().int().describe('metrics matching every filter'),
  facets: z.object(Object.fromEntries(FACET_NAMES.map((n) => [n, facetSchema])) as Record<(typeof FACET_NAMES)[number], typeof facetSchema>),
});

const gapSchema = z.object({
  count: z.number().int().describe('metrics in the workspace with this gap'),
  metrics: z.array(z.object({ metric_id: z.string(), name: z.string() })).describe(`the first ${GAP_SAMPLE} by id`),
});
const gapsSchema = z.object(Object.fromEntries(GAP_NAMES.map((n) => [n, gapSchema])) as Record<(typeof GAP_NAMES)[number], typeof gapSchema>);

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

  app.get('/metrics/facets', {
    config: { scope: 'metrics:read' },
    schema: {
      tags: ['metrics'], summary: 'Facet counts for the list\'s filters: each facet counted with the other facets\' filters, not its own',
      querystring: z.object(metricFilterQuery),
      response: { 200: facetsSchema, ...errorResponses },
    },
  }, async (request) => service.facets(contextOf(request), toMetricFilter(request.query)));

  app.get('/metrics/governance-gaps', {
    config: { scope: 'metrics:read' },
    schema: {
      tags: ['metrics'], summary: 'Governance gaps: metrics without an owner, PII without a classification, deprecated metrics still referenced',
      response: { 200: gapsSchema, ...errorResponses },
    },
  }, async (request) => service.governanceGaps(contextOf(request)));

  registerEntityRoutes(appIn, { path: '/metrics', tag: 'metrics', service, schema: metricSchema, filterQuery: metricFilterQuery, toFilter: toMetricFilter });
}
