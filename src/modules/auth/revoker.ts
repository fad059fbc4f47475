import type { CredentialRevoker } from '../identity/model.js';
import type { ApiKeyService } from './api-keys.js';
import type { SessionService } from './sessions.js';

/**
 * Ends the credentials of a user at once: login sessions (with their refresh tokens) and API keys,
 * in one workspace (membership removed or demoted there) or in all (account disabled, password changed).
 */
export class UserCredentialRevoker implements CredentialRevoker {
  constructor(private readonly sessions: SessionService, private readonly apiKeys: ApiKeyService) {}

  async revokeAllForUser(userId: string, reason: string, within?: string): Promise<void> {
    await this.sessions.revokeAllForUser(userId, reason as Parameters<SessionService['revokeAllForUser']>[1], within);
    await this.apiKeys.revokeAllForUser(userId, reason, {}, within);
  }
}
