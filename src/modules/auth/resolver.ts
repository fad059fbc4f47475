import type { FastifyRequest } from 'fastify';
import { CsrfRejection, type CredentialResolver } from '../../http/auth.js';
import { AuthenticationError } from '../../shared/errors.js';
import type { UsersService } from '../identity/users-service.js';
import { MfaRequiredError } from '../mfa/errors.js';
import type { MfaPolicy } from '../mfa/repository.js';
import { policyApplies } from '../mfa/service.js';
import type { ApiKeyPrincipal, ApiKeyService } from './api-keys.js';
import type { EventOrigin } from './auth-events.js';
import { scopesOfRole, type Principal, type Role, type Scope } from './permissions.js';
import { PrincipalCache } from './principal-cache.js';
import { providerVerifiedMfa, type LiveSession, type SessionService } from './sessions.js';
import type { AccessTokenClaims, TokenService } from './tokens.js';

/**
 * Credential → principal, on every request. Beyond the signature, an access token's session must
 * still be active and its user still an active member: a disabled user, a removed member or a
 * revoked session is cut off on the next request, not when the token expires. The role comes from
 * the membership as it is now, not as it was when the token was issued.
 *
 * When the workspace requires MFA of the user (policy `admins` or `all`) and they have not enrolled,
 * a login session keeps only the `self` scope (profile, MFA enrolment, sessions, logout): any other
 * route answers 403 MFA_REQUIRED until they enrol. An SSO session whose provider reported a second
 * factor the workspace counts (`sso+mfa`) satisfies the policy as well.
 */
export class AuthResolver implements CredentialResolver {
  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeyService,
    private readonly mfa?: MfaGate,
    /** Resolved credentials between changes (issue 10); omitted (the CLI), every request reads the state. */
    private readonly cache?: PrincipalCache<unknown>,
  ) {}

  async fromBearer(token: string, request?: FastifyRequest, csrf?: { token: string | undefined }): Promise<Principal> {
    // A state-changing cookie request checks its CSRF token against the session row: never from the cache.
    const key = this.cache && !csrf ? PrincipalCache.keyOf('bearer', token) : undefined;
    let state = key ? this.cache!.get(key) as BearerState | undefined : undefined;
    if (!state) {
      const epoch = this.cache?.epoch; // before the reads: a change committed during them drops this entry
      state = await this.resolveBearer(token, csrf);
      if (key) this.cache!.set(key, state, epoch, state.expiresAt);
    }
    const { claims, session, role, mfa } = state;
    const principal: Principal = {
      kind: 'user', userId: claims.sub, workspaceId: claims.ws, role, scopes: scopesOfRole(role), sessionId: claims.sid,
      ...(session.method ? { authMethod: session.method } : {}),
    };
    // Before anything else is done or recorded for this request: a forged cross-site write stops here.
    if (csrf && !session.csrfOk) throw new CsrfRejection(principal);
    if (this.mfa && mfa && !mfa.enabled && !providerVerifiedMfa(session.method) && policyApplies(mfa.policy, role)) {
      const narrowed: Principal = { ...principal, scopes: new Set<Scope>(['self']) };
      const scope = request?.routeOptions.config?.scope;
      if (request && scope !== undefined && scope !== 'public' && scope !== 'self') {
        await this.mfa.onDenied?.(narrowed, scope, `${request.method} ${request.routeOptions.url ?? request.url}`, { requestId: String(request.id), ip: request.ip });
        throw new MfaRequiredError('this workspace requires two-factor authentication: enrol with POST /api/v1/me/mfa/totp first', { enrol: '/api/v1/me/mfa/totp' });
      }
      return narrowed;
    }
    return principal;
  }

  async fromApiKey(key: string): Promise<Principal> {
    const cacheKey = this.cache ? PrincipalCache.keyOf('api_key', key) : undefined;
    const hit = cacheKey ? this.cache!.get(cacheKey) as ApiKeyState | undefined : undefined;
    const p = hit ?? await (async () => {
      const epoch = this.cache?.epoch;
      const resolved = await this.apiKeys.authenticate(key);
      if (cacheKey) this.cache!.set(cacheKey, resolved, epoch, resolved.expiresAt ? Date.parse(resolved.expiresAt) : Number.POSITIVE_INFINITY);
      return resolved;
    })();
    return { kind: 'api_key', userId: p.userId, workspaceId: p.workspaceId, role: p.role, scopes: p.scopes, apiKeyId: p.keyId };
  }

  /** The token's signature and claims, then the session, account, membership and MFA state as they are now. */
  private async resolveBearer(token: string, csrf?: { token: string | undefined }): Promise<BearerState> {
    const claims = await this.tokens.verifyAccessToken(token);
    const [session, userActive, membership, mfa] = await Promise.all([
      this.sessions.live(claims.sid, csrf),
      this.users.isActive(claims.sub),
      this.users.getMembership(claims.ws, claims.sub),
      this.mfa?.state(claims.sub, claims.ws),
    ]);
    if (!session) throw withReason(new AuthenticationError('invalid or expired credentials'), 'session revoked or expired');
    if (!userActive) throw withReason(new AuthenticationError('invalid or expired credentials'), 'user disabled');
    if (!membership) throw withReason(new AuthenticationError('invalid or expired credentials'), 'not a member');
    return { claims, session, role: membership.role, mfa, expiresAt: Math.min(claims.exp * 1000, Date.parse(session.expiresAt)) };
  }
}

/** What a bearer token resolved to; cached (PrincipalCache) until the credential or `auth_epoch` changes. */
interface BearerState {
  claims: AccessTokenClaims;
  session: LiveSession;
  role: Role;
  mfa: { policy: MfaPolicy; enabled: boolean } | undefined;
  /** When the token or its session expires (ms), whichever is first. */
  expiresAt: number;
}

type ApiKeyState = ApiKeyPrincipal;

/** The workspace MFA policy as the resolver sees it (MfaService), and where a denial is recorded. */
export interface MfaGate {
  /** The workspace policy and whether the user has TOTP enabled; undefined for an unknown workspace. */
  state(userId: string, workspaceId: string): Promise<{ policy: MfaPolicy; enabled: boolean } | undefined>;
  /** Records the refusal (an `authz.denied` audit event, like any other denial). */
  onDenied?(principal: Principal, scope: Scope, route: string, origin: EventOrigin): Promise<void>;
}

function withReason(err: AuthenticationError, reason: string): AuthenticationError {
  return Object.assign(err, { reason });
}
