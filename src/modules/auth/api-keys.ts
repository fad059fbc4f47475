import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { hashToken } from '../../shared/token-hash.js';
import type { Db } from '../../db/connect.js';
import { isUniqueViolation } from '../../db/errors.js';
import { asSystem } from '../../db/tenant-context.js';
import { AuthenticationError, ForbiddenError, NotFoundError, ValidationError, type FieldIssue } from '../../shared/errors.js';
import type { AuditRecord } from '../audit/chain.js';
import { AuditRepository } from '../audit/repository.js';
import type { Trx } from '../catalog/kind.js';
import { ApiKeysRepository, type PublicApiKeyRow } from './api-keys-repository.js';
import { isRole, isScope, ROLE_SCOPES, type Role, type Scope } from './permissions.js';

/**
 * API keys: `mdl_<prefix>_<secret>`. The prefix (10 base32 characters) is stored in clear, unique, to
 * find the key; the secret (32 random bytes, base64url) only as its SHA-256, which is enough for a
 * high-entropy secret (no password stretching needed) and compared in constant time. The key is shown
 * once, at creation. A key carries an explicit subset of its creator's scopes; when used, it is further
 * limited to what its owner's current role in the workspace grants.
 */
export interface ApiKeyRecord {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface CreateApiKeyInput {
  workspaceId: string;
  /** The key's owner. */
  userId: string;
  /** The scopes of whoever creates the key; the key may not exceed them. */
  creatorScopes: ReadonlySet<Scope>;
  name: string;
  scopes: Scope[];
  /** ISO 8601 date-time in the future; no expiry when absent. */
  expiresAt?: string;
  /** Recorded in the audit event (defaults to `userId`). */
  actor?: string;
  requestId?: string;
  ip?: string;
}

/** Who performs a revocation, for the audit event. */
export interface AuditedBy {
  actor?: string;
  requestId?: string;
  ip?: string;
}

export interface ApiKeyPrincipal {
  keyId: string;
  userId: string;
  workspaceId: string;
  /** The owner's current role in the key's workspace. */
  role: Role;
  /** The key's scopes that the owner's current role still grants. */
  scopes: Set<Scope>;
  /** When the key expires (ISO), or null. */
  expiresAt: string | null;
}

export type ApiKeyFailure = 'malformed' | 'unknown prefix' | 'wrong secret' | 'revoked' | 'expired' | 'owner inactive' | 'owner not a member';

/** Every API key failure says the same to the client; `reason` is for logs only (never in `details`). */
export class ApiKeyAuthenticationError extends AuthenticationError {
  constructor(readonly reason: ApiKeyFailure) {
    super('invalid API key');
  }
}

const KEY_PATTERN = /^mdl_([a-z2-7]{10})_([A-Za-z0-9_-]{43})$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const PREFIX_LENGTH = 10;
const TOUCH_INTERVAL_MS = 60_000;
const MAX_NAME = 100;
/** Compared against when the prefix is unknown, so both paths hash and compare. */
const DUMMY_HASH = Buffer.alloc(32);

export function generateApiKey(): { key: string; prefix: string; secret: string } {
  const bytes = randomBytes(PREFIX_LENGTH);
  let prefix = '';
  for (const b of bytes) prefix += BASE32[b & 31];
  const secret = randomBytes(32).toString('base64url');
  return { key: `mdl_${prefix}_${secret}`, prefix, secret };
}

export function parseApiKey(raw: string): { prefix: string; secret: string } | undefined {
  const m = typeof raw === 'string' ? KEY_PATTERN.exec(raw) : null;
  return m ? { prefix: m[1]!, secret: m[2]! } : undefined;
}

export const hashApiKeySecret = hashToken;

export class ApiKeyService {
  constructor(
    private readonly db: Db,
    private readonly deps: { repo?: ApiKeysRepository; audit?: AuditRepository; clock?: () => Date } = {},
  ) {}

  private get repo(): ApiKeysRepository {
    return (this.deps.repo ??= new ApiKeysRepository());
  }

