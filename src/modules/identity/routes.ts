import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseBody } from '../../http/body.js';
import { contextOf, principalOf } from '../../http/context.js';
import { errorResponses, errorSchema } from '../../http/schemas.js';
import type { RequestContext } from '../../shared/context.js';
import { GoneError, NotFoundError } from '../../shared/errors.js';
import { loginThrottleOf } from '../../http/rate-limit.js';
import { requireSession } from '../auth/account-reach.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { ROLES } from '../auth/permissions.js';
import type { IdentityServices } from './index.js';
import { CurrentPasswordError } from './users-service.js';

const member = z.object({
  id: z.string(), email: z.string(), displayName: z.string(), status: z.string(), createdAt: z.string(), updatedAt: z.string(),
  role: z.enum(ROLES), joinedAt: z.string(),
});
const userParams = z.object({ userId: z.string().min(1).max(200) });
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

  // Gone: it set a password on an account the admin does not own, and told whether an address had an
  // account. People join by accepting an invitation (POST /invitations), with their own password.
  app.post('/members', {
    config: admin,
    schema: { tags, summary: 'Gone (410): members join by invitation, POST /api/v1/invitations', deprecated: true, response: { 410: errorSchema, ...errorResponses } },
  }, async () => {
    throw new GoneError('members are no longer added directly: invite them with POST /api/v1/invitations {email, role}; they join by accepting the link with their own password');
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

  // A password guessing target like login: wrong current passwords count per account and IP, and
  // only a session may change it (an API key, even `self`, must not turn into the account's password).
  const throttle = loginThrottleOf(appIn);
  app.post('/me/password', { config: { scope: 'self' }, schema: { tags: ['auth'], summary: 'Change your password (all your sessions and keys end); a session only, never an API key; wrong current passwords are throttled like login', body: changePasswordBody, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      const p = principalOf(request);
      requireSession(p, 'change a password');
      const b = parseBody(changePasswordBody, request.body);
      // The account's one password bucket, shared with login and MFA-off-by-password.
      const { email } = await users.get(p.userId);
      await throttle.guard(LoginThrottle.passwordKey(request.ip, email),
        () => users.changePassword(contextOf(request), p.userId, b.current_password, b.new_password), (err) => err instanceof CurrentPasswordError);
      return reply.code(204).send(null);
    });
}
