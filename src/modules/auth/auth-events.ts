import { createHash } from 'node:crypto';
import type { Db } from '../../db/connect.js';
import { SYSTEM_WORKSPACE } from '../../shared/context.js';
import type { HistoryRepository } from '../catalog/history-repository.js';
import { actorOf, type Principal, type Scope } from './permissions.js';

/** Where and for which request an authentication event happened. */
export interface EventOrigin {
  requestId?: string;
  ip?: string;
}

export interface AuthEvent extends EventOrigin {
  /** e.g. `auth.login`, `auth.logout`, `auth.refresh_reuse`, `auth.credential_rejected`, `sso.login`. */
  action: string;
  outcome: 'success' | 'failure';
  /** The workspace the event belongs to; unknown (a forged token, an unknown email) goes to `_system`. */
  workspaceId?: string;
  /** Who acted: `user:<id>`, `api_key:<id>`, or `anonymous`. */
  actor?: string;
  /** What the event is about. */
  target: { type: string; id: string };
  /** Non-secret facts: the failure reason, the method, the session id. Never a credential. */
  detail?: Record<string, unknown>;
}

/**
 * Authentication events and authorisation denials, as audit events in the hash-chained log. An event
 * with no workspace to name goes to the chain of the reserved `_system` workspace, which only the host
 * reads (`mdl audit export --workspace _system`).
 */
export class AuthEventRecorder {
  constructor(private readonly db: Db, private readonly history: HistoryRepository, private readonly now: () => Date = () => new Date()) {}

  async record(e: AuthEvent): Promise<void> {
    const workspaceId = e.workspaceId ?? SYSTEM_WORKSPACE;
    await this.db.transaction().execute((trx) => this.history.append(trx, workspaceId, [], [{
      occurred_at: this.now().toISOString(), actor: e.actor ?? 'anonymous', action: e.action, entity_type: e.target.type, entity_id: e.target.id,
      request_id: e.requestId ?? null, ip: e.ip ?? null, outcome: e.outcome, before: null, after: e.detail ?? null,
    }]));
  }

  /** An authenticated caller lacked the scope a route needs. */
  async denied(principal: Principal, scope: Scope, route: string, origin: EventOrigin): Promise<void> {
    await this.record({
      ...origin, action: 'authz.denied', outcome: 'failure', workspaceId: principal.workspaceId, actor: actorOf(principal),
      target: { type: 'route', id: route }, detail: { required_scope: scope },
    });
  }
}

/**
 * How a login attempt names an account that may not exist: a short SHA-256 of the normalised email.
 * The text typed into the email field is never stored (people type passwords there by mistake).
 */
export function emailFingerprint(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('hex').slice(0, 16);
}