  private get audit(): AuditRepository {
    return (this.deps.audit ??= new AuditRepository());
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  async create(input: CreateApiKeyInput): Promise<{ key: string; record: ApiKeyRecord }> {
    const { name, scopes, expiresAt } = this.validate(input);
    const missing = scopes.filter((s) => !input.creatorScopes.has(s));
    if (missing.length > 0) throw new ForbiddenError(`an API key cannot have scopes its creator lacks: ${missing.join(', ')}`, { scopes: missing });
    for (let attempt = 1; ; attempt++) {
      const { key, prefix, secret } = generateApiKey();
      const at = this.now().toISOString();
      const row = {
        id: `key_${randomUUID()}`, workspace_id: input.workspaceId, user_id: input.userId, name, prefix,
        secret_hash: hashApiKeySecret(secret), scopes: JSON.stringify(scopes), created_at: at, expires_at: expiresAt,
        last_used_at: null, revoked_at: null,
      };
      try {
        await this.db.transaction().execute(async (trx) => {
          await this.repo.insert(trx, row);
          await this.audit.append(trx, input.workspaceId, [auditEvent('api_key.create', row.id, at, { actor: input.actor ?? input.userId, requestId: input.requestId, ip: input.ip }, null, {
            name, prefix, user_id: input.userId, scopes, expires_at: expiresAt,
          })]);
        });
      } catch (err) {
        // A prefix collision (50 random bits) is astronomically rare; draw again.
        if (isUniqueViolation(err) && attempt < 3) continue;
        throw err;
      }
      const { secret_hash: _hash, ...rest } = row;
      return { key, record: toRecord(rest) };
    }
  }

  async authenticate(raw: string): Promise<ApiKeyPrincipal> {
    const parsed = parseApiKey(raw);
    if (!parsed) throw new ApiKeyAuthenticationError('malformed');
    const row = await this.repo.findForAuth(this.db, parsed.prefix);
    const given = Buffer.from(hashApiKeySecret(parsed.secret), 'hex');
    const stored = row && /^[0-9a-f]{64}$/.test(row.secret_hash) ? Buffer.from(row.secret_hash, 'hex') : DUMMY_HASH;
    const secretMatches = timingSafeEqual(given, stored);
    if (!row) throw new ApiKeyAuthenticationError('unknown prefix');
    if (!secretMatches || stored === DUMMY_HASH) throw new ApiKeyAuthenticationError('wrong secret');
    const now = this.now();
    if (row.revoked_at !== null) throw new ApiKeyAuthenticationError('revoked');
    if (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime()) throw new ApiKeyAuthenticationError('expired');
    if (row.user_status !== 'active') throw new ApiKeyAuthenticationError('owner inactive');
    if (!isRole(row.role)) throw new ApiKeyAuthenticationError('owner not a member');
    const granted = new Set<Scope>(ROLE_SCOPES[row.role]);
    const scopes = new Set(parseScopes(row.scopes).filter((s) => granted.has(s)));
    const notBefore = new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString();
    if (row.last_used_at === null || row.last_used_at < notBefore) await this.repo.touch(this.db, row.id, now.toISOString(), notBefore);
    return { keyId: row.id, userId: row.user_id, workspaceId: row.workspace_id, role: row.role, scopes, expiresAt: row.expires_at };
  }

  /** The workspace's keys (one user's when `userId` is given), newest first; never a hash or secret. */
  async list(workspaceId: string, userId?: string): Promise<ApiKeyRecord[]> {
    return (await this.repo.list(this.db, workspaceId, userId)).map(toRecord);
  }

  /**
   * Revokes one key of the workspace. A key of another workspace is "not found", like a missing one;
   * so is another user's key when `by.ownerId` restricts it to that user's keys. Revoking a revoked
   * key changes nothing.
   */
  async revoke(workspaceId: string, keyId: string, by: AuditedBy & { ownerId?: string } = {}): Promise<ApiKeyRecord> {
    return this.db.transaction().execute(async (trx) => {
      const found = await this.repo.find(trx, workspaceId, keyId);
      if (!found || (by.ownerId !== undefined && found.user_id !== by.ownerId)) throw new NotFoundError(`API key "${keyId}" not found`);
      if (found.revoked_at !== null) return toRecord(found);
      const at = this.now().toISOString();
      await this.revokeRows(trx, [found], at, by);
      return toRecord({ ...found, revoked_at: at });
    });
  }

  /**
   * Revokes every active key of a user, in every workspace (user disabled), or in `within` only
   * (membership removed or demoted there). Returns how many.
   */
  async revokeAllForUser(userId: string, reason?: string, by: AuditedBy = {}, within?: string): Promise<number> {
    // An offboarded user's keys in every workspace, each revocation audited in its key's workspace.
    return asSystem(() => this.db.transaction().execute(async (trx) => {
      const rows = await this.repo.activeOfUser(trx, userId, within);
      return this.revokeRows(trx, rows, this.now().toISOString(), { ...by, actor: by.actor ?? 'system' }, reason);
    }));
  }

  private async revokeRows(trx: Trx, rows: PublicApiKeyRow[], at: string, by: AuditedBy, reason?: string): Promise<number> {
    const revoked = new Set(await this.repo.revoke(trx, rows.map((r) => r.id), at));
    const byWorkspace = new Map<string, AuditRecord[]>();
    for (const r of rows) {
      if (!revoked.has(r.id)) continue;
      const event = auditEvent('api_key.revoke', r.id, at, { ...by, actor: by.actor ?? 'system' }, { revoked_at: null },
        { revoked_at: at, name: r.name, prefix: r.prefix, user_id: r.user_id, ...(reason ? { reason } : {}) });
      byWorkspace.set(r.workspace_id, [...(byWorkspace.get(r.workspace_id) ?? []), event]);
    }
    for (const [ws, events] of byWorkspace) await this.audit.append(trx, ws, events);
    return revoked.size;
  }

  private validate(input: CreateApiKeyInput): { name: string; scopes: Scope[]; expiresAt: string | null } {
    const issues: FieldIssue[] = [];
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name.length === 0 || name.length > MAX_NAME) issues.push({ path: 'name', message: `must be 1 to ${MAX_NAME} characters` });
    const requested: unknown[] = Array.isArray(input.scopes) ? input.scopes : [];
    const unknown = requested.filter((s) => !isScope(s));
    if (!Array.isArray(input.scopes) || requested.length === 0) issues.push({ path: 'scopes', message: 'must list at least one scope' });
    else if (unknown.length > 0) issues.push({ path: 'scopes', message: `unknown scope(s): ${unknown.map(String).join(', ')}` });
    let expiresAt: string | null = null;
    if (input.expiresAt !== undefined && input.expiresAt !== null) {
      const t = typeof input.expiresAt === 'string' ? Date.parse(input.expiresAt) : Number.NaN;
      if (Number.isNaN(t)) issues.push({ path: 'expires_at', message: 'must be an ISO 8601 date-time' });
      else if (t <= this.now().getTime()) issues.push({ path: 'expires_at', message: 'must be in the future' });
      else expiresAt = new Date(t).toISOString();
    }
    if (issues.length > 0) throw new ValidationError('invalid API key', issues);
    return { name, scopes: [...new Set(requested as Scope[])], expiresAt };
  }
}

function parseScopes(json: string): Scope[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter(isScope) : [];
  } catch {
    return [];
  }
}

function toRecord(r: PublicApiKeyRow): ApiKeyRecord {
  return {
    id: r.id, workspace_id: r.workspace_id, user_id: r.user_id, name: r.name, prefix: r.prefix, scopes: parseScopes(r.scopes),
    created_at: r.created_at, expires_at: r.expires_at, last_used_at: r.last_used_at, revoked_at: r.revoked_at,
  };
}

function auditEvent(action: string, keyId: string, at: string, by: AuditedBy & { actor: string }, before: unknown, after: unknown): AuditRecord {
  return { occurred_at: at, actor: by.actor, action, entity_type: 'api_key', entity_id: keyId, request_id: by.requestId ?? null, ip: by.ip ?? null, outcome: 'success', before, after };
}
