import type { FastifyRequest } from 'fastify';
import { DEFAULT_WORKSPACE, type RequestContext } from '../shared/context.js';

/**
 * The request's acting context. Until authentication lands (issue 3) every request acts as the
 * local operator in the default workspace; the server binds to loopback only for that reason.
 */
export function contextOf(request: FastifyRequest): RequestContext {
  return { workspaceId: DEFAULT_WORKSPACE, actor: 'local-operator', requestId: String(request.id) };
}
