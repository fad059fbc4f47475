import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal, Scope } from '../modules/auth/permissions.js';
import { AuthenticationError, CsrfError, ForbiddenError } from '../shared/errors.js';
import { accessCookieOf, csrfHeaderOf } from './session-cookies.js';

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
  /**
   * `csrf`: the token a cookie-authenticated, state-changing request sent; it must be its session's
   * CSRF token (checked on the same read as the session), else CsrfRejection.
   */
  fromBearer(token: string, request: FastifyRequest, csrf?: { token: string | undefined }): Promise<Principal>;
  fromApiKey(key: string, request: FastifyRequest): Promise<Principal>;
}

/** A good session credential whose request lacked the session's CSRF token; answered as 403 CSRF_FAILED. */
export class CsrfRejection extends Error {
  constructor(readonly principal: Principal) {
    super('CSRF token missing or wrong');
  }
}

/** Where the auth hook reports, besides the log: the audit log. */
export interface AuthHooks {
  /** An authenticated caller lacked the route's scope. */
  onDenied?(principal: Principal, scope: Scope, request: FastifyRequest): Promise<void>;
  /**
   * A credential was presented and rejected (`reason` is for the record, never for the client);
   * `principal` when the credential itself was good (a CSRF failure).
   */
  onRejected?(kind: CredentialKind, reason: string, request: FastifyRequest, principal?: Principal): Promise<void>;
}

export type CredentialKind = 'bearer' | 'api_key' | 'cookie';

/** Methods that change nothing: a cookie-authenticated request needs no CSRF token for these. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const API_KEY_PREFIX = 'mdl_';

/**
 * `Authorization: Bearer <jwt|mdl_…>`, `X-API-Key: mdl_…`, or else the browser session cookie. A
 * header wins over the cookie: a page on another site can make the browser send the cookie, never
 * the header.
 */
function credentialOf(request: FastifyRequest): { kind: CredentialKind; value: string } | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!m) return undefined;
    return m[1]!.startsWith(API_KEY_PREFIX) ? { kind: 'api_key', value: m[1]! } : { kind: 'bearer', value: m[1]! };
  }
  const key = request.headers['x-api-key'];
  if (typeof key === 'string' && key !== '') return { kind: 'api_key', value: key.trim() };
  const cookie = accessCookieOf(request);
  return cookie ? { kind: 'cookie', value: cookie } : undefined;
}

/**
 * Authentication and authorisation for every route, before the body is read or any handler runs.
 * A route without a declared scope fails the server at start-up, so nothing is open by omission.
 */
export function registerAuth(app: FastifyInstance, resolver: CredentialResolver, hooks: AuthHooks = {}): void {
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
    // A cookie arrives with cross-site requests too; only our own page can read the CSRF token.
    const csrf = credential.kind === 'cookie' && !SAFE_METHODS.has(request.method) ? { token: csrfHeaderOf(request) } : undefined;
    let principal: Principal;
    try {
      principal = credential.kind === 'api_key'
        ? await resolver.fromApiKey(credential.value, request)
        : await resolver.fromBearer(credential.value, request, csrf);
    } catch (err) {
      if (err instanceof CsrfRejection) {
        request.log.warn({ principal: err.principal.kind, userId: err.principal.userId }, 'CSRF token missing or wrong');
        await hooks.onRejected?.(credential.kind, 'CSRF token missing or wrong', request, err.principal);
        throw new CsrfError('this request needs the X-CSRF-Token header of your session');
      }
      // Logged once, with the precise reason the client is not told; never the credential itself.
      if (err instanceof AuthenticationError) {
        const reason = (err as { reason?: string }).reason ?? err.message;
        request.log.warn({ credential: credential.kind, reason }, 'authentication failed');
        await hooks.onRejected?.(credential.kind, reason, request);
      }
      throw err;
    }
    request.principal = principal;
    if (!principal.scopes.has(scope)) {
      request.log.warn({ principal: principal.kind, userId: principal.userId, scope }, 'permission denied');
      await hooks.onDenied?.(principal, scope, request);
      throw new ForbiddenError(`this credential lacks the "${scope}" permission`);
    }
  });
}
