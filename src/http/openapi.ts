import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** Where the OpenAPI document lives (the README, the web app and the CLI name this address). */
export const OPENAPI_PATH = '/api/v1/openapi.json';

/** MDL's mark: the logo in the docs' top bar and their favicon. */
const MDL_MARK = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
  + '<rect width="120" height="40" rx="6" fill="#1f3a5f"/>'
  + '<text x="60" y="27" font-family="Helvetica,Arial,sans-serif" font-size="20" font-weight="700" fill="#ffffff" text-anchor="middle">MDL API</text></svg>';

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
  await app.register(swaggerUi, {
    routePrefix: '/api-docs',
    // The UI loads the document from its canonical address (Swagger UI fetches the primary of `urls`
    // instead of the plugin's ./json, which stays as an alias), under MDL's own name and mark.
    uiConfig: { urls: [{ url: OPENAPI_PATH, name: 'MDL API v1' }] },
    logo: { type: 'image/svg+xml', content: MDL_MARK, href: '/api-docs', target: '_self' },
    theme: { title: 'MDL API', favicon: [{ filename: 'mdl.svg', rel: 'icon', sizes: 'any', type: 'image/svg+xml', content: MDL_MARK }] },
  });
  app.get(OPENAPI_PATH, { config: { scope: 'public' }, schema: { hide: true } }, async () => app.swagger());
  // /api/v1 is the prefix of every API route; asked for itself, it says where things are instead of 404.
  app.get('/api/v1', { config: { scope: 'public' }, schema: { hide: true } }, async () => ({
    name: 'MDL — Metrics Definition Library API',
    version,
    openapi: OPENAPI_PATH,
    docs: '/api-docs',
    health: { live: '/health/live', ready: '/health/ready' },
    metrics: '/metrics',
    invite: '/invite',
    examples: ['GET /api/v1/metrics', 'POST /api/v1/auth/login'],
  }));
}
