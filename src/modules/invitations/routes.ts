import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseBody } from '../../http/body.js';
import { clientMetaOf, contextOf } from '../../http/context.js';
import { publicOrigin, type OriginOptions } from '../../http/origin.js';
import { loginThrottleOf } from '../../http/rate-limit.js';
import { errorResponses } from '../../http/schemas.js';
import { browserSession, deliverBrowserSession } from '../../http/session-cookies.js';
import { isCredentialFailure, LoginThrottle } from '../auth/login-throttle.js';
import { ROLES } from '../auth/permissions.js';
import { sessionMode, tokenPair } from '../auth/routes.js';
import { InvitationAcceptance, InvitationMfaRequiredError } from './accept.js';
import type { InvitationServices } from './index.js';
import { INVITATION_STATUSES } from './repository.js';
import { MAX_LIST_LIMIT, type IssuedInvitation } from './service.js';

const invitation = z.object({
  id: z.string(), email: z.string(), role: z.enum(ROLES), status: z.enum(INVITATION_STATUSES), created_by: z.string(), created_at: z.string(),
  expires_at: z.string(), delivery: z.string().describe('how the current link went out: email_sent, email_failed or link (shown to the admin)'),
  delivered_at: z.string().nullable(), accepted_at: z.string().nullable(), revoked_at: z.string().nullable(),
});
const delivery = z.union([
  z.object({ method: z.literal('email'), status: z.literal('sent') }),
  z.object({ method: z.literal('email'), status: z.literal('failed'), reason: z.string() }),
  z.object({ method: z.literal('link') }),
]);
const issued = z.object({
  invitation, delivery,
  link: z.string().nullable().describe('the link to pass on to the invitee, shown once: only when it was not emailed (no SMTP, or the email failed); null otherwise and on an Idempotency-Key replay'),
});
const newBody = z.strictObject({ email: z.string().min(3).max(320), role: z.enum(ROLES) });
const idParams = z.object({ id: z.string().min(1).max(200) });
const listQuery = z.object({
  status: z.enum([...INVITATION_STATUSES, 'all']).default('pending'),
  limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(100),
});
const acceptBody = z.strictObject({
  token: z.string().min(1).max(200).describe('from the link: the part after #token='),
  password: z.string().min(1).max(4096).describe('an existing account: its password; a new account: the password to set'),
  display_name: z.string().max(200).optional().describe('a new account only'),
  mfa_code: z.string().min(1).max(64).optional().describe('an existing account with two-factor authentication: a TOTP or recovery code'),
  mode: sessionMode,
});
const alreadyMember = { already_member: z.literal(true).optional().describe('the account was a member already: the invitation is used up and the role left unchanged') };

/**
 * Invitations: the workspace's admins create, list, resend and revoke them; the invitee accepts with
 * the link's token (public, throttled like login). See docs/security.md, "Invitations".
 */
export function registerInvitationRoutes(appIn: FastifyInstance, s: { invitations: InvitationServices }, opts: OriginOptions = {}): void {
  const app = appIn.withTypeProvider<ZodTypeProvider>();
  const { manage, acceptance } = s.invitations;
  const tags = ['invitations'];
  // A token, shown once, is never kept for an Idempotency-Key replay.
  const admin = { scope: 'admin' as const, idempotencyRedact: ['link'] };
  const throttle = loginThrottleOf(appIn);
  const answer = (i: IssuedInvitation) => ({ invitation: i.invitation, delivery: i.delivery, link: i.link ?? null });

  app.get('/invitations', {
    config: { scope: 'admin' },
    schema: { tags, summary: 'Invitations of the workspace, newest first (pending ones by default)', querystring: listQuery, response: { 200: z.object({ items: z.array(invitation) }), ...errorResponses } },
  }, async (request) => ({ items: await manage.list(contextOf(request).workspaceId, request.query) }));

  app.post('/invitations', {
    config: admin,
    schema: {
      tags, summary: 'Invite an email address with a role: the link is emailed (SMTP configured) or answered once; the same answer whether or not the address has an account',
      body: newBody, response: { 201: issued, ...errorResponses },
    },
  }, async (request, reply) => {
    const b = parseBody(newBody, request.body);
    const created = await manage.create(contextOf(request), b, publicOrigin(request, opts));
    return reply.code(201).header('cache-control', 'no-store').send(answer(created));
  });

  app.get('/invitations/:id', {
    config: { scope: 'admin' },
    schema: { tags, summary: 'One invitation', params: idParams, response: { 200: invitation, ...errorResponses } },
  }, async (request) => manage.get(contextOf(request).workspaceId, request.params.id));

  app.post('/invitations/:id/resend', {
    config: admin,
    schema: { tags, summary: 'Send the invitation again with a new link (the old one stops working) and a new expiry', params: idParams, response: { 200: issued, ...errorResponses } },
  }, async (request, reply) => {
    const resent = await manage.resend(contextOf(request), request.params.id, publicOrigin(request, opts));
    return reply.header('cache-control', 'no-store').send(answer(resent));
  });

  app.delete('/invitations/:id', {
    config: { scope: 'admin' },
    schema: { tags, summary: 'Revoke an invitation: its link stops working', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await manage.revoke(contextOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/invitations/accept', {
    config: { scope: 'public' },
    schema: {
      tags: [...tags, 'auth'],
      summary: 'Accept an invitation: sign in to the invited address\'s account (password, and its MFA code if enrolled) or create it with a new password; answers a session in the workspace, like login',
      body: acceptBody,
      response: { 200: z.union([tokenPair.extend(alreadyMember), browserSession.extend(alreadyMember)]), ...errorResponses },
    },
  }, async (request, reply) => {
    const b = parseBody(acceptBody, request.body);
    const browser = b.mode === 'cookie';
    // Per address (token guessing) and per invitation (password guessing from many addresses).
    const perToken = LoginThrottle.key('invitation-token', undefined, InvitationAcceptance.tokenHashOf(b.token) ?? '-');
    const counts = (err: unknown) => isCredentialFailure(err) && !(err instanceof InvitationMfaRequiredError);
    // And per IP across everything, on login's own per-IP count: a success does not clear it.
    const perIp = [LoginThrottle.key('invitation', request.ip), throttle.perIp('login', request.ip)];
    const accepted = await throttle.guard(perIp, () => throttle.guard(perToken,
      () => acceptance.accept({ token: b.token, password: b.password, displayName: b.display_name, mfaCode: b.mfa_code }, { ...clientMetaOf(request), browser }), counts), counts);
    const extra = accepted.alreadyMember ? { already_member: true as const } : {};
    if (browser) return { ...deliverBrowserSession(request, reply, accepted.pair), ...extra };
    const { csrf_token: _unused, ...pair } = accepted.pair;
    return reply.header('cache-control', 'no-store').send({ ...pair, ...extra });
  });
}
