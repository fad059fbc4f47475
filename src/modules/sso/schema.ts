import { z } from 'zod';
import { ValidationError } from '../../shared/errors.js';
import { zodIssues } from '../../shared/zod-issues.js';
import { ROLES, type Role } from '../auth/permissions.js';
import { providerUrlProblem, type SsoNetworkPolicy } from './outbound.js';

/** How many role rules a workspace may have, and other size limits of the configuration. */
const MAX_RULES = 100;
const MAX_DOMAINS = 100;

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** A claim name as IdPs spell them: `groups`, `roles`, `https://example.com/claims/roles`, `realm_access.roles` is not supported. */
const CLAIM = /^[A-Za-z0-9_:/.#-]{1,200}$/;
/** An authentication method reference (RFC 8176 names, or a provider's own short token). */
const AMR = /^[A-Za-z0-9_.:-]{1,64}$/;
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]{1,100}$/;

export const roleMapping = z.strictObject({
  value: z.string().min(1).max(200).describe('a value of the role claim (a group or role name at the IdP)'),
  role: z.enum(ROLES),
});

/** The body of PUT /settings/sso (snake_case, as the API speaks). */
export const ssoConfigInput = z.strictObject({
  issuer: z.string().min(1).max(500).describe('the issuer URL: https to a public host (loopback, private and link-local hosts, and http on loopback outside production, only when the instance allows them: MDL_SSO_ALLOW_PRIVATE_ISSUERS)'),
  client_id: z.string().min(1).max(500),
  client_secret: z.string().min(1).max(2000).optional()
    .describe('required when SSO is first configured and whenever the issuer or client id changes; omitted: the stored one is kept'),
  scopes: z.array(z.string().regex(SCOPE)).min(1).max(20).optional().describe('default: openid email profile; must include openid'),
  allowed_email_domains: z.array(z.string().min(1).max(253)).max(MAX_DOMAINS).optional().describe('empty or omitted: any domain'),
  role_claim: z.string().regex(CLAIM).nullable().optional().describe('the ID token (or userinfo) claim holding groups or roles, e.g. groups'),
  role_mappings: z.array(roleMapping).max(MAX_RULES).optional().describe('claim value → role; the highest role among the matching rules wins'),
  default_role: z.enum(ROLES).nullable().optional().describe('the role when no rule matches; null: such logins are refused'),
  jit_provisioning: z.boolean().optional().describe('create users (and memberships) on their first SSO login; default false'),
  mfa_amr: z.array(z.string().regex(AMR)).min(1).max(20).nullable().optional()
    .describe('ID token `amr` values (RFC 8176) that make an SSO login count as multi-factor for the MFA policy, e.g. ["mfa"]; null or omitted: the provider\'s MFA is not counted'),
});
export type SsoConfigInput = z.infer<typeof ssoConfigInput>;

/** What the API answers: never the client secret. */
export const ssoConfigView = z.object({
  workspace_id: z.string(),
  issuer: z.string(),
  client_id: z.string(),
  client_secret_set: z.literal(true),
  scopes: z.array(z.string()),
  allowed_email_domains: z.array(z.string()),
  role_claim: z.string().nullable(),
  role_mappings: z.array(roleMapping),
  default_role: z.enum(ROLES).nullable(),
  jit_provisioning: z.boolean(),
  mfa_amr: z.array(z.string()).nullable(),
  redirect_uri: z.string().describe('register this redirect URI at the identity provider'),
  created_at: z.string(),
  updated_at: z.string(),
});
export type SsoConfigView = z.infer<typeof ssoConfigView>;

/** A workspace's SSO configuration, as the services use it (the secret still sealed). */
export interface SsoConfig {
  workspaceId: string;
  issuer: string;
  clientId: string;
  /** Sealed with SecretBox, bound to `sso:<workspace id>`. */
  sealedSecret: string;
  scopes: string[];
  allowedEmailDomains: string[];
  roleClaim: string | null;
  roleMappings: Array<{ value: string; role: Role }>;
  defaultRole: Role | null;
  jitProvisioning: boolean;
  /** `amr` values that count as MFA; null: the provider's MFA is not counted. */
  mfaAmr: string[] | null;
  createdAt: string;
  updatedAt: string;
}

export const DEFAULT_SCOPES = ['openid', 'email', 'profile'];

/**
 * The normalized issuer URL, or a ValidationError: allowed by the network policy (https to a public
 * host unless the instance allows more), no credentials, query or fragment.
 */
export function validateIssuer(raw: string, network: SsoNetworkPolicy): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw issuerError('must be an absolute URL');
  }
  const problem = providerUrlProblem(url, network);
  if (problem) throw issuerError(problem);
  if (url.username || url.password) throw issuerError('must not contain credentials');
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) throw issuerError('must not have a query or fragment');
  // The issuer is compared exactly with the `iss` of ID tokens: keep it as given, but without a trailing slash on a bare host.
  return url.pathname === '/' && !raw.endsWith('/') ? url.origin : url.href;
}

function issuerError(message: string): ValidationError {
  return new ValidationError('invalid SSO configuration', [{ path: 'issuer', message }]);
}

/** Parses and checks a PUT body; the secret rules that depend on the stored row are the service's. */
export function parseSsoConfig(body: unknown, network: SsoNetworkPolicy): SsoConfigInput & { issuer: string; allowed_email_domains: string[] } {
  const r = ssoConfigInput.safeParse(body);
  if (!r.success) throw new ValidationError('invalid SSO configuration', zodIssues(r.error));
  const b = r.data;
  const issues: Array<{ path: string; message: string }> = [];
  const issuer = validateIssuer(b.issuer, network);
  if (b.scopes && !b.scopes.includes('openid')) issues.push({ path: 'scopes', message: 'must include openid' });
  b.allowed_email_domains?.forEach((d, i) => {
    if (!DOMAIN.test(d.trim().toLowerCase())) issues.push({ path: `allowed_email_domains[${i}]`, message: 'must be a domain name, like example.com' });
  });
  const rules = b.role_mappings ?? [];
  if (rules.length > 0 && !b.role_claim) issues.push({ path: 'role_claim', message: 'is required when role_mappings are given' });
  if (rules.length === 0 && !b.default_role) {
    issues.push({ path: 'role_mappings', message: 'give role_claim with at least one rule, or a default_role: otherwise every login is refused' });
  }
  if (issues.length) throw new ValidationError('invalid SSO configuration', issues);
  return {
    ...b,
    issuer,
    allowed_email_domains: [...new Set((b.allowed_email_domains ?? []).map((d) => d.trim().toLowerCase()))],
  };
}
