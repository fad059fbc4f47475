import type { FastifyRequest } from 'fastify';
import type { Principal } from '../modules/auth/permissions.js';
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
    actor: p.kind === 'user' ? `user:${p.userId}` : `api_key:${p.apiKeyId}`,
    requestId: String(request.id),
  };
}
