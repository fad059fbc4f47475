import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseBody } from '../../http/body.js';
import { contextOf, principalOf } from '../../http/context.js';
import { errorResponses } from '../../http/schemas.js';
import type { RequestContext } from '../../shared/context.js';
import { NotFoundError } from '../../shared/errors.js';
import { ROLES } from '../auth/permissions.js';
import type { IdentityServices } from './index.js';

const member = z.object({
  id: z.string(), email: z.string(), displayName: z.string(), status: z.string(), createdAt: z.string(), updatedAt: z.string(),
  role: z.enum(ROLES), joinedAt: z.string(),
});
const userParams = z.object({ userId: z.string().min(1).max(200) });
const newMemberBody = z.strictObject({
  email: z.string().min(3).max(320), role: z.enum(ROLES),
  /** Only for a new account; an existing user is added with their own password. */
  password: z.string().min(1).max(4096).optional(), display_name: z.string().max(200).optional(),
});
const roleBody = z.strictObject({ role: z.enum(ROLES) });
const passwordBody = z.strictObject({ password: z.string().min(1).max(4096) });
const changePasswordBody = z.strictObject({ current_password: z.string().min(1).max(4096), new_password: z.string().min(1).max(4096) });

/** Workspace members (admins only), and the caller's own profile and password. */
export function registerIdentityRoutes(appIn: FastifyInstance, identity: IdentityServices): void {
  const app = appIn.withTypeProvider<ZodTypeProvider>();
  const { users } = identity;
  const tags = ['members'];
  const admin = { scope: 'admin' as const };

  /** A user outside the admin's workspace answers exactly like a missing one. */
  const memberOf = async (ctx: RequestContext, userId: string) => {
    const m = await users.getMembership(ctx.workspaceId, userId);
    if (!m) throw new NotFoundError(`member "${userId}" not found`);
    return m;
  };

  app.get('/members', { config: admin, schema: { tags, summary: 'Members of the workspace with their roles', response: { 200: z.object({ items: z.array(member) }), ...errorResponses } } },
    async (request) => ({ items: await users.listMembers(contextOf(request).workspaceId) }));

  app.post('/members', {
    config: admin,
    schema: { tags, summary: 'Add a member: an existing user by email, or a new account with a password', body: newMemberBody, response: { 201: member, ...errorResponses } },
  }, async (request, reply) => {
    const ctx = contextOf(request);
    const b = parseBody(newMemberBody, request.body);
    const existing = await users.findByEmail(b.email);
    const user = existing
      ? (await users.addMember(ctx, ctx.workspaceId, existing.id, b.role), existing)
      : await users.createUser(ctx, { email: b.email, password: b.password, displayName: b.display_name, membership: { workspaceId: ctx.workspaceId, role: b.role } });
    const found = await users.getMember(ctx.workspaceId, user.id);
    if (!found) throw new NotFoundError(`member "${user.id}" not found`);
    return reply.code(201).send(found);
  });

  app.patch('/members/:userId', { config: admin, schema: { tags, summary: 'Change a member\'s role', params: userParams, body: roleBody, response: { 200: z.object({ role: z.enum(ROLES) }), ...errorResponses } } },
    async (request) => {
      const ctx = contextOf(request);
      await memberOf(ctx, request.params.userId);
      const m = await users.updateMember(ctx, ctx.workspaceId, request.params.userId, parseBody(roleBody, request.body).role);
      return { role: m.role };
    });

  app.delete('/members/:userId', { config: admin, schema: { tags, summary: 'Remove a member (their sessions and keys end)', params: userParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      const ctx = contextOf(request);
      await memberOf(ctx, request.params.userId);
      await users.removeMember(ctx, ctx.workspaceId, request.params.userId);
      return reply.code(204).send(null);
    });

  app.post('/members/:userId/disable', { config: admin, schema: { tags, summary: 'Disable a member\'s account: every session and API key ends at once (refused for an account that also belongs to other workspaces)', params: userParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      const ctx = contextOf(request);
      await users.disableMember(ctx, ctx.workspaceId, request.params.userId);
      return reply.code(204).send(null);
    });

  app.post('/members/:userId/password', { config: admin, schema: { tags, summary: 'Reset a member\'s password (their sessions and keys end; refused for an account that also belongs to other workspaces)', params: userParams, body: passwordBody, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      const ctx = contextOf(request);
      await users.resetMemberPassword(ctx, ctx.workspaceId, request.params.userId, parseBody(passwordBody, request.body).password);
      return reply.code(204).send(null);
    });

  app.get('/me', { config: { scope: 'self' }, schema: { tags: ['auth'], summary: 'Who you are here: user, workspace, role and scopes' } }, async (request) => {
    const p = principalOf(request);
    const user = await users.get(p.userId);
    return { user, workspace_id: p.workspaceId, role: p.role, scopes: [...p.scopes].sort(), credential: p.kind };
  });

  app.post('/me/password', { config: { scope: 'self' }, schema: { tags: ['auth'], summary: 'Change your password (all your sessions and keys end)', body: changePasswordBody, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      const b = parseBody(changePasswordBody, request.body);
      await users.changePassword(contextOf(request), principalOf(request).userId, b.current_password, b.new_password);
      return reply.code(204).send(null);
    });
}
