import { randomBytes } from 'node:crypto';
import { ValidationError } from '../../shared/errors.js';
import { isRole, ROLES, type Role } from '../auth/permissions.js';
import { validateEmail } from '../identity/model.js';
import { statusOf, type InvitationRow, type InvitationStatus } from './repository.js';

/** Where the accept page is served, outside /api/v1: the link is `<origin>/invite#token=<token>`. */
export const INVITE_PATH = '/invite';

/** 32 random bytes, base64url without padding. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isTokenShaped(token: unknown): token is string {
  return typeof token === 'string' && TOKEN_FORMAT.test(token);
}

/**
 * The link for a token. The token is in the fragment, which browsers never send, so it reaches no
 * server or proxy log; the accept page reads it and posts it to the API.
 */
export function invitationLink(origin: string, token: string): string {
  return `${new URL(INVITE_PATH, origin).href}#token=${token}`;
}

/** How the current token went out (stored in `invitations.delivery`). */
export type DeliveryState = 'email_sent' | 'email_failed' | 'link';

/** What the admin is told about delivery in the create and resend answers. */
export type Delivery =
  | { method: 'email'; status: 'sent' }
  | { method: 'email'; status: 'failed'; reason: string }
  | { method: 'link' };

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  created_by: string;
  created_at: string;
  expires_at: string;
  delivery: string;
  delivered_at: string | null;
  accepted_at: string | null;
  revoked_at: string | null;
}

/** Never the token hash, nor who accepted (the members list says who belongs). */
export function toView(row: InvitationRow, now: string): InvitationView {
  return {
    id: row.id, email: row.email, role: row.role as Role, status: statusOf(row, now), created_by: row.created_by,
    created_at: row.created_at, expires_at: row.expires_at, delivery: row.delivery, delivered_at: row.delivered_at,
    accepted_at: row.accepted_at, revoked_at: row.revoked_at,
  };
}

export interface NewInvitation {
  email: string;
  role: string;
}

/** A checked email and role. Service accounts (their `.invalid` addresses) are never invitable. */
export function validateInvitation(input: { email?: unknown; role?: unknown }): { email: string; role: Role } {
  const issues = [];
  let email = '';
  if (typeof input.email !== 'string') issues.push({ path: 'email', message: 'must be an email address' });
  else {
    try {
      email = validateEmail(input.email);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      issues.push(...err.details);
    }
    // RFC 2606 reserves .invalid: service accounts live there, and no mail can reach it.
    if (email.endsWith('.invalid')) issues.push({ path: 'email', message: 'cannot be invited (a reserved .invalid address, such as a service account\'s)' });
  }
  if (!isRole(input.role)) issues.push({ path: 'role', message: `must be one of ${ROLES.join(', ')}` });
  if (issues.length) throw new ValidationError('invalid invitation', issues);
  return { email, role: input.role as Role };
}

/** Workspace names are admin-chosen text: no control characters in a mail header, and a sane length. */
function printable(text: string, max: number): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export function invitationMessage(i: { workspaceName: string; workspaceId: string; role: Role; link: string; expiresAt: string }): { subject: string; text: string } {
  const name = printable(i.workspaceName, 100) || i.workspaceId;
  return {
    subject: `Invitation to the MDL workspace "${name}"`,
    text: [
      `You have been invited to join the MDL workspace "${name}" as ${i.role}.`,
      '',
      'Open this link to accept. It works once, until ' + i.expiresAt + ':',
      i.link,
      '',
      'Already have an MDL account with this address? Sign in with its password on that page.',
      'Otherwise you choose a password there and your account is created.',
      '',
      'If you did not expect this invitation, ignore this email: nothing happens until the link is used.',
    ].join('\n'),
  };
}
