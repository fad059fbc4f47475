import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TokenPair } from '../modules/auth/login-service.js';
import { ROLES } from '../modules/auth/permissions.js';

/**
 * Browser sessions. The dashboard never holds a token in script-readable storage: the access token
 * and the refresh token travel in HttpOnly, SameSite=Strict cookies (Secure, with the `__Host-` /
 * `__Secure-` prefixes, when served over TLS). State-changing requests authenticated by cookie must
 * echo the session's CSRF token in `X-CSRF-Token`; the token is random per session, readable by the
 * page (body of the login answer, and a non-HttpOnly cookie), and stored server-side only as a hash.
 * API clients keep using `Authorization: Bearer`, which a cross-site page cannot attach.
 */
export interface CookieSettings {
  /** Secure cookies with name prefixes: on when the app speaks TLS (or sits behind a TLS proxy). */
  secure: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    sessionCookies: CookieSettings;
  }
}

export const CSRF_HEADER = 'x-csrf-token';

export function cookieNames(secure: boolean) {
  return {
    access: secure ? '__Host-mdl_access' : 'mdl_access',
    // Sent only to the refresh and logout routes; `__Host-` would force Path=/.
    refresh: secure ? '__Secure-mdl_refresh' : 'mdl_refresh',
    csrf: secure ? '__Host-mdl_csrf' : 'mdl_csrf',
  };
}

const REFRESH_PATH = '/api/v1/auth';

export function registerSessionCookies(app: FastifyInstance, settings: CookieSettings): void {
  app.decorate('sessionCookies', settings);
}

/** What a browser login answers in its body: no token, only what the page may know. */
export const browserSession = z.object({
  token_type: z.literal('Cookie'), expires_in: z.number().int(), refresh_expires_at: z.string(), workspace_id: z.string(), role: z.enum(ROLES),
  csrf_token: z.string().describe('send it as X-CSRF-Token on every POST, PUT, PATCH and DELETE'),
  mfa_enrolment_required: z.literal(true).optional(),
});
export type BrowserSession = z.infer<typeof browserSession>;

/** Sets the session cookies from a token pair and answers the cookie-free body. */
export function deliverBrowserSession(request: FastifyRequest, reply: FastifyReply, pair: TokenPair): BrowserSession {
  const { secure } = request.server.sessionCookies;
  const names = cookieNames(secure);
  const refreshMaxAge = Math.max(1, Math.floor((Date.parse(pair.refresh_expires_at) - Date.now()) / 1000));
  const cookies = [
    serialize(names.access, pair.access_token, { path: '/', httpOnly: true, secure, maxAge: pair.expires_in }),
    serialize(names.refresh, pair.refresh_token, { path: REFRESH_PATH, httpOnly: true, secure, maxAge: refreshMaxAge }),
  ];
  // Rotation keeps the session's CSRF token, so a refresh does not set it again.
  if (pair.csrf_token) cookies.push(serialize(names.csrf, pair.csrf_token, { path: '/', httpOnly: false, secure, maxAge: refreshMaxAge }));
  reply.header('set-cookie', cookies).header('cache-control', 'no-store');
  return {
    token_type: 'Cookie', expires_in: pair.expires_in, refresh_expires_at: pair.refresh_expires_at, workspace_id: pair.workspace_id, role: pair.role,
    // A refresh was checked against the header it carried: that is the session's token.
    csrf_token: pair.csrf_token ?? csrfHeaderOf(request) ?? readCookie(request, names.csrf) ?? '',
    ...(pair.mfa_enrolment_required ? { mfa_enrolment_required: true as const } : {}),
  };
}

/** Expires every session cookie (logout). */
export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply): void {
  const { secure } = request.server.sessionCookies;
  const names = cookieNames(secure);
  reply.header('set-cookie', [
    serialize(names.access, '', { path: '/', httpOnly: true, secure, maxAge: 0 }),
    serialize(names.refresh, '', { path: REFRESH_PATH, httpOnly: true, secure, maxAge: 0 }),
    serialize(names.csrf, '', { path: '/', httpOnly: false, secure, maxAge: 0 }),
  ]);
}

export function accessCookieOf(request: FastifyRequest): string | undefined {
  return readCookie(request, cookieNames(request.server.sessionCookies.secure).access);
}

export function refreshCookieOf(request: FastifyRequest): string | undefined {
  return readCookie(request, cookieNames(request.server.sessionCookies.secure).refresh);
}

export function csrfHeaderOf(request: FastifyRequest): string | undefined {
  const v = request.headers[CSRF_HEADER];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** One cookie's value from the Cookie header (our values are base64url/JWT text: no decoding needed). */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

/**
 * A single sign-on login in cookie mode binds its `state` to the browser that started it (RFC 6749
 * §10.12): the start sets this cookie, and the callback refuses a state the browser does not hold, so
 * a callback URL sent to someone else cannot sign their browser into the sender's account. It is
 * `SameSite=Lax` because the callback is a top-level navigation back from the provider's site.
 */
const SSO_BINDING_PATH = '/api/v1/auth/sso';
const ssoBindingName = (secure: boolean) => (secure ? '__Secure-mdl_sso' : 'mdl_sso');

export function setSsoBindingCookie(request: FastifyRequest, reply: FastifyReply, state: string, maxAgeSeconds: number): void {
  const { secure } = request.server.sessionCookies;
  reply.header('set-cookie', serialize(ssoBindingName(secure), state, { path: SSO_BINDING_PATH, httpOnly: true, secure, maxAge: maxAgeSeconds, sameSite: 'Lax' }));
}

export function ssoBindingCookieOf(request: FastifyRequest): string | undefined {
  return readCookie(request, ssoBindingName(request.server.sessionCookies.secure));
}

/** The binding is spent with its state: expire it (Fastify appends Set-Cookie to those the reply already sets). */
export function clearSsoBindingCookie(request: FastifyRequest, reply: FastifyReply): void {
  const { secure } = request.server.sessionCookies;
  reply.header('set-cookie', serialize(ssoBindingName(secure), '', { path: SSO_BINDING_PATH, httpOnly: true, secure, maxAge: 0, sameSite: 'Lax' }));
}

const COOKIE_VALUE = /^[A-Za-z0-9._~-]*$/;

function serialize(name: string, value: string, o: { path: string; httpOnly: boolean; secure: boolean; maxAge: number; sameSite?: 'Strict' | 'Lax' }): string {
  if (!COOKIE_VALUE.test(value)) throw new Error(`cookie ${name}: unexpected characters in value`);
  return `${name}=${value}; Path=${o.path}; Max-Age=${o.maxAge}; SameSite=${o.sameSite ?? 'Strict'}${o.httpOnly ? '; HttpOnly' : ''}${o.secure ? '; Secure' : ''}`;
}
