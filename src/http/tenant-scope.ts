import { AsyncResource } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { narrowScope, runInNewScope, type TenantScope } from '../db/tenant-context.js';

interface RequestScope {
  scope: TenantScope;
  /** Re-enters the scope after body parsing, in case the parser resumed from a stream event outside it. */
  resource: AsyncResource;
}

const scopes = new WeakMap<FastifyRequest, RequestScope>();

/**
 * The database tenant context of each request (src/db/tenant-context.ts). Register before every other
 * hook: the request runs in a scope that starts in system mode (the credential lookup itself reads
 * across workspaces), and `registerTenantNarrowing` limits it to the principal's workspace.
 * As @fastify/request-context does, the scope is re-entered in preValidation, after the body is read
 * (tests/integration/rls-http.test.ts sends a body in pieces over a socket and checks the handler's scope).
 */
export function registerTenantScope(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    runInNewScope((scope) => {
      scopes.set(request, { scope, resource: new AsyncResource('mdl-tenant-scope') });
      done();
    });
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const s = scopes.get(request);
    if (!s) return done();
    narrowToPrincipal(request, s.scope); // also covers a principal set by a hook after the narrowing one
    s.resource.runInAsyncScope(done, request.raw);
  });
}

/** Register right after the authentication hook: from here on, only the principal's workspace is visible. */
export function registerTenantNarrowing(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const s = scopes.get(request);
    if (s) narrowToPrincipal(request, s.scope);
    done();
  });
}

function narrowToPrincipal(request: FastifyRequest, scope: TenantScope): void {
  if (request.principal && scope.workspaceId === null) narrowScope(scope, request.principal.workspaceId);
}
