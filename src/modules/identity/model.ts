import { ValidationError } from '../../shared/errors.js';
import type { Role } from '../auth/permissions.js';
import type { HistoryRepository } from '../catalog/history-repository.js';
import type { Trx } from '../catalog/kind.js';
import type { MemberRow, UserRow } from './users-repository.js';

export type UserStatus = 'active' | 'disabled';

/** A user as services return it: never the password hash. */
export interface User {
  id: string;
  email: string;
  displayName: string;
  status: UserStatus;
  createdAt: string;
  updatedAt: string;
}

export interface Member extends User {
  role: Role;
  joinedAt: string;
}

export interface Membership {
  workspaceId: string;
  userId: string;
  role: Role;
  createdAt: string;
}

export type { Workspace } from '../workspaces/model.js';

/**
 * Ends every session and API key of a user. Implemented by the auth module (sessions, API keys)
 * and injected; identity calls it after the change that requires it has been committed.
 */
export interface CredentialRevoker {
  /** Ends the user's sessions and API keys: in `within` only (a workspace), or everywhere when omitted. */
  revokeAllForUser(userId: string, reason: string, within?: string): Promise<void>;
}

/** Where audit events go (`HistoryRepository.append`, in the caller's transaction), and the workspace lock that orders them. */
export type AuditSink = Pick<HistoryRepository, 'append' | 'lockWorkspace'>;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    status: row.status === 'active' ? 'active' : 'disabled',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toMember(row: MemberRow): Member {
  return { ...toUser(row), role: row.role as Role, joinedAt: row.joined_at };
}

/** What an audit event may say about a user: never the password or its hash. */
export function auditUser(u: User): Record<string, unknown> {
  return { email: u.email, display_name: u.displayName, status: u.status };
}

/** NFC first: "é" typed precomposed and decomposed is one address, not two that look alike. */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/** A local part and a domain of non-empty labels (no trailing dot: `a@x.example.` is not `a@x.example`). */
const EMAIL = /^[^\s@]+@(?:[^\s@.]+\.)+[^\s@.]+$/;
/** Controls, format characters (bidi overrides, zero-width) and lone surrogates: never part of an address. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}]/u;

export function validateEmail(email: string): string {
  const e = normalizeEmail(email);
  if (e.length > 254 || !EMAIL.test(e) || INVISIBLE.test(e)) throw new ValidationError('invalid email address', [{ path: 'email', message: 'must be an email address' }]);
  return e;
}

export function validateDisplayName(name: string | undefined): string {
  const n = (name ?? '').trim();
  if (n.length > 200) throw new ValidationError('invalid display name', [{ path: 'display_name', message: 'must be at most 200 characters' }]);
  return n;
}

/** One audit event in the caller's transaction; `before`/`after` must already be free of secrets. */
export async function appendAudit(
  sink: AuditSink, trx: Trx,
  e: { workspaceId: string; actor: string; requestId?: string; ip?: string; action: string; entityType: string; entityId: string; before?: unknown; after?: unknown; at: string },
): Promise<void> {
  await sink.append(trx, e.workspaceId, [], [{
    occurred_at: e.at,
    actor: e.actor,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId,
    request_id: e.requestId ?? null,
    ip: e.ip ?? null,
    outcome: 'success',
    before: e.before ?? null,
    after: e.after ?? null,
  }]);
}
