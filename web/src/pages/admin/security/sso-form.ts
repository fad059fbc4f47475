import type { SsoConfig, SsoInput } from './api.js';

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The SSO settings as the form edits them: lists as text, the secret write-only (always starts empty). */
export interface SsoForm {
  issuer: string;
  client_id: string;
  client_secret: string;
  scopes: string;
  allowed_email_domains: string;
  role_claim: string;
  role_mappings: Array<{ value: string; role: Role }>;
  default_role: Role | '';
  jit_provisioning: boolean;
  mfa_amr: string;
}

const list = (text: string) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

export function toForm(c: SsoConfig | null): SsoForm {
  return {
    issuer: c?.issuer ?? '', client_id: c?.client_id ?? '', client_secret: '',
    scopes: (c?.scopes ?? ['openid', 'email', 'profile']).join(' '),
    allowed_email_domains: (c?.allowed_email_domains ?? []).join(', '),
    role_claim: c?.role_claim ?? '',
    role_mappings: (c?.role_mappings ?? []).map((m) => ({ value: m.value, role: m.role })),
    default_role: c?.default_role ?? (c ? '' : 'viewer'),
    jit_provisioning: c?.jit_provisioning ?? false,
    mfa_amr: (c?.mfa_amr ?? []).join(', '),
  };
}

/** The PUT body: an empty secret is left out (the stored one is kept), empty rows are dropped. */
export function toInput(f: SsoForm): SsoInput {
  const amr = list(f.mfa_amr);
  const mappings = f.role_mappings.filter((m) => m.value.trim() !== '').map((m) => ({ value: m.value.trim(), role: m.role }));
  return {
    issuer: f.issuer.trim(),
    client_id: f.client_id.trim(),
    ...(f.client_secret !== '' ? { client_secret: f.client_secret } : {}),
    scopes: list(f.scopes),
    allowed_email_domains: list(f.allowed_email_domains),
    role_claim: f.role_claim.trim() === '' ? null : f.role_claim.trim(),
    role_mappings: mappings,
    default_role: f.default_role === '' ? null : f.default_role,
    jit_provisioning: f.jit_provisioning,
    mfa_amr: amr.length ? amr : null,
  };
}

/** A 400/422's `{path, message}` issues keyed by the form's field (`role_mappings[1].value` → `role_mappings`, `scopes[0]` → `scopes`). */
export function fieldErrors(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const issues = Array.isArray(details) ? details : Array.isArray((details as { issues?: unknown })?.issues) ? (details as { issues: unknown[] }).issues : [];
  for (const i of issues) {
    if (!i || typeof i !== 'object') continue;
    const { path, message } = i as { path?: unknown; message?: unknown };
    if (typeof path !== 'string' || typeof message !== 'string') continue;
    const field = path.replace(/^body\./, '').split(/[.[]/)[0] ?? '';
    out[field] = out[field] ? `${out[field]}; ${message}` : message;
  }
  return out;
}

/** The callback to register at the provider (before the first save, when the server has not said it yet). */
export const redirectUriFor = (origin: string, workspaceId: string) => `${origin}/api/v1/auth/sso/${encodeURIComponent(workspaceId)}/callback`;
/** The bookmarkable per-workspace sign-in link, with the SSO button on it. */
export const signInLinkFor = (origin: string, workspaceId: string) => `${origin}/sign-in?workspace=${encodeURIComponent(workspaceId)}`;
