import { hashToken, matchesTokenHash } from '../../shared/token-hash.js';
import type { Db } from '../../db/connect.js';
import { AuthenticationError, DomainError, NotFoundError } from '../../shared/errors.js';
import type { AuthEventRecorder } from '../auth/auth-events.js';
import type { ClientMeta, LoginService, TokenPair } from '../auth/login-service.js';
import { SsoProviderError, type OidcClient } from './oidc-client.js';
import type { SsoProvisioner } from './provisioning.js';
import type { SsoRepository } from './repository.js';
import type { SsoSettingsService } from './settings-service.js';

/** A login must come back from the provider within this time (default 10 minutes). */
export const DEFAULT_STATE_TTL_SECONDS = 600;
/** The one message of a refused SSO callback; the reason is audited, not answered. */
export const SSO_LOGIN_FAILED = 'single sign-on failed';
const NOT_AVAILABLE = 'single sign-on is not available for this workspace';
/** The one message when the provider cannot be used while starting a login. */
export const SSO_UNAVAILABLE = 'the identity provider is not available';
/** `state` values we issue are 43 base64url characters; anything else is not ours. */
const STATE_FORMAT = /^[A-Za-z0-9_-]{16,128}$/;
const PROVIDER_ERROR_FORMAT = /^[A-Za-z0-9_.-]{1,64}$/;

/** The provider could not be reached or answered nonsense while starting a login (an operator problem, not the user's). */
export class SsoUnavailableError extends DomainError {
  readonly code = 'SSO_PROVIDER_UNAVAILABLE';
}

/** The only form the `state` parameter is stored in. */
export const hashState = hashToken;

/** The query the provider sends to the callback, and the raw query string openid-client re-reads. */
export interface CallbackQuery {
  state?: unknown;
  error?: unknown;
  rawQuery: string;
  /** The state the calling browser holds from the start (its binding cookie); cookie-mode logins need it. */
  browserState?: string;
}

export interface SsoLoginDeps {
  settings: SsoSettingsService;
  oidc: OidcClient;
  provisioner: SsoProvisioner;
  login: LoginService;
  repo: SsoRepository;
  events?: AuthEventRecorder;
  now?: () => Date;
  stateTtlSeconds?: number;
}

/**
 * OpenID Connect login (authorization code + PKCE S256). `start` keeps state, nonce and code verifier
 * server-side (the state hashed, single use, 10 minutes) and answers the provider's URL; `callback`
 * takes the state once, checks it belongs to the workspace in the path, lets openid-client exchange
 * the code and validate the ID token, maps the claims to a user and role, and opens the session
 * through the LoginService like a password login. Every refusal is an `auth.login` failure event
 * with its reason (never a code, token or secret) and the same 401 for the client.
 */
export class SsoLoginService {
  private readonly now: () => Date;
  private readonly ttlMs: number;

  constructor(private readonly db: Db, private readonly deps: SsoLoginDeps) {
    this.now = deps.now ?? (() => new Date());
    this.ttlMs = (deps.stateTtlSeconds ?? DEFAULT_STATE_TTL_SECONDS) * 1000;
  }

  /**
   * The provider's authorization URL for a new login into `workspaceId`; 404 when the workspace has no
   * SSO. `state` and `ttlSeconds`: for a cookie-mode login, the route binds the state to the browser
   * (a cookie the callback checks), for that long.
   */
  async start(workspaceId: string, redirectUri: string, handover: Handover = { delivery: 'token' }): Promise<{ url: string; state: string; ttlSeconds: number }> {
    const p = await this.deps.settings.providerFor(workspaceId);
    if (!p) throw new NotFoundError(NOT_AVAILABLE);
    let req;
    try {
      req = await this.deps.oidc.authorizationRequest(p.settings, redirectUri, p.config.scopes);
    } catch (err) {
      // One answer whatever failed (refused, timed out, not OIDC, forbidden address): the reason would tell
      // an unauthenticated caller what listens at the issuer. It is logged for the operator instead.
      if (err instanceof SsoProviderError) throw new SsoUnavailableError(SSO_UNAVAILABLE, undefined, { reason: err.reason });
      throw err;
    }
    const now = this.now();
    await this.deps.repo.deleteExpiredLoginStates(this.db, now.toISOString());
    await this.deps.repo.insertLoginState(this.db, {
      token_hash: hashState(req.state), workspace_id: workspaceId, nonce: req.nonce, code_verifier: req.codeVerifier, redirect_uri: redirectUri,
      delivery: handover.delivery, return_to: handover.returnTo ?? null, created_at: now.toISOString(), expires_at: new Date(now.getTime() + this.ttlMs).toISOString(),
    });
    return { url: req.url, state: req.state, ttlSeconds: Math.ceil(this.ttlMs / 1000) };
  }

