import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseBody } from '../../http/body.js';
import { clientMetaOf, contextOf, principalOf } from '../../http/context.js';
import { browserSession, clearSessionCookies, csrfHeaderOf, deliverBrowserSession, refreshCookieOf } from '../../http/session-cookies.js';
import { AuthenticationError } from '../../shared/errors.js';
import { loginThrottleOf } from '../../http/rate-limit.js';
import { errorResponses } from '../../http/schemas.js';
import type { Services } from '../services.js';
import { DatabaseLockouts } from './login-lockouts.js';
import { isCredentialFailure, LoginThrottle } from './login-throttle.js';
import { ROLES, SCOPES } from './permissions.js';

export const tokenPair = z.object({
  access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number().int(), refresh_token: z.string(),
  refresh_expires_at: z.string(), workspace_id: z.string(), role: z.enum(ROLES),
  mfa_enrolment_required: z.literal(true).optional().describe('the workspace requires MFA: only `self` routes answer until you enrol'),
});
/** A correct password of a user with TOTP: complete the login with POST /auth/mfa. */
const mfaChallenge = z.object({
  mfa_required: z.literal(true), mfa_token: z.string().describe('opaque, single use'), expires_in: z.number().int().describe('seconds'),
});
/** `token` (default): the pair in the body, for API clients. `cookie`: a browser session (HttpOnly cookies + CSRF token). */
export const sessionMode = z.enum(['token', 'cookie']).optional().describe('token (default): tokens in the body; cookie: a browser session in HttpOnly cookies, answered with its CSRF token');
const loginBody = z.strictObject({ email: z.string().min(1).max(320), password: z.string().min(1).max(4096), workspace: z.string().max(128).optional(), mode: sessionMode });
const refreshBody = z.strictObject({ refresh_token: z.string().min(1).max(200).optional() });
const setupBody = z.strictObject({ token: z.string().min(1).max(200), email: z.string().min(3).max(320), password: z.string().min(1).max(4096), display_name: z.string().max(200).optional() });
export const apiKeyBody = z.strictObject({ name: z.string().min(1).max(100), scopes: z.array(z.enum(SCOPES)).min(1), expires_at: z.string().max(64).optional() });
const idParams = z.object({ id: z.string().min(1).max(200) });
export const apiKeyRecord = z.object({
  id: z.string(), workspace_id: z.string(), user_id: z.string(), name: z.string(), prefix: z.string(), scopes: z.array(z.string()),
  created_at: z.string(), expires_at: z.string().nullable(), last_used_at: z.string().nullable(), revoked_at: z.string().nullable(),
});

