import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { Config } from './config/index.js';
import type { Db } from './db/connect.js';
import { registerAuth } from './http/auth.js';
import { registerPrincipalCache, type PrincipalCacheOptions } from './http/principal-cache.js';
import { registerSessionCookies } from './http/session-cookies.js';
import { actorOf } from './modules/auth/permissions.js';
import { clientErrorHandler, errorHandler, frameworkErrorHandler, registerNotFound } from './http/error-handler.js';
import { registerNulGuard } from './http/nul-guard.js';
import { registerDashboard, type DashboardOptions } from './http/dashboard.js';
import { registerHealth, registerStartupGate, type StartupGate } from './http/health.js';
import { registerMetrics } from './http/metrics.js';
import { registerHostHeaderCheck } from './http/host-header.js';
import { serverFactory } from './http/server-factory.js';
import { registerIdempotency } from './http/idempotency.js';
import { registerOpenApi } from './http/openapi.js';
import { DEFAULT_RATE_LIMITS, registerRateLimits, type RateLimitOptions } from './http/rate-limit.js';
import { registerSecurity, type SecurityConfig } from './http/security.js';
import { registerTenantNarrowing, registerTenantScope } from './http/tenant-scope.js';
import { registerAuditRoutes } from './modules/audit/routes.js';
import { registerAuthRoutes, registerJwks } from './modules/auth/routes.js';
import { registerDomainRoutes } from './modules/domains/routes.js';
import { registerIdentityRoutes } from './modules/identity/routes.js';
import { registerInvitePage } from './modules/invitations/page.js';
import { registerInvitationRoutes } from './modules/invitations/routes.js';
import { registerServiceAccountRoutes } from './modules/identity/service-account-routes.js';
import { registerMetricRoutes } from './modules/metrics/routes.js';
import { registerMfaRoutes } from './modules/mfa/routes.js';
import { registerSsoRoutes } from './modules/sso/routes.js';
import { registerObjectiveRoutes } from './modules/objectives/routes.js';
import { registerExportRoutes } from './modules/export/routes.js';
import { registerImportRoutes } from './modules/import/routes.js';
import { registerReferenceRoutes } from './modules/references/routes.js';
import { registerLineageRoutes } from './modules/lineage/routes.js';
import { registerVocabularyRoutes } from './modules/vocabularies/routes.js';
import { registerPolicyRoutes } from './modules/policies/routes.js';
import { createServices, type Services } from './modules/services.js';
import { registerPurgeTimer, registerWorkspaceGuard } from './modules/workspaces/guard.js';
import { registerWorkspaceRoutes } from './modules/workspaces/routes.js';
import { VERSION } from './version.js';

