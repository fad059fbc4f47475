import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientMetaOf, contextOf } from '../../http/context.js';
import { clearSsoBindingCookie, deliverBrowserSession, setSsoBindingCookie, ssoBindingCookieOf } from '../../http/session-cookies.js';
import { loginThrottleOf } from '../../http/rate-limit.js';
import { errorResponses } from '../../http/schemas.js';
import { BadRequestError, NotFoundError } from '../../shared/errors.js';
import type { TokenPair } from '../auth/login-service.js';
import { isCredentialFailure, LoginThrottle } from '../auth/login-throttle.js';
import { tokenPair } from '../auth/routes.js';
import { ssoConfigInput, ssoConfigView } from './schema.js';
import type { Handover, SsoLoginService } from './service.js';
import { toView, type SsoSettingsService } from './settings-service.js';

export interface SsoRouteServices {
  sso: { settings: SsoSettingsService; login: SsoLoginService };
}

export interface SsoRouteOptions {
  /** Clients reach us over TLS (directly or through a TLS-terminating proxy): the redirect URI is https. */
  secure?: boolean;
  /** MDL_PUBLIC_URL: the redirect URI is built on this origin, not on the request's Host. */
  publicUrl?: string;
}

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(64) });
/** A same-origin path: one leading slash, never `//` or `/\\` (which browsers treat as another host). */
const SAME_ORIGIN_PATH = /^\/(?![/\\])[\x21-\x7e]*$/;
const startQuery = z.object({
  mode: z.enum(['token', 'cookie']).default('token').describe('token: the callback answers the token pair as JSON; cookie: a browser session, then a redirect to return_to'),
  return_to: z.string().max(512).regex(SAME_ORIGIN_PATH, 'must be a path on this server, like /dashboard').optional().describe('cookie mode: where the browser lands after login (default /)'),
});
const ssoProbe = z.object({ workspace_id: z.string(), enabled: z.literal(true) });
/** The probe's one answer for "no": it must not tell an unknown workspace from one without SSO. */
const SSO_NOT_AVAILABLE = 'single sign-on is not available for this workspace';
/** What providers send to the redirect URI; other parameters are passed on to openid-client untouched. */
const callbackQuery = z.looseObject({
  state: z.string().max(512).optional(), code: z.string().max(4096).optional(), iss: z.string().max(1000).optional(),
  error: z.string().max(256).optional(), error_description: z.string().max(2000).optional(),
});

/**
 * Hands the new session to the client: the token pair as JSON (like password login), or for a browser
 * the session cookies and a 303 to the page it started from. The landing page load itself may not
 * carry the SameSite=Strict cookies (the navigation began at the provider); the page's own requests do.
 */
function deliverSession(request: FastifyRequest, reply: FastifyReply, pair: TokenPair, handover: Handover): FastifyReply {
  if (handover.delivery === 'cookie') {
    deliverBrowserSession(request, reply, pair);
    clearSsoBindingCookie(request, reply);
    return reply.redirect(handover.returnTo ?? '/', 303);
  }
  return reply.header('cache-control', 'no-store').send(pair);
}

/**
 * Single sign-on with OpenID Connect: the workspace's provider settings (`admin`), and the two public
 * steps of a login, `start` (redirect to the provider) and `callback` (back from it). Failed callbacks,
 * and starts for workspaces without SSO, count against the client address like failed password logins.
 */
