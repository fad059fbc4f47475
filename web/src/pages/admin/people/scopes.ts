import type { Role } from './api.js';

/**
 * The API's scopes in the order the picker lists them, with what each lets a key do. The role table
 * mirrors src/modules/auth/permissions.ts (tests/unit/web-admin-people.test.tsx keeps the two equal);
 * the server checks again, so this only decides what the picker offers.
 */
export const SCOPE_INFO: ReadonlyArray<{ scope: string; label: string }> = [
  { scope: 'metrics:read', label: 'Read metrics' },
  { scope: 'metrics:write', label: 'Create, edit and delete metrics' },
  { scope: 'domains:read', label: 'Read domains' },
  { scope: 'domains:write', label: 'Create, edit and delete domains' },
  { scope: 'objectives:read', label: 'Read objectives' },
  { scope: 'objectives:write', label: 'Create, edit and delete objectives' },
  { scope: 'policies:read', label: 'Read policies and the policy bundle' },
  { scope: 'import', label: 'Import catalogs' },
  { scope: 'export', label: 'Export the catalog' },
  { scope: 'self', label: 'Its owner\'s profile, sessions and API keys' },
  { scope: 'admin', label: 'Administer the workspace (members, keys, settings)' },
];

const READ = ['metrics:read', 'domains:read', 'objectives:read', 'policies:read', 'export', 'self'];
const WRITE = ['metrics:write', 'domains:write', 'objectives:write', 'import'];
export const ROLE_SCOPES: Record<Role, readonly string[]> = { viewer: READ, editor: [...READ, ...WRITE], admin: [...READ, ...WRITE, 'admin'] };

/** What a new key may carry: the creator's scopes, and for a service account's key also its role's. In picker order. */
export function allowedScopes(mine: readonly string[], role?: Role): string[] {
  const held = new Set(mine);
  const ofRole = role ? new Set(ROLE_SCOPES[role]) : undefined;
  return SCOPE_INFO.map((s) => s.scope).filter((s) => held.has(s) && (!ofRole || ofRole.has(s)));
}

/** The read-only subset of what is allowed (the picker's "Read only" choice). */
export function readOnly(allowed: readonly string[]): string[] {
  return allowed.filter((s) => s.endsWith(':read') || s === 'export');
}

export const EXPIRY_CHOICES = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
] as const;

/** The `expires_at` of a choice (days from now, or none). */
export function expiryOf(choice: string, now = Date.now()): string | undefined {
  const days = Number(choice);
  return choice === 'never' || !Number.isFinite(days) ? undefined : new Date(now + days * 86_400_000).toISOString();
}
