import type { Db } from '../../db/connect.js';
import type { HistoryRepository } from '../catalog/history-repository.js';
import type { Principal, Scope } from './permissions.js';

/** Records every authorisation denial as an audit event in the caller's workspace. */
export class DenialRecorder {
  constructor(private readonly db: Db, private readonly history: HistoryRepository) {}

  async record(principal: Principal, scope: Scope, route: string, requestId: string): Promise<void> {
    await this.db.transaction().execute((trx) => this.history.append(trx, principal.workspaceId, [], [{
      occurred_at: new Date().toISOString(),
      actor: principal.kind === 'user' ? `user:${principal.userId}` : `api_key:${principal.apiKeyId}`,
      action: 'authz.denied', entity_type: 'route', entity_id: route, request_id: requestId, outcome: 'failure',
      before: null, after: { required_scope: scope },
    }]));
  }
}
