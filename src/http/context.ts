import type { FastifyRequest } from 'fastify';
import { actorOf, type Principal } from '../modules/auth/permissions.js';
import type { RequestContext } from '../shared/context.js';
import { AuthenticationError } from '../shared/errors.js';

/** The authenticated caller of a non-public route (set by the auth hook before any handler). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AuthenticationError('authentication required');
  return request.principal;
}

/** The acting context: the principal's workspace scopes every query the services make. */
export function contextOf(request: FastifyRequest): RequestContext {
  const p = principalOf(request);
  return {
    workspaceId: p.workspaceId,
    actor: actorOf(p),
    requestId: String(request.id),
    ip: request.ip,
  };
}

/** Who is signing in from where, for the session record and the audit event. */
export function clientMetaOf(request: FastifyRequest): { userAgent?: string; ip: string; requestId: string } {
  return { userAgent: String(request.headers['user-agent'] ?? '').slice(0, 300) || undefined, ip: request.ip, requestId: String(request.id) };
}