export interface AppOptions {
  config: Pick<Config, 'bodyLimit' | 'importBodyLimit' | 'requestTimeoutMs'> & Partial<Pick<Config, 'auth'>>;
  db: Db;
  services?: Services;
  logger?: FastifyServerOptions['logger'];
  /** Limits, login throttle and the optional shared Redis client (defaults: generous, in-process). */
  rateLimit?: RateLimitOptions;
  /** Security headers and CORS allow-list (default: no CORS, no HSTS). */
  security?: SecurityConfig;
  /** TLS certificate and key (PEM): the server speaks HTTPS. */
  https?: { cert: Buffer; key: Buffer };
  /** MDL_TRUSTED_PROXIES: the proxies whose X-Forwarded-* headers set request.ip (default: none, the socket's address). */
  trustedProxies?: string[];
  /** MDL_PUBLIC_URL: the origin absolute URLs are built on, instead of the request's Host. */
  publicUrl?: string;
  /** The server's start-up database work; until it is done only health answers (server.ts). */
  startup?: StartupGate;
  /** The web dashboard served at `/` (default: the build in web/dist). */
  dashboard?: DashboardOptions;
  /** Resolved credentials kept between requests until a change (default: on, 250 ms cross-instance poll). */
  principalCache?: Omit<PrincipalCacheOptions, 'redis' | 'redisPrefix' | 'startup'>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Query, params and headers are validated by their Zod schemas; bodies by the services, so the API
 * and the CLI share one validation path (the body schemas still document the contract).
 */
const validateRequestPart = (req: Parameters<typeof validatorCompiler>[0]) =>
  (req.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(req));
/** Responses are our own validated documents: plain JSON, no per-response schema walk. */
const serializeResponse = () => (data: unknown) => JSON.stringify(data);

/**
 * The application as a plugin-assembled Fastify instance. Tests build it and `inject()`;
 * server.ts adds listening, logging and graceful close; the request timeout is set where Node reads it (http/server-factory.ts).
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.config.bodyLimit,
    // Ids may be 128 characters (ENTITY_ID), more once percent-encoded; Fastify's default of 100 made
    // such a metric importable and listed, but its page, edit and delete answered 414.
    routerOptions: { maxParamLength: 1024 },
    requestIdHeader: false,
    // Only listed proxies are believed; request.ip is then the right-most address in X-Forwarded-For they did not add.
    trustProxy: opts.trustedProxies && opts.trustedProxies.length > 0 ? opts.trustedProxies : false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Stack traces and internals never reach clients; the error handler decides what is said.
    return503OnClosing: true,
    serverFactory: serverFactory({ requestTimeoutMs: opts.config.requestTimeoutMs, ...(opts.https ? { https: opts.https } : {}) }),
    // Errors before routing and before parsing answer in the documented error shape too.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    // Given as factories, so Fastify never loads its default Ajv and fast-json-stringify compilers
    // (about 120 files at every start) only to have them replaced. (Fastify types the factories for Ajv.)
    schemaController: { compilersFactory: { buildValidator: (() => validateRequestPart) as never, buildSerializer: (() => serializeResponse) as never } },
  });
  const services = opts.services ?? createServices(opts.db, opts.config.auth);

  app.setErrorHandler(errorHandler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
    // An authenticated answer is the caller's own: never kept in a shared or disk cache unless a route
    // says otherwise. One with an ETag may be kept by this browser and revalidated (If-None-Match).
    if (request.principal && !reply.hasHeader('cache-control')) reply.header('cache-control', reply.hasHeader('etag') ? 'private, no-cache' : 'no-store');
  });
  registerHostHeaderCheck(app); // HTTP/1.1 without Host: 400 in the documented shape
  registerNotFound(app);
  registerTenantScope(app); // first hook: the database context of the request (system mode until the principal is known)
  await registerSecurity(app, opts.security); // helmet + CORS: before rate limits and auth, so their early replies carry the headers
  registerNulGuard(app); // JSON bodies (incl. merge-patch) and URLs never carry U+0000; after helmet, so its 400 has the headers too
  if (opts.startup) registerStartupGate(app, opts.startup); // 503 until the database is reached and migrated
  await registerRateLimits(app, opts.rateLimit); // before auth (failed-credential check) and before any route
  // Before any route: a route registered without a declared scope fails start-up.
  // Secure cookies exactly when clients reach us over TLS (the same condition as HSTS).
  registerSessionCookies(app, { secure: Boolean(opts.https) || Boolean(opts.security?.hsts) });
  const events = services.auth.events;
  registerAuth(app, services.auth.resolver, {
    onDenied: (principal, scope, request) => events.denied(principal, scope, routeOf(request), originOf(request)),
    // A rejected credential is audited where it can be placed (a CSRF failure: the session's workspace), else in `_system`.
    onRejected: (kind, reason, request, principal) => events.record({
      ...originOf(request), action: 'auth.credential_rejected', outcome: 'failure', workspaceId: principal?.workspaceId,
      actor: principal ? actorOf(principal) : undefined, target: { type: 'route', id: routeOf(request) }, detail: { credential: kind, reason },
    }),
  });
  registerPrincipalCache(app, opts.db, services.auth.principalCache, {
    ...opts.principalCache, redis: opts.rateLimit?.redis, redisPrefix: opts.rateLimit?.redisPrefix, ...(opts.startup ? { startup: opts.startup } : {}),
  });
  registerTenantNarrowing(app); // right after auth: the database shows only the principal's workspace from here on
  registerWorkspaceGuard(app, services.workspaces); // a deleted workspace is read-only until it is purged
  registerPurgeTimer(app, services.workspaces.purger, opts.workspaces?.purgeIntervalMs);
  registerIdempotency(app, opts.db, opts.idempotency); // after auth, before the routes: Idempotency-Key on authenticated POSTs

  await registerOpenApi(app, VERSION);
  await registerDashboard(app, { rateLimitMax: (opts.rateLimit?.max ?? DEFAULT_RATE_LIMITS.max) * 10, ...opts.dashboard }); // `/` and the app's own URLs (history fallback); server routes keep theirs
  registerHealth(app, opts.db, opts.startup);
  registerMetrics(app, opts.db);
  registerJwks(app, services);
  registerInvitePage(app); // the page invitation links open (outside /api/v1)
  await app.register(async (api) => {
    registerMetricRoutes(api, services.metrics);
    registerDomainRoutes(api, services.domains);
    registerObjectiveRoutes(api, services.objectives);
    registerPolicyRoutes(api, services.policies);
    registerImportRoutes(api, services.importer, opts.config.importBodyLimit);
    registerReferenceRoutes(api, services.references);
    registerLineageRoutes(api, services.lineage);
    registerVocabularyRoutes(api, services.vocabularies);
    registerExportRoutes(api, services.exporter);
    registerAuthRoutes(api, services);
    registerIdentityRoutes(api, services.identity);
    registerServiceAccountRoutes(api, services.serviceAccounts);
    registerInvitationRoutes(api, services, { secure: Boolean(opts.https) || Boolean(opts.security?.hsts), publicUrl: opts.publicUrl });
    registerWorkspaceRoutes(api, services);
    registerAuditRoutes(api, services.audit);
    registerMfaRoutes(api, services);
    registerSsoRoutes(api, services, { secure: Boolean(opts.https) || Boolean(opts.security?.hsts), publicUrl: opts.publicUrl });
  }, { prefix: '/api/v1' });
  return app;
}

const routeOf = (request: FastifyRequest) => `${request.method} ${request.routeOptions.url ?? request.url}`;
const originOf = (request: FastifyRequest) => ({ requestId: String(request.id), ip: request.ip });
