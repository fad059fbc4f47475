import type { CredentialRevoker } from '../identity/model.js';
import type { ApiKeyService } from './api-keys.js';
import type { SessionService } from './sessions.js';

/** Ends every credential of a user at once: all login sessions (with their refresh tokens) and all API keys. */
export class UserCredentialRevoker implements CredentialRevoker {
  constructor(private readonly sessions: SessionService, private readonly apiKeys: ApiKeyService) {}

  async revokeAllForUser(userId: string, reason: string): Promise<void> {
    await this.sessions.revokeAllForUser(userId, reason as Parameters<SessionService['revokeAllForUser']>[1]);
    await this.apiKeys.revokeAllForUser(userId, reason);
  }
}
