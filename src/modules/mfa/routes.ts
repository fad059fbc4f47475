import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseBody } from '../../http/body.js';
import { clientMetaOf, contextOf, principalOf } from '../../http/context.js';
import { browserSession, deliverBrowserSession } from '../../http/session-cookies.js';
import { loginThrottleOf } from '../../http/rate-limit.js';
import { errorResponses } from '../../http/schemas.js';
import { requireSession } from '../auth/account-reach.js';
import { isCredentialFailure, LoginThrottle } from '../auth/login-throttle.js';
import { sessionMode, tokenPair } from '../auth/routes.js';
import { providerVerifiedMfa } from '../auth/sessions.js';
import type { Services } from '../services.js';
import { MfaCodeRejectedError } from './errors.js';
import { MFA_POLICIES } from './repository.js';

const code = z.string().min(1).max(64).describe('a 6-digit TOTP code, or a recovery code (xxxx-xxxx-xxxx)');
const confirmBody = z.strictObject({ code: z.string().min(1).max(64).describe('the current 6-digit code from the authenticator app') });
const disableBody = z.strictObject({ code: code.optional(), password: z.string().min(1).max(4096).optional() })
  .refine((b) => (b.code === undefined) !== (b.password === undefined), { message: 'give exactly one of code and password', path: ['code'] });
const mfaLoginBody = z.strictObject({ mfa_token: z.string().min(1).max(200), code, mode: sessionMode });
const policyBody = z.strictObject({ required: z.enum(MFA_POLICIES) });

const status = z.object({
  enabled: z.boolean(), pending: z.boolean(), enabled_at: z.string().nullable(), recovery_codes_left: z.number().int(),
  policy: z.enum(MFA_POLICIES), enrolment_required: z.boolean(),
});
const enrolment = z.object({
  secret: z.string().describe('base32; for manual entry'),
  otpauth_uri: z.string().describe('otpauth://totp/MDL:<email>?secret=…&issuer=MDL&algorithm=SHA1&digits=6&period=30 (for a QR code)'),
});
const recoveryCodes = z.object({ enabled: z.literal(true), recovery_codes: z.array(z.string()).describe('10 single-use codes, shown this once') });
const policy = z.object({ required: z.enum(MFA_POLICIES) });

const codeRejected = (err: unknown) => err instanceof MfaCodeRejectedError;

/**
 * Two-factor authentication: your TOTP enrolment (`self`), the second login step (public), and the
 * workspace policy (`admin`). Secrets and recovery codes are answered with `Cache-Control: no-store`
 * and never kept for Idempotency-Key replays. Code checks go through the credential-check throttle.
 */
export function registerMfaRoutes(appIn: FastifyInstance, s: Services): void {
  const app = appIn.withTypeProvider<ZodTypeProvider>();
  const tags = ['mfa'];
  const { mfa, login } = s;
  const { reach } = s.auth;
  const throttle = loginThrottleOf(appIn);

  app.get('/me/mfa', {
    config: { scope: 'self' },
    schema: { tags, summary: 'Your two-factor status: enabled, recovery codes left, and whether the workspace requires it of you', response: { 200: status, ...errorResponses } },
  }, async (request) => {
    const p = principalOf(request);
    return mfa.status(p.userId, p.workspaceId, p.role, providerVerifiedMfa(p.authMethod));
  });

  app.post('/me/mfa/totp', {
    config: { scope: 'self', idempotencyRedact: ['secret', 'otpauth_uri'] },
    schema: {
      tags, summary: 'Start TOTP enrolment: a new secret and its otpauth:// URI (confirm with a first code to enable it)',
      response: { 201: enrolment, ...errorResponses },
    },
  }, async (request, reply) => {
    requireSession(principalOf(request), 'change two-factor authentication');
    await reach.requireWholeAccount(principalOf(request), 'two-factor authentication');
    const result = await mfa.beginEnrolment(contextOf(request), principalOf(request).userId);
    return reply.code(201).header('cache-control', 'no-store').send(result);
  });

  app.post('/me/mfa/totp/confirm', {
    config: { scope: 'self', idempotencyRedact: ['recovery_codes'] },
    schema: {
      tags, summary: 'Enable TOTP with a first code; returns 10 single-use recovery codes, shown once',
      body: confirmBody,
      response: { 200: recoveryCodes, ...errorResponses },
    },
  }, async (request, reply) => {
    const b = parseBody(confirmBody, request.body);
    const p = principalOf(request);
    requireSession(p, 'change two-factor authentication');
    await reach.requireWholeAccount(p, 'two-factor authentication');
    const codes = await throttle.guard(LoginThrottle.key('mfa', request.ip, p.userId), () => mfa.confirmEnrolment(contextOf(request), p.userId, b.code), codeRejected);
    return reply.header('cache-control', 'no-store').send({ enabled: true, recovery_codes: codes });
  });

  app.delete('/me/mfa/totp', {
    config: { scope: 'self' },
    schema: {
      tags, summary: 'Turn TOTP off (recovery codes are deleted): give a current code, a recovery code, or your password',
      body: disableBody,
      response: { 204: z.null(), ...errorResponses },
    },
  }, async (request, reply) => {
    const b = parseBody(disableBody, request.body);
    const p = principalOf(request);
    requireSession(p, 'change two-factor authentication');
    await reach.requireWholeAccount(p, 'two-factor authentication');
    // A password here is a password guess: it also counts in the account's bucket shared with login.
    const keys = [LoginThrottle.key('mfa', request.ip, p.userId)];
    if (b.password !== undefined) keys.push(LoginThrottle.passwordKey(request.ip, (await s.identity.users.get(p.userId)).email));
    await throttle.guard(keys, () => mfa.disable(contextOf(request), p.userId, b), codeRejected);
    return reply.code(204).send(null);
  });

  app.post('/auth/mfa', {
    config: { scope: 'public' },
    schema: {
      tags: ['auth', ...tags], summary: 'Second login step: the mfa_token from /auth/login and a TOTP or recovery code; returns the token pair',
      body: mfaLoginBody,
      response: { 200: z.union([tokenPair, browserSession]), ...errorResponses },
    },
  }, async (request, reply) => {
    const b = parseBody(mfaLoginBody, request.body);
    // Failures count per IP here, besides the per-challenge limit.
    const pair = await throttle.guard(LoginThrottle.key('mfa-login', request.ip), () => login.completeMfa(b.mfa_token, b.code, { ...clientMetaOf(request), browser: b.mode === 'cookie' }), isCredentialFailure);
    return b.mode === 'cookie' ? deliverBrowserSession(request, reply, pair) : pair;
  });

  app.get('/settings/mfa', {
    config: { scope: 'admin' },
    schema: { tags, summary: 'The workspace MFA policy: none, admins or all', response: { 200: policy, ...errorResponses } },
  }, async (request) => ({ required: await mfa.policy(contextOf(request).workspaceId) }));

  app.put('/settings/mfa', {
    config: { scope: 'admin' },
    schema: {
      tags, summary: 'Require MFA of admins or of every member (members without it keep only `self` routes until they enrol)',
      body: policyBody,
      response: { 200: policy, ...errorResponses },
    },
  }, async (request) => {
    requireSession(principalOf(request), 'change the MFA policy');
    const b = parseBody(policyBody, request.body);
    return { required: await mfa.setPolicy(contextOf(request), b.required) };
  });
}
