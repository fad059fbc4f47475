import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** What the security headers and CORS depend on (from config: MDL_CORS_ORIGINS, TLS, MDL_TRUST_PROXY_TLS). */
export interface SecurityConfig {
  /** Exact origins (scheme://host[:port]) allowed to call the API from a browser; empty means no CORS at all. */
  corsOrigins: readonly string[];
  /** Send Strict-Transport-Security: only when clients reach us over TLS (our own, or a TLS-terminating proxy). */
  hsts: boolean;
}

export const DOCS_PREFIX = '/api-docs';

type Directives = Record<string, string[]>;

/** API responses are JSON: nothing may load, run or frame them. */
export const API_CSP: Directives = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Swagger UI (@fastify/swagger-ui) under /api-docs: every script and stylesheet is an external file from
 * /api-docs/static (no inline <script> or <style> in the served HTML, no eval), the spec is fetched from
 * /api/v1/openapi.json and "Try it out" calls the API on the same origin. Images are MDL's favicon
 * plus data: URIs (the logo, injected as a data: SVG, and the icons embedded in swagger-ui.css).
 * React sets element styles through the CSSOM, which CSP does not restrict, so no 'unsafe-inline'.
 * Checked in headless Chromium (page load, expanding operations, Try it out, Authorize, models): no CSP
 * violation. tests/integration/security-headers.test.ts checks the served HTML and assets it relies on.
 */
export const DOCS_CSP: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  // One inline <style>: the small Swagger logo's SVG in swagger-ui-standalone-preset.js, rendered for an
  // instant before the plugin swaps in its own logo. Allowed by hash, not by 'unsafe-inline' (a test
  // hashes the <style> elements of the installed bundle, so an upgrade that changes them fails loudly).
  'style-src': ["'self'", "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
};

/**
 * The web dashboard (src/http/dashboard.ts): scripts and stylesheets are files from its own origin, it
 * calls only the API on the same origin, nothing frames it. Mantine puts its theme's CSS variables in
 * <style> elements: index.html gets a fresh nonce per response (dashboardPageCsp) that the app hands to
 * Mantine, so style-src needs no 'unsafe-inline'. Element styles set by React go through the CSSOM,
 * which CSP does not restrict. The built files themselves are served under this policy without a nonce.
 */
export const DASHBOARD_CSP: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'manifest-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
};

/** DASHBOARD_CSP for one index.html response: its <style> elements carry `nonce`. */
export function dashboardPageCsp(nonce: string): Directives {
  return { ...DASHBOARD_CSP, 'style-src': ["'self'", `'nonce-${nonce}'`] };
}

/** The "not built yet" page: static text, nothing to load. */
export const NO_BUILD_CSP: Directives = { 'default-src': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"], 'frame-ancestors': ["'none'"] };

/** A policy as a header value, in helmet's format (`name value;name value`). */
export function cspHeader(directives: Directives): string {
  return Object.entries(directives).map(([name, values]) => `${name} ${values.join(' ')}`).join(';');
}

export const CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'if-match', 'if-none-match', 'idempotency-key', 'x-api-key', 'x-request-id'];
/** Response headers a browser script may read; the rate-limit ones cover both the IETF draft and the x- forms. */
export const CORS_EXPOSED_HEADERS = [
  'etag', 'location', 'x-request-id', 'retry-after',
  'ratelimit', 'ratelimit-policy', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset',
  'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset',
];

function csp(directives: Directives) {
  return { useDefaults: false, directives };
}

/**
 * Security headers on every response (routes, 404/405, errors thrown by hooks) and CORS from an
 * allow-list. Register before authentication and rate limiting, so their early replies carry the headers
 * and a CORS preflight is answered before any credential is asked for.
 */
export async function registerSecurity(app: FastifyInstance, security: SecurityConfig = { corsOrigins: [], hsts: false }): Promise<void> {
  const allowed = new Set(security.corsOrigins);

  app.addHook('onRoute', (route) => {
    // The docs pages get their own CSP (helmet's own onRoute hook, registered next, applies it).
    if (route.url.startsWith(DOCS_PREFIX)) route.helmet = { contentSecurityPolicy: csp(DOCS_CSP) };
    // @fastify/cors answers preflights from its catch-all OPTIONS route: it is open by nature (no body,
    // no handler logic), and a disallowed origin falls through to 404/405.
    if (allowed.size > 0 && route.url === '*' && route.method === 'OPTIONS') route.config = { ...route.config, scope: 'public' };
  });

  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: csp(API_CSP),
    strictTransportSecurity: security.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Left at helmet's defaults: X-Content-Type-Options: nosniff, X-Powered-By removed, X-DNS-Prefetch-Control,
    // X-Download-Options, X-Permitted-Cross-Domain-Policies, Origin-Agent-Cluster, X-XSS-Protection: 0.
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });

  if (allowed.size === 0) return; // no CORS headers at all
  await app.register(cors, {
    // Reflect only an allowed origin; anything else gets no CORS headers and its preflight falls through.
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: false, // bearer tokens and API keys travel in headers, not cookies; never `*` either way
    methods: CORS_METHODS,
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
    strictPreflight: true,
  });
}