  /** Completes a login from the provider's redirect; the token pair of the new session. */
  async callback(workspaceId: string, query: CallbackQuery, meta: ClientMeta): Promise<{ pair: TokenPair; handover: Handover }> {
    const p = await this.deps.settings.providerFor(workspaceId);
    if (!p) throw new NotFoundError(NOT_AVAILABLE);
    const refuse = async (reason: string, userId?: string, shown = SSO_LOGIN_FAILED): Promise<never> => {
      await this.deps.events?.record({
        requestId: meta.requestId, ip: meta.ip, action: 'auth.login', outcome: 'failure', workspaceId,
        actor: userId ? `user:${userId}` : undefined, target: userId ? { type: 'user', id: userId } : { type: 'sso_provider', id: workspaceId },
        detail: { method: 'sso', reason },
      });
      throw new AuthenticationError(shown);
    };

    const state = typeof query.state === 'string' && STATE_FORMAT.test(query.state) ? query.state : undefined;
    if (!state) return refuse('missing or malformed state');
    const stateHash = hashState(state);
    const row = await this.deps.repo.findLoginState(this.db, stateHash);
    const nowIso = this.now().toISOString();
    // Used on first presentation, whatever follows: a state never opens two sessions.
    if (!row || !(await this.deps.repo.consumeLoginState(this.db, stateHash, nowIso))) {
      return refuse(!row ? 'unknown state' : row.used_at ? 'state already used' : row.expires_at <= nowIso ? 'state expired' : 'state already used');
    }
    if (row.workspace_id !== workspaceId) return refuse('state was issued for another workspace');
    // A browser session lands in the browser that opens this URL: it must be the one that started the login.
    if (row.delivery === 'cookie' && !matchesTokenHash(stateHash, query.browserState)) return refuse('state not bound to this browser');
    if (query.error !== undefined) {
      const code = typeof query.error === 'string' && PROVIDER_ERROR_FORMAT.test(query.error) ? query.error : 'invalid_error';
      return refuse(`provider error: ${code}`, undefined, `${SSO_LOGIN_FAILED}: the identity provider answered ${code}`);
    }

    const callbackUrl = new URL(row.redirect_uri);
    callbackUrl.search = query.rawQuery;
    let login;
    try {
      const wanted = ['email', ...(p.config.roleClaim ? [p.config.roleClaim] : [])];
      login = await this.deps.oidc.exchange(p.settings, callbackUrl, { state, nonce: row.nonce, codeVerifier: row.code_verifier }, wanted);
    } catch (err) {
      if (err instanceof SsoProviderError) return refuse(`code exchange or ID token rejected: ${err.reason}`);
      throw err;
    }
    const who = await this.deps.provisioner.resolve(p.config, login, meta);
    if (!who.ok) return refuse(who.reason, who.userId);
    const handover: Handover = row.delivery === 'cookie' ? { delivery: 'cookie', returnTo: row.return_to ?? '/' } : { delivery: 'token' };
    // The provider's second factor counts only when the workspace said which `amr` values prove one.
    const mfa = p.config.mfaAmr?.some((v) => login.amr.includes(v)) ?? false;
    const pair = await this.deps.login.openVerifiedSession(who.userId, workspaceId, { ...meta, browser: handover.delivery === 'cookie' }, mfa ? 'sso+mfa' : 'sso');
    return { pair, handover };
  }
}

/** How the session reaches the client, chosen at `start` and kept with the state. */
export interface Handover {
  delivery: 'token' | 'cookie';
  /** Cookie delivery: the same-origin path the browser lands on. */
  returnTo?: string;
}
