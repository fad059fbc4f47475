import { api, unwrap } from '../../../api/client.js';
import type { paths } from '../../../api/schema.js';

/** Typed calls of the admin people pages: members, invitations, service accounts and API keys. */
type Ok<T> = T extends { responses: { 200: { content: { 'application/json': infer R } } } } ? R
  : T extends { responses: { 201: { content: { 'application/json': infer R } } } } ? R : never;

export type Member = Ok<paths['/api/v1/members']['get']>['items'][number];
export type Role = Member['role'];
export type Invitation = Ok<paths['/api/v1/invitations']['get']>['items'][number];
export type InvitationStatus = Invitation['status'];
export type IssuedInvitation = Ok<paths['/api/v1/invitations']['post']>;
export type ServiceAccount = Ok<paths['/api/v1/service-accounts']['get']>['items'][number];
export type ApiKey = Ok<paths['/api/v1/api-keys']['get']>['items'][number];
export type CreatedKey = Ok<paths['/api/v1/api-keys']['post']>;
export type NewKey = { name: string; scopes: string[]; expires_at?: string };
type ScopeName = paths['/api/v1/api-keys']['post']['requestBody']['content']['application/json']['scopes'][number];

export const ROLES: Role[] = ['viewer', 'editor', 'admin'];

/** Service accounts are users too (GET /members lists them): their address is on the reserved `.invalid` domain. */
export const isServiceAccount = (m: Pick<Member, 'email'>) => m.email.endsWith('@service-accounts.invalid');

export const fetchMembers = async () => (await unwrap(api.GET('/api/v1/members'))).items;
export const changeRole = (userId: string, role: Role) => unwrap(api.PATCH('/api/v1/members/{userId}', { params: { path: { userId } }, body: { role } }));
export const removeMember = (userId: string) => unwrap(api.DELETE('/api/v1/members/{userId}', { params: { path: { userId } } }));
export const disableMember = (userId: string) => unwrap(api.POST('/api/v1/members/{userId}/disable', { params: { path: { userId } } }));
export const resetPassword = (userId: string, password: string) => unwrap(api.POST('/api/v1/members/{userId}/password', { params: { path: { userId } }, body: { password } }));

export const fetchInvitations = async (status: InvitationStatus | 'all') => (await unwrap(api.GET('/api/v1/invitations', { params: { query: { status, limit: 100 } } }))).items;
export const createInvitation = (email: string, role: Role) => unwrap(api.POST('/api/v1/invitations', { body: { email, role } }));
export const resendInvitation = (id: string) => unwrap(api.POST('/api/v1/invitations/{id}/resend', { params: { path: { id } } }));
export const revokeInvitation = (id: string) => unwrap(api.DELETE('/api/v1/invitations/{id}', { params: { path: { id } } }));

export const fetchServiceAccounts = async () => (await unwrap(api.GET('/api/v1/service-accounts'))).items;
export const createServiceAccount = (name: string, role: Role) => unwrap(api.POST('/api/v1/service-accounts', { body: { name, role } }));
export const deleteServiceAccount = (id: string) => unwrap(api.DELETE('/api/v1/service-accounts/{id}', { params: { path: { id } } }));
export const createServiceAccountKey = (id: string, k: NewKey) =>
  unwrap(api.POST('/api/v1/service-accounts/{id}/api-keys', { params: { path: { id } }, body: { ...k, scopes: k.scopes as ScopeName[] } }));

export const fetchApiKeys = async () => (await unwrap(api.GET('/api/v1/api-keys'))).items;
export const createApiKey = (k: NewKey) => unwrap(api.POST('/api/v1/api-keys', { body: { ...k, scopes: k.scopes as ScopeName[] } }));
export const revokeApiKey = (id: string) => unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } }));

/** A key's state in words: revoked, expired or active (the list keeps revoked keys). */
export function keyState(k: Pick<ApiKey, 'revoked_at' | 'expires_at'>, now = Date.now()): 'revoked' | 'expired' | 'active' {
  if (k.revoked_at) return 'revoked';
  if (k.expires_at && Date.parse(k.expires_at) <= now) return 'expired';
  return 'active';
}
