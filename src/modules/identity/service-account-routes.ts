import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseBody } from '../../http/body.js';
import { contextOf, principalOf } from '../../http/context.js';
import { errorResponses } from '../../http/schemas.js';
import { apiKeyBody, apiKeyRecord } from '../auth/routes.js';
import { ROLES } from '../auth/permissions.js';
import type { ServiceAccountService } from './service-accounts.js';

const serviceAccount = z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), status: z.enum(['active', 'disabled']), createdAt: z.string() });
const newAccountBody = z.strictObject({ name: z.string().min(1).max(100), role: z.enum(ROLES) });
const idParams = z.object({ id: z.string().min(1).max(200) });

/** Service accounts of the workspace and their API keys (admins only). */
export function registerServiceAccountRoutes(appIn: FastifyInstance, accounts: ServiceAccountService): void {
  const app = appIn.withTypeProvider<ZodTypeProvider>();
  const tags = ['api-keys'];
  const config = { scope: 'admin' as const };

  app.get('/service-accounts', { config, schema: { tags, summary: 'Service accounts of the workspace', response: { 200: z.object({ items: z.array(serviceAccount) }), ...errorResponses } } },
    async (request) => ({ items: await accounts.list(contextOf(request).workspaceId) }));

  app.post('/service-accounts', {
    config,
    schema: { tags, summary: 'Create a service account: an identity for integrations that holds API keys and never signs in', body: newAccountBody, response: { 201: serviceAccount, ...errorResponses } },
  }, async (request, reply) => {
    const b = parseBody(newAccountBody, request.body);
    return reply.code(201).send(await accounts.create(contextOf(request), b));
  });

  app.get('/service-accounts/:id', { config, schema: { tags, summary: 'One service account', params: idParams, response: { 200: serviceAccount, ...errorResponses } } },
    async (request) => accounts.get(contextOf(request).workspaceId, request.params.id));

  app.delete('/service-accounts/:id', {
    config, schema: { tags, summary: 'Delete a service account; its API keys stop working at once', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await accounts.delete(contextOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/service-accounts/:id/api-keys', {
    // The secret is shown once: an Idempotency-Key replay returns the record with `key: null`.
    config: { ...config, idempotencyRedact: ['key'] },
    schema: {
      tags, summary: "Create an API key for a service account; scopes are limited by the account's role and your own; the secret is shown once",
      params: idParams, body: apiKeyBody,
      response: { 201: z.object({ key: z.string().nullable(), record: apiKeyRecord }), ...errorResponses },
    },
  }, async (request, reply) => {
    const b = parseBody(apiKeyBody, request.body);
    const created = await accounts.createKey(contextOf(request), principalOf(request).scopes, request.params.id, { name: b.name, scopes: b.scopes, expiresAt: b.expires_at });
    return reply.code(201).header('cache-control', 'no-store').send(created);
  });
}
