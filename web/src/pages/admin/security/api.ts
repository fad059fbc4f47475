import { api, unwrap } from '../../../api/client.js';
import type { paths } from '../../../api/schema.js';
import { auditQuery, type AuditFilters } from './audit-state.js';

export type MfaPolicy = 'none' | 'admins' | 'all';
export type SsoConfig = paths['/api/v1/settings/sso']['get']['responses'][200]['content']['application/json'];
export type SsoInput = NonNullable<paths['/api/v1/settings/sso']['put']['requestBody']>['content']['application/json'];

export const fetchMfaPolicy = async () => (await unwrap(api.GET('/api/v1/settings/mfa'))).required;
export const saveMfaPolicy = async (required: MfaPolicy) => (await unwrap(api.PUT('/api/v1/settings/mfa', { body: { required } }))).required;

/** The workspace's SSO settings, or null when none are configured (the API's 404). */
export async function fetchSso(): Promise<SsoConfig | null> {
  const r = await api.GET('/api/v1/settings/sso');
  if (r.response.status === 404) return null;
  return unwrap(Promise.resolve(r));
}
export const saveSso = (body: SsoInput) => unwrap(api.PUT('/api/v1/settings/sso', { body }));
export const removeSso = () => unwrap(api.DELETE('/api/v1/settings/sso'));

/** One audit event as the list answers it (declared loosely by the API: a record per event). */
export interface AuditEvent {
  id: number;
  occurred_at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  request_id: string | null;
  outcome: string;
  before: unknown;
  after: unknown;
  ip?: string | null;
}

export const AUDIT_PAGE_SIZE = 50;

export async function fetchAuditPage(filters: AuditFilters, cursor: string | undefined) {
  const query = { ...auditQuery(filters), limit: AUDIT_PAGE_SIZE, ...(cursor ? { cursor } : {}) };
  const page = await unwrap(api.GET('/api/v1/audit', { params: { query } }));
  return { items: page.items as unknown as AuditEvent[], nextCursor: page.next_cursor };
}

/** GET /audit/verify: verified (with the count), or the first broken link. */
export type ChainStatus = paths['/api/v1/audit/verify']['get']['responses'][200]['content']['application/json'];

export const verifyChain = async () => unwrap(api.GET('/api/v1/audit/verify'));

/** The export's address with the list's filters: a plain link, so the browser downloads it (the session cookie goes along). */
export function exportHref(filters: AuditFilters, format: 'jsonl' | 'csv'): string {
  const q = new URLSearchParams({ ...auditQuery(filters), format });
  return `/api/v1/audit/export?${q.toString()}`;
}
