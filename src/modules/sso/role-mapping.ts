import type { Role } from '../auth/permissions.js';
import type { SsoConfig } from './schema.js';

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/** A claim's values: a string, or the strings of an array (other JSON types carry no role). */
export function claimValues(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/**
 * The role the claims earn: the highest role among the rules whose value the role claim holds (so the
 * order of rules does not matter), else the default role, else undefined (the login is refused).
 * Values are compared exactly, case included.
 */
export function mapRole(cfg: Pick<SsoConfig, 'roleClaim' | 'roleMappings' | 'defaultRole'>, claims: Record<string, unknown>): Role | undefined {
  const held = new Set(cfg.roleClaim ? claimValues(claims[cfg.roleClaim]) : []);
  let best: Role | undefined;
  for (const rule of cfg.roleMappings) {
    if (held.has(rule.value) && (best === undefined || RANK[rule.role] > RANK[best])) best = rule.role;
  }
  return best ?? cfg.defaultRole ?? undefined;
}

/** Whether the email's domain is allowed (any, when the list is empty). Subdomains must be listed themselves. */
export function emailDomainAllowed(allowed: readonly string[], email: string): boolean {
  if (allowed.length === 0) return true;
  const at = email.lastIndexOf('@');
  return at > 0 && allowed.includes(email.slice(at + 1).toLowerCase());
}
