import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseBody } from '../../http/body.js';
import { clientMetaOf, contextOf, principalOf } from '../../http/context.js';
import { errorResponses } from '../../http/schemas.js';
import { accessCookieOf, browserSession, deliverBrowserSession } from '../../http/session-cookies.js';
import { NotFoundError } from '../../shared/errors.js';
import { requireSession } from '../auth/account-reach.js';
import { tokenPair } from '../auth/routes.js';
import { ROLES } from '../auth/permissions.js';
import { MFA_POLICIES } from '../mfa/repository.js';
import type { Services } from '../services.js';

const idParam = z.string().min(1).max(64);
const params = z.object({ id: idParam });
const createBody = z.strictObject({
  id: z.string().min(1).max(64).describe('a slug: lower-case letters, digits and inner hyphens (the id cannot change later)'),
  name: z.string().min(1).max(200),
});
const patchBody = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  mfa_required: z.enum(MFA_POLICIES).optional().describe('the workspace MFA policy, as PUT /settings/mfa sets it'),
}).refine((b) => b.name !== undefined || b.mfa_required !== undefined, { message: 'give name or mfa_required', path: ['name'] });
const deleteQuery = z.object({ confirm: z.string().max(64).optional().describe('the workspace id again: required') });
const switchBody = z.strictObject({ workspace_id: idParam });

const view = z.object({
  id: z.string(), name: z.string(), created_at: z.string(), mfa_required: z.enum(MFA_POLICIES),
  deleted_at: z.string().nullable().describe('set while the workspace is deleted: read-only until purge_after'),
  purge_after: z.string().nullable().describe('when a deleted workspace is purged (MDL_WORKSPACE_RETENTION_DAYS after its deletion)'),
});
const mine = view.extend({ role: z.enum(ROLES), current: z.boolean().describe('the workspace this credential acts in') });

/** A workspace route acts on the credential's own workspace: any other id answers like one that does not exist. */
function ownWorkspace(request: FastifyRequest, id: string): void {
  if (principalOf(request).workspaceId !== id) throw new NotFoundError(`workspace ${id} not found`);
}

/** A request authenticated by the browser-session cookie (no Authorization or X-API-Key header). */
function byCookie(request: FastifyRequest): boolean {
  return request.headers.authorization === undefined && request.headers['x-api-key'] === undefined && accessCookieOf(request) !== undefined;
}

/** Workspaces: create (as MDL_WORKSPACE_CREATION allows), list your own, rename and set the MFA policy, delete; switch a session to another. */
export function registerWorkspaceRoutes(appIn: FastifyInstance, s: Services): void {
  const app = appIn.withTypeProvider<ZodTypeProvider>();
  const { workspaces } = s;
  const tags = ['workspaces'];

  app.get('/workspaces', {
    config: { scope: 'self' },
    schema: { tags, summary: 'Your workspaces, with your role in each (a single sign-on session or API key of an account in several workspaces: its own only)', response: { 200: z.object({ items: z.array(mine) }), ...errorResponses } },
  }, async (request) => ({ items: await workspaces.listMine(principalOf(request)) }));

  app.post('/workspaces', {
    config: { scope: 'self' },
    schema: {
      tags, summary: 'Create a workspace; you become its admin (who may: MDL_WORKSPACE_CREATION; needs a password session). Switch to it with POST /auth/switch',
      body: createBody, response: { 201: mine, ...errorResponses },
    },
  }, async (request, reply) => {
    const b = parseBody(createBody, request.body);
    return reply.code(201).send(await workspaces.createFor(contextOf(request), principalOf(request), b));
  });

  app.patch('/workspaces/:id', {
    config: { scope: 'admin' },
    schema: { tags, summary: 'Rename the workspace or set its MFA policy (admins; the workspace your credential acts in)', params, body: patchBody, response: { 200: view, ...errorResponses } },
  }, async (request) => {
    ownWorkspace(request, request.params.id);
    const b = parseBody(patchBody, request.body);
    if (b.mfa_required !== undefined) requireSession(principalOf(request), 'change the MFA policy');
    return workspaces.update(contextOf(request), request.params.id, b);
  });

  app.delete('/workspaces/:id', {
    config: { scope: 'admin' },
    schema: {
      tags, summary: 'Delete the workspace (admins, signed in: not an API key; ?confirm=<id> required): read-only at once, purged after MDL_WORKSPACE_RETENTION_DAYS, its audit chain archived first; the host can restore it until then',
      params, querystring: deleteQuery, response: { 200: view, ...errorResponses },
    },
  }, async (request) => {
    ownWorkspace(request, request.params.id);
    requireSession(principalOf(request), 'delete a workspace');
    return workspaces.softDelete(contextOf(request), request.params.id, request.query.confirm);
  });

  app.post('/auth/switch', {
    config: { scope: 'self' },
    schema: {
      tags: ['auth', ...tags],
      summary: 'Move this session to another of your workspaces: a new token pair (or browser session) there, this one ends. Password sessions only; the workspace\'s MFA policy applies',
      body: switchBody, response: { 200: z.union([tokenPair, browserSession]), ...errorResponses },
    },
  }, async (request, reply) => {
    const b = parseBody(switchBody, request.body);
    const browser = byCookie(request);
    const pair = await workspaces.switcher.switch(principalOf(request), b.workspace_id, { ...clientMetaOf(request), browser });
    return browser ? deliverBrowserSession(request, reply, pair) : reply.header('cache-control', 'no-store').send(pair);
  });
}
