import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal, Scope } from '../modules/auth/permissions.js';
import { AuthenticationError, ForbiddenError } from '../shared/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The one scope a route needs, or 'public' for the few open routes (health, docs, JWKS, login). */
    scope?: Scope | 'public';
    /**
     * Top-level response fields never kept for Idempotency-Key replays (a secret shown once, such as a
     * new API key, must not be stored in clear); a replay answers with them set to null.
     */
    idempotencyRedact?: readonly string[];
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Turns a credential into a principal, or throws AuthenticationError. Implemented by the auth module. */
export interface CredentialResolver {
  fromBearer(token: string, request: FastifyRequest): Promise<Principal>;
  fromApiKey(key: string, request: FastifyRequest): Promise<Principal>;
}

const API_KEY_PREFIX = 'mdl_';

/** `Authorization: Bearer <jwt|mdl_…>` or `X-API-Key: mdl_…`; anything else counts as no credential. */
function credentialOf(request: FastifyRequest): { kind: 'bearer' | 'api_key'; value: string } | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!m) return undefined;
    return m[1]!.startsWith(API_KEY_PREFIX) ? { kind: 'api_key', value: m[1]! } : { kind: 'bearer', value: m[1]! };
  }
  const key = request.headers['x-api-key'];
  return typeof key === 'string' && key !== '' ? { kind: 'api_key', value: key.trim() } : undefined;
}

/**
 * Authentication and authorisation for every route, before the body is read or any handler runs.
 * A route without a declared scope fails the server at start-up, so nothing is open by omission.
 */
export function registerAuth(app: FastifyInstance, resolver: CredentialResolver, onDenied?: (principal: Principal, scope: Scope, request: FastifyRequest) => Promise<void>): void {
  app.addHook('onRoute', (route) => {
    const scope = route.config?.scope;
    // Swagger UI's static files and the HEAD twins Fastify adds inherit the docs' openness.
    const docs = route.url.startsWith('/api-docs');
    if (!scope && !docs) throw new Error(`route ${String(route.method)} ${route.url} declares no scope`);
  });

  app.addHook('onRequest', async (request) => {
    const scope = request.routeOptions.config?.scope;
    if (scope === undefined || scope === 'public') return; // unknown routes (404/405) and public ones
    const credential = credentialOf(request);
    if (!credential) throw new AuthenticationError('authentication required');
    let principal: Principal;
    try {
      principal = credential.kind === 'bearer'
        ? await resolver.fromBearer(credential.value, request)
        : await resolver.fromApiKey(credential.value, request);
    } catch (err) {
      // Logged once, with the precise reason the client is not told; never the credential itself.
      if (err instanceof AuthenticationError) request.log.warn({ credential: credential.kind, reason: (err as { reason?: string }).reason ?? err.message }, 'authentication failed');
      throw err;
    }
    request.principal = principal;
    if (!principal.scopes.has(scope)) {
      request.log.warn({ principal: principal.kind, userId: principal.userId, scope }, 'permission denied');
      await onDenied?.(principal, scope, request);
      throw new ForbiddenError(`this credential lacks the "${scope}" permission`);
    }
  });
}
