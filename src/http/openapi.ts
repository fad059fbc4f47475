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
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token (EdDSA JWT, 15 min) or an API key (mdl_…) as a bearer token' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'API key (mdl_…), shown once at creation' },
          browserSession: {
            type: 'apiKey', in: 'cookie', name: 'mdl_access',
            description: 'Browser session from POST /auth/login with mode "cookie" (`__Host-mdl_access` over TLS). POST, PUT, PATCH and DELETE also need the X-CSRF-Token header.',
          },
        },
      },
      tags: [
        { name: 'auth' }, { name: 'api-keys' }, { name: 'members' }, { name: 'audit' }, { name: 'metrics' }, { name: 'domains' }, { name: 'objectives' }, { name: 'import-export' }, { name: 'policies' }, { name: 'health' },
      ],
    },
    // Each operation states how to authenticate and the one scope it needs (from the route's config).
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const scope = input.route.config?.scope;
      if (!scope || scope === 'public') return out;
      return {
        ...out,
        schema: {
          ...out.schema,
          security: [{ bearerAuth: [scope] }, { apiKey: [scope] }, { browserSession: [scope] }],
          'x-required-scope': scope,
        } as typeof out.schema,
      };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api-docs' });
  app.get('/api/v1/openapi.json', { config: { scope: 'public' }, schema: { hide: true } }, async () => app.swagger());
}
