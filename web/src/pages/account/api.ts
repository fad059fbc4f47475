import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/schema.js';

type Ok<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T
  : paths[P][M] extends { responses: { 201: { content: { 'application/json': infer T } } } } ? T : never;

export type MfaStatus = Ok<'/api/v1/me/mfa', 'get'>;
export type Enrolment = Ok<'/api/v1/me/mfa/totp', 'post'>;

/** One of the caller's sessions (GET /auth/sessions declares its items loosely; this is their shape). */
export interface Session {
  id: string;
  workspaceId: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
  authMethod: string | null;
  current: boolean;
}

export const fetchSessions = async () => (await unwrap(api.GET('/api/v1/auth/sessions'))).items as unknown as Session[];
export const revokeSession = (id: string) => unwrap(api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } }));
export const revokeAllSessions = () => unwrap(api.DELETE('/api/v1/auth/sessions'));

export const fetchMfaStatus = () => unwrap(api.GET('/api/v1/me/mfa'));
/** A new secret and its otpauth:// URI: kept in component state only, never stored or logged. */
export const startTotp = () => unwrap(api.POST('/api/v1/me/mfa/totp'));
export const confirmTotp = (code: string) => unwrap(api.POST('/api/v1/me/mfa/totp/confirm', { body: { code } }));
export const disableTotp = (proof: { code: string } | { password: string }) => unwrap(api.DELETE('/api/v1/me/mfa/totp', { body: proof }));

export const changePassword = (current: string, next: string) =>
  unwrap(api.POST('/api/v1/me/password', { body: { current_password: current, new_password: next } }));

/** A short description of a browser's user agent, for the sessions table ("Chrome on Linux"). */
export function describeAgent(ua: string | null): string {
  if (!ua) return 'Unknown device';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /(Chrome|Chromium)\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari' : /^curl\//.test(ua) ? 'curl' : /^mdl\b/i.test(ua) ? 'MDL CLI' : null;
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X|Macintosh/.test(ua) ? 'macOS' : /Android/.test(ua) ? 'Android'
    : /iPhone|iPad/.test(ua) ? 'iOS' : /Linux/.test(ua) ? 'Linux' : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? ua.slice(0, 60);
}

const METHODS: Record<string, string> = { password: 'Password', 'password+mfa': 'Password and authenticator', sso: 'Single sign-on', 'sso+mfa': 'Single sign-on with MFA' };
export const describeMethod = (m: string | null) => (m ? METHODS[m] ?? m : 'Unknown');

/** The recovery codes as a text file's content (one per line, with what they are). */
export function recoveryCodesText(codes: string[], account: string): string {
  return [`MDL recovery codes for ${account}`, 'Each code signs you in once in place of an authenticator code. Keep them somewhere safe.', '', ...codes, ''].join('\n');
}