export function registerSsoRoutes(appIn: FastifyInstance, s: SsoRouteServices, opts: SsoRouteOptions = {}): void {
  const app = appIn.withTypeProvider<ZodTypeProvider>();
  const { settings, login } = s.sso;
  const throttle = loginThrottleOf(appIn);
  const prefix = appIn.prefix;
  const redirectUri = (request: FastifyRequest, workspaceId: string) => {
    const scheme = opts.secure ? 'https' : request.protocol;
    let url: URL;
    try {
      url = new URL(`${prefix}/auth/sso/${encodeURIComponent(workspaceId)}/callback`, opts.publicUrl ?? `${scheme}://${request.host}`);
    } catch {
      throw new BadRequestError('invalid Host header');
    }
    return url.href;
  };

  app.get('/settings/sso', {
    config: { scope: 'admin' },
    schema: {
      tags: ['sso'], summary: 'The workspace\'s OpenID Connect provider (the client secret is never returned)',
      response: { 200: ssoConfigView, ...errorResponses },
    },
  }, async (request) => {
    const ctx = contextOf(request);
    return toView(await settings.get(ctx.workspaceId), redirectUri(request, ctx.workspaceId));
  });

  app.put('/settings/sso', {
    config: { scope: 'admin' },
    schema: {
      tags: ['sso'], summary: 'Configure single sign-on: issuer, client, allowed email domains, claim → role rules, JIT provisioning (needs MDL_SECRET_KEY)',
      body: ssoConfigInput,
      response: { 200: ssoConfigView, ...errorResponses },
    },
  }, async (request) => {
    const ctx = contextOf(request);
    return toView(await settings.put(ctx, request.body), redirectUri(request, ctx.workspaceId));
  });

  app.delete('/settings/sso', {
    config: { scope: 'admin' },
    schema: { tags: ['sso'], summary: 'Turn single sign-on off (linked identities and pending logins are removed)', response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await settings.remove(contextOf(request));
    return reply.code(204).send(null);
  });

  // The sign-in page asks before it offers the button. Same throttle bucket as `start` (a probe is the
  // same question), and one 404 for an unknown workspace and one without SSO.
  app.get('/auth/sso/:workspaceId', {
    config: { scope: 'public' },
    schema: {
      tags: ['auth', 'sso'], summary: 'Whether a workspace offers single sign-on (404 when it does not, or does not exist); throttled like start',
      params: workspaceParams,
      response: { 200: ssoProbe, ...errorResponses },
    },
  }, async (request, reply) => {
    const { workspaceId } = request.params;
    await throttle.guard(LoginThrottle.key('sso-start', request.ip), async () => {
      if (!(await settings.offers(workspaceId))) throw new NotFoundError(SSO_NOT_AVAILABLE);
    }, (err) => err instanceof NotFoundError);
    return reply.header('cache-control', 'no-store').send({ workspace_id: workspaceId, enabled: true as const });
  });

  app.get('/auth/sso/:workspaceId/start', {
    config: { scope: 'public' },
    schema: {
      tags: ['auth', 'sso'], summary: 'Start a single sign-on login: redirects (302) to the identity provider with state, nonce and a PKCE S256 challenge',
      params: workspaceParams, querystring: startQuery,
      response: { 302: z.null().describe('Location: the provider\'s authorization URL'), ...errorResponses },
    },
  }, async (request, reply) => {
    const { workspaceId } = request.params;
    const handover: Handover = request.query.mode === 'cookie' ? { delivery: 'cookie', returnTo: request.query.return_to ?? '/' } : { delivery: 'token' };
    // Probing for workspaces with SSO counts like failed logins (per address, 429 after the limit).
    const { url, state, ttlSeconds } = await throttle.guard(LoginThrottle.key('sso-start', request.ip),
      () => login.start(workspaceId, redirectUri(request, workspaceId), handover), (err) => err instanceof NotFoundError);
    // Cookie mode: only this browser may complete the login (see setSsoBindingCookie).
    if (handover.delivery === 'cookie') setSsoBindingCookie(request, reply, state, ttlSeconds);
    return reply.header('cache-control', 'no-store').redirect(url, 302);
  });

  app.get('/auth/sso/:workspaceId/callback', {
    config: { scope: 'public' },
    // The request line carries the authorization code: no access log lines for this route (warnings and errors still log).
    logLevel: 'warn',
    schema: {
      tags: ['auth', 'sso'], summary: 'The redirect URI: exchanges the code, validates the ID token, maps claims to a role and opens a session',
      params: workspaceParams, querystring: callbackQuery,
      response: { 200: tokenPair, 303: z.null().describe('cookie mode: the session cookies are set; Location: return_to'), ...errorResponses },
    },
  }, async (request, reply) => {
    const { workspaceId } = request.params;
    const q = request.query;
    const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const { pair, handover } = await throttle.guard(LoginThrottle.key('sso', request.ip, workspaceId),
      () => login.callback(workspaceId, { state: q.state, error: q.error, rawQuery, browserState: ssoBindingCookieOf(request) }, clientMetaOf(request)), isCredentialFailure);
    return deliverSession(request, reply, pair, handover);
  });
}