/** Login, refresh, logout, own sessions, first-run setup, JWKS and personal API keys. */
export function registerAuthRoutes(appIn: FastifyInstance, s: Services): void {
  const app = appIn.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];
  const { login, auth, identity } = s;
  // Login, refresh and setup: 5 failures (by default) per account and IP, then 429 until the window ends.
  const throttle = loginThrottleOf(appIn);
  // Lockouts also go to the database, so they hold while Redis is away. The throttle is built before
  // any route (registerRateLimits, without the database); every credential route shares it.
  throttle.keepLockoutsIn(new DatabaseLockouts(s.db));

  app.post('/auth/login', {
    config: { scope: 'public' },
    schema: {
      tags, summary: 'Password login: opens a session, returns an access token (15 min) and a refresh token; with TOTP, an MFA challenge instead',
      body: loginBody,
      response: { 200: z.union([tokenPair, mfaChallenge, browserSession]), ...errorResponses },
    },
  }, async (request, reply) => {
    const b = parseBody(loginBody, request.body);
    const browser = b.mode === 'cookie';
    // "Say which workspace" needs the right password: not a failure.
    // Per account and IP, and per IP across accounts (MDL_LOGIN_IP_MAX_FAILURES).
    const keys = [LoginThrottle.key('login', request.ip, b.email), throttle.perIp('login', request.ip)];
    const result = await throttle.guard(keys, () => login.begin(b.email, b.password, b.workspace, { ...clientMetaOf(request), browser }),
      (err) => isCredentialFailure(err) && !(err as { details?: { workspaces?: unknown } }).details?.workspaces);
    return browser && 'access_token' in result ? deliverBrowserSession(request, reply, result) : result;
  });

  app.post('/auth/refresh', {
    config: { scope: 'public' },
    schema: {
      tags, summary: 'Rotate a refresh token (single use; reuse ends the whole session): from the body, or a browser session\'s cookie (with X-CSRF-Token)',
      body: refreshBody.optional(), response: { 200: z.union([tokenPair, browserSession]), ...errorResponses },
    },
  }, async (request, reply) => {
    const fromBody = parseBody(refreshBody, request.body ?? {}).refresh_token;
    const token = fromBody ?? refreshCookieOf(request);
    if (!token) throw new AuthenticationError('authentication required');
    // Refresh tokens are random, so failures count per IP.
    const pair = await throttle.guard(LoginThrottle.key('refresh', request.ip), () => login.refresh(token, { ...clientMetaOf(request), csrfToken: csrfHeaderOf(request) }));
    return fromBody === undefined ? deliverBrowserSession(request, reply, pair) : pair;
  });

  app.post('/auth/logout', {
    config: { scope: 'self' },
    schema: { tags, summary: 'End the current session (and clear a browser session\'s cookies)', response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const p = principalOf(request);
    if (p.sessionId) await login.logout(p.userId, p.sessionId, p.workspaceId, clientMetaOf(request));
    clearSessionCookies(request, reply);
    return reply.code(204).send(null);
  });

  app.get('/auth/sessions', {
    config: { scope: 'self' },
    schema: { tags, summary: 'Your active sessions (a single sign-on session of an account that is in several workspaces sees this workspace\'s only)', response: { 200: z.object({ items: z.array(z.record(z.string(), z.unknown())) }), ...errorResponses } },
  }, async (request) => {
    const p = principalOf(request);
    // `current`: the session this request came with, so a page can mark it (and not offer to revoke it by mistake).
    const items = (await auth.sessions.list(p.userId, await auth.reach.of(p))).map((x) => ({ ...x, current: x.id === p.sessionId }));
    return { items: items as unknown as Array<Record<string, unknown>> };
  });

  app.delete('/auth/sessions/:id', {
    config: { scope: 'self' },
    schema: { tags, summary: 'Revoke one of your sessions', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const p = principalOf(request);
    await auth.sessions.revoke(p.userId, request.params.id, 'logout', await auth.reach.of(p));
    return reply.code(204).send(null);
  });

  app.delete('/auth/sessions', {
    config: { scope: 'self' },
    schema: { tags, summary: 'Revoke all your sessions (sign out everywhere; a single sign-on session of an account in several workspaces: this workspace only)', response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const p = principalOf(request);
    await auth.sessions.revokeAllForUser(p.userId, 'logout', await auth.reach.of(p));
    return reply.code(204).send(null);
  });

  app.get('/setup', {
    config: { scope: 'public' },
    schema: { tags, summary: 'Whether first-run setup is still open', response: { 200: z.object({ needs_setup: z.boolean() }) } },
  }, async () => ({ needs_setup: await identity.setup.needsSetup() }));

  app.post('/setup', {
    config: { scope: 'public' },
    schema: {
      tags, summary: 'Exchange the one-time setup token (printed once at first start) for the first admin account',
      body: setupBody,
      response: { 201: z.object({ id: z.string(), email: z.string() }), ...errorResponses },
    },
  }, async (request, reply) => {
    const b = parseBody(setupBody, request.body);
    const user = await throttle.guard(LoginThrottle.key('setup', request.ip),
      () => identity.setup.exchange(b.token, { email: b.email, password: b.password, displayName: b.display_name }));
    return reply.code(201).send({ id: user.id, email: user.email });
  });

  app.get('/api-keys', {
    config: { scope: 'self' },
    schema: { tags: ['api-keys'], summary: 'API keys: yours, or every key of the workspace for admins', response: { 200: z.object({ items: z.array(apiKeyRecord) }), ...errorResponses } },
  }, async (request) => {
    const p = principalOf(request);
    return { items: await auth.apiKeys.list(p.workspaceId, p.scopes.has('admin') ? undefined : p.userId) };
  });

  app.post('/api-keys', {
    // The secret is shown once: an Idempotency-Key replay returns the record with `key: null`.
    config: { scope: 'self', idempotencyRedact: ['key'] },
    schema: {
      tags: ['api-keys'], summary: 'Create a personal API key; the secret is shown once, and scopes cannot exceed your own',
      body: apiKeyBody,
      response: { 201: z.object({ key: z.string().nullable().describe('the secret, shown once; null on an Idempotency-Key replay'), record: apiKeyRecord }), ...errorResponses },
    },
  }, async (request, reply) => {
    const p = principalOf(request);
    const b = parseBody(apiKeyBody, request.body);
    const created = await auth.apiKeys.create({
      workspaceId: p.workspaceId, userId: p.userId, creatorScopes: p.scopes, name: b.name, scopes: b.scopes, expiresAt: b.expires_at,
      actor: contextOf(request).actor, requestId: String(request.id), ip: request.ip,
    });
    return reply.code(201).header('cache-control', 'no-store').send(created);
  });

  app.delete('/api-keys/:id', {
    config: { scope: 'self' },
    schema: { tags: ['api-keys'], summary: 'Revoke an API key (your own; admins: any in the workspace)', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const p = principalOf(request);
    await auth.apiKeys.revoke(p.workspaceId, request.params.id, { actor: contextOf(request).actor, requestId: String(request.id), ip: request.ip, ownerId: p.scopes.has('admin') ? undefined : p.userId });
    return reply.code(204).send(null);
  });
}

/** Public signing keys for verifying access tokens, at the well-known path (outside /api/v1). */
export function registerJwks(app: FastifyInstance, s: Services): void {
  app.get('/.well-known/jwks.json', { config: { scope: 'public' }, schema: { tags: ['auth'], summary: 'Public keys (JWKS) that verify access tokens' } },
    async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(await s.auth.signingKeys.jwks()));
}
