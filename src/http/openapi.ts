import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** One OpenAPI 3.1 document generated from the route schemas; served as JSON and browsable. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'MDL — Metrics Definition Library API',
        version,
        description: 'The governed source of truth for business metrics. Errors share one shape: {"error": {"code", "message", "details"?}, "requestId"}.',
      },
      tags: [
        { name: 'metrics' }, { name: 'domains' }, { name: 'objectives' }, { name: 'import-export' }, { name: 'policies' }, { name: 'health' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api-docs' });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
