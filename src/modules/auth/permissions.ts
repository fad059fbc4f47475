import type { AuthMethod } from './sessions.js';

/**
 * Roles and scopes. A user has one role per workspace; a role grants a fixed set of scopes. An API
 * key carries an explicit subset of its creator's scopes. Every route declares the one scope it
 * needs, and the check happens before any read or write.
 */
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = [
  'metrics:read', 'metrics:write',
  'domains:read', 'domains:write',
  'objectives:read', 'objectives:write',
  'policies:read',
  'import', 'export',
  /** One's own profile, password, sessions and personal API keys. */
  'self',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

const READ: Scope[] = ['metrics:read', 'domains:read', 'objectives:read', 'policies:read', 'export', 'self'];
const WRITE: Scope[] = ['metrics:write', 'domains:write', 'objectives:write', 'import'];

export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  viewer: READ,
  editor: [...READ, ...WRITE],
  admin: [...READ, ...WRITE, 'admin'],
};

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

export function isScope(v: unknown): v is Scope {
  return typeof v === 'string' && (SCOPES as readonly string[]).includes(v);
}

/** Who is calling, resolved from a credential before any handler runs. */
export interface Principal {
  kind: 'user' | 'api_key';
  userId: string;
  workspaceId: string;
  role: Role;
  scopes: ReadonlySet<Scope>;
  /** The login session behind an access token (checked on every request, so revocation is immediate). */
  sessionId?: string;
  /** How that session was authenticated (`password`, `password+mfa`, `sso`, `sso+mfa`); undefined: unknown or an API key. */
  authMethod?: AuthMethod;
  apiKeyId?: string;
}

export function scopesOfRole(role: Role): Set<Scope> {
  return new Set(ROLE_SCOPES[role]);
}

/** How a principal is named as the actor of audit events: `user:<id>` or `api_key:<id>`. */
export function actorOf(p: Pick<Principal, 'kind' | 'userId' | 'apiKeyId'>): string {
  return p.kind === 'user' ? `user:${p.userId}` : `api_key:${p.apiKeyId}`;
}
