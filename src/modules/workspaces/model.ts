import { DomainError, ValidationError } from '../../shared/errors.js';
import type { Role } from '../auth/permissions.js';
import type { MfaPolicy } from '../mfa/repository.js';

export interface Workspace {
  id: string;
  name: string;
  createdAt: string;
}

/** A workspace as the API and the CLI show it (snake_case, as the API speaks). */
export interface WorkspaceView {
  id: string;
  name: string;
  created_at: string;
  mfa_required: MfaPolicy;
  /** Set while the workspace is deleted: read-only until `purge_after`. */
  deleted_at: string | null;
  purge_after: string | null;
}

/** One of the caller's workspaces, with their role there. */
export interface MyWorkspace extends WorkspaceView {
  role: Role;
  /** The workspace the calling token acts in. */
  current: boolean;
}

/**
 * A write (or, for non-admins, any request) in a deleted workspace: it is read-only until it is
 * purged or restored. HTTP 409.
 */
export class WorkspaceDeletedError extends DomainError {
  readonly code = 'WORKSPACE_DELETED';
}

const WORKSPACE_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Line breaks and other controls, bidi overrides and isolates, lone surrogates: a name shows in lists, mails and terminals. */
const UNPRINTABLE = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

export function validateWorkspaceName(name: unknown): string {
  const n = typeof name === 'string' ? name.trim() : '';
  if (n.length < 1 || n.length > 200) throw new ValidationError('invalid workspace', [{ path: 'name', message: 'must be 1 to 200 characters' }]);
  if (UNPRINTABLE.test(n)) throw new ValidationError('invalid workspace', [{ path: 'name', message: 'must not contain control characters, bidirectional overrides or lone surrogates' }]);
  return n;
}

export function validateWorkspace(input: { id: unknown; name: unknown }): { id: string; name: string } {
  const issues = [];
  if (typeof input.id !== 'string' || !WORKSPACE_ID.test(input.id)) {
    issues.push({ path: 'id', message: 'must be a slug: lower-case letters, digits and inner hyphens, at most 64 characters' });
  }
  let name = '';
  try {
    name = validateWorkspaceName(input.name);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    issues.push(...err.details);
  }
  if (issues.length) throw new ValidationError('invalid workspace', issues);
  return { id: input.id as string, name };
}

export function deletedMessage(id: string, purgeAfter: string | null): string {
  return `workspace ${id} is deleted: it is read-only to its admins until it is purged${purgeAfter ? ` after ${purgeAfter}` : ''} (the host operator can restore it: mdl workspace restore ${id})`;
}
