import type { CredentialResolver } from '../../http/auth.js';
import { AuthenticationError } from '../../shared/errors.js';
import type { UsersService } from '../identity/users-service.js';
import type { ApiKeyService } from './api-keys.js';
import { scopesOfRole, type Principal } from './permissions.js';
import type { SessionService } from './sessions.js';
import type { TokenService } from './tokens.js';

/**
 * Credential → principal, on every request. Beyond the signature, an access token's session must
 * still be active and its user still an active member: a disabled user, a removed member or a
 * revoked session is cut off on the next request, not when the token expires. The role comes from
 * the membership as it is now, not as it was when the token was issued.
 */
export class AuthResolver implements CredentialResolver {
  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async fromBearer(token: string): Promise<Principal> {
    const claims = await this.tokens.verifyAccessToken(token);
    const [active, userActive, membership] = await Promise.all([
      this.sessions.isActive(claims.sid),
      this.users.isActive(claims.sub),
      this.users.getMembership(claims.ws, claims.sub),
    ]);
    if (!active) throw withReason(new AuthenticationError('invalid or expired credentials'), 'session revoked or expired');
    if (!userActive) throw withReason(new AuthenticationError('invalid or expired credentials'), 'user disabled');
    if (!membership) throw withReason(new AuthenticationError('invalid or expired credentials'), 'not a member');
    return { kind: 'user', userId: claims.sub, workspaceId: claims.ws, role: membership.role, scopes: scopesOfRole(membership.role), sessionId: claims.sid };
  }

  async fromApiKey(key: string): Promise<Principal> {
    const p = await this.apiKeys.authenticate(key);
    return { kind: 'api_key', userId: p.userId, workspaceId: p.workspaceId, role: p.role, scopes: p.scopes, apiKeyId: p.keyId };
  }
}

function withReason(err: AuthenticationError, reason: string): AuthenticationError {
  return Object.assign(err, { reason });
}
