import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { frameworkErrorHandler } from './error-handler.js';
import { DEFAULT_RATE_LIMITS } from './rate-limit.js';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { PACKAGE_ROOT } from '../shared/package-root.js';
import { API_CSP, DASHBOARD_CSP, NO_BUILD_CSP, cspHeader, dashboardPageCsp } from './security.js';

/**
 * The web dashboard (web/, built by `npm run build` into web/dist) served at `/`: its files from
 * web/dist, and index.html for every other GET that asks for HTML (history fallback: the SPA's router
 * owns those URLs). The API, docs, health, metrics and the other server pages keep their routes, and an
 * unknown URL under them stays the API's JSON 404. Without a build, `/` says how to make one.
 */
export interface DashboardOptions {
  /** The built app (default: web/dist beside src/ or dist/). */
  dir?: string;
  /**
   * Page loads and asset files per IP and window, counted apart from the API's limit: a browser fetches
   * a page and its files before it signs in, and a dashboard in use must not spend the API's allowance
   * on them (nor be shown the API's 429 JSON in place of a page). Default: 10 times the API's.
   */
  rateLimitMax?: number;
}

/** The first path segments the server owns: never answered with the app. */
const SERVER_SEGMENTS = new Set(['api', 'api-docs', 'health', 'metrics', 'docs', 'invite', 'invite.js', '.well-known']);
/** `/metrics` itself is Prometheus; below it, `/metrics/<id>[/history]` are the app's metric pages. */
const APP_BELOW = new Set(['metrics']);

function serverOwned(path: string): boolean {
  const [, first = '', ...rest] = path.split('/');
  if (!SERVER_SEGMENTS.has(first)) return false;
  return !(APP_BELOW.has(first) && rest.join('/') !== '');
}
/** Vite's placeholder (web/vite.config.ts `html.cspNonce`), replaced per response by a fresh nonce. */
export const NONCE_PLACEHOLDER = 'MDL_CSP_NONCE';
/** Vite names built assets `<name>-<hash>.<ext>` under assets/: their content never changes under a name. */
const HASHED = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export const DEFAULT_DASHBOARD_DIR = join(PACKAGE_ROOT, 'web', 'dist');

const NO_BUILD_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>MDL: dashboard not built</title></head>
<body>
<h1>MDL</h1>
<p>The web dashboard has not been built. In the MDL folder, run <code>npm run build</code> (or <code>npm install</code>), then reload this page.</p>
<p>The API is at <a href="/api/v1">/api/v1</a> and its documentation at <a href="/api-docs">/api-docs</a>.</p>
</body>
</html>
`;

export async function registerDashboard(app: FastifyInstance, opts: DashboardOptions = {}): Promise<void> {
  const root = opts.dir ?? DEFAULT_DASHBOARD_DIR;
  // sendFile only: this plugin decides which URL is a file (serve: false registers no route of its own).
  await app.register(fastifyStatic, { root, serve: false, index: false, dotfiles: 'deny' });
  const helmet = { contentSecurityPolicy: { useDefaults: false, directives: DASHBOARD_CSP } };

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = decodePath(request.url.split('?')[0] ?? '/');
    // This catch-all route takes URLs the router would otherwise have refused itself: answer as it would.
    if (path === null) return frameworkErrorHandler(frameworkError('FST_ERR_BAD_URL'), request, reply);
    if (serverOwned(path)) {
      // Set under routerOptions (app.ts); initialConfig's own maxParamLength then keeps Fastify's default of 100.
      const max = app.initialConfig.routerOptions?.maxParamLength ?? app.initialConfig.maxParamLength ?? 100;
      if (path.split('/').some((segment) => segment.length > max)) return frameworkErrorHandler(frameworkError('FST_ERR_MAX_PARAM_LENGTH'), request, reply);
      return notFound(reply);
    }
    const file = path.slice(1);
    if (file !== '' && file !== 'index.html' && (await isFileUnder(root, file))) {
      return HASHED.test(file)
        ? reply.sendFile(file, { maxAge: 31_536_000_000, immutable: true })
        : reply.sendFile(file, { maxAge: 3_600_000 });
    }
    // The fallback is for page loads; a script asking for JSON at an unknown URL gets the JSON 404.
    if (path !== '/' && !acceptsHtml(request)) return notFound(reply);
    const html = await readFile(join(root, 'index.html'), 'utf8').catch(() => null);
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8');
    if (html === null) return reply.header('content-security-policy', cspHeader(NO_BUILD_CSP)).send(NO_BUILD_HTML);
    // A nonce per response lets Mantine's <style> elements in and nothing else (no 'unsafe-inline').
    const nonce = randomBytes(18).toString('base64');
    return reply.header('content-security-policy', cspHeader(dashboardPageCsp(nonce))).send(html.replaceAll(NONCE_PLACEHOLDER, nonce));
  };
  const rateLimit = { max: opts.rateLimitMax ?? DEFAULT_RATE_LIMITS.max * 10, timeWindow: DEFAULT_RATE_LIMITS.windowMs };
  const route = { config: { scope: 'public' as const, rateLimit }, helmet, schema: { hide: true } };
  app.get('/', route, handler);
  app.get('/*', route, handler);
}

/** The API's JSON 404, under the API's policy (this route's helmet options set the dashboard's). */
function notFound(reply: FastifyReply): FastifyReply {
  reply.header('content-security-policy', cspHeader(API_CSP));
  reply.callNotFound();
  return reply;
}

function frameworkError(code: string): FastifyError {
  return Object.assign(new Error(code), { code }) as FastifyError;
}

function decodePath(raw: string): string | null {
  try {
    const path = decodeURIComponent(raw);
    return path.includes('\0') || path.includes('\\') ? null : path;
  } catch {
    return null;
  }
}

/** A regular file inside `root` (no `..` escapes, no dotfiles). */
async function isFileUnder(root: string, rel: string): Promise<boolean> {
  const full = normalize(join(root, rel));
  if (!full.startsWith(root + sep) || rel.split('/').some((s) => s.startsWith('.'))) return false;
  return stat(full).then((s) => s.isFile(), () => false);
}

function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}
