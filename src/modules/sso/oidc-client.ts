import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { guardedFetch, providerUrlProblem, STRICT_SSO_NETWORK, type SsoNetworkPolicy } from './outbound.js';

/** What the client needs to talk to one workspace's provider (the secret already opened). */
export interface ProviderSettings {
  workspaceId: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** The redirect to the provider, and what must be kept server-side to check its answer. */
export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** A verified login: the ID token passed every check (iss, aud, exp, nonce; PKCE was used). */
export interface VerifiedLogin {
  issuer: string;
  subject: string;
  /** ID token claims, completed from userinfo when a wanted claim was missing there. */
  claims: Record<string, unknown>;
  /** The ID token's `amr` (how the provider authenticated the user, RFC 8176); never taken from userinfo. */
  amr: string[];
}

/**
 * A failure talking to the provider or checking its answer. `reason` is safe to log and audit (an
 * openid-client error code, or our own words); the message never carries a code, token or secret.
 */
export class SsoProviderError extends Error {
  override readonly name = 'SsoProviderError';
  constructor(readonly reason: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface OidcClientOptions {
  /** How long a discovered configuration is reused (default 10 minutes). */
  cacheTtlMs?: number;
  /** Timeout of each request to the provider, in seconds (default 10). */
  timeoutSeconds?: number;
  now?: () => number;
  /** Which provider addresses may be reached (default: https to public addresses only). */
  network?: SsoNetworkPolicy;
}

/**
 * openid-client (authorization code + PKCE S256), per workspace. Discovery runs against the issuer
 * and is cached per workspace for a while; openid-client validates the ID token (signature, iss,
 * aud, azp, exp, iat, nonce) and the authorization response (state, iss). Every request goes through
 * `guardedFetch`, which applies the network policy (https, public addresses) to each URL and each
 * resolved address, so the metadata cannot point the server anywhere the issuer itself could not.
 */
export class OidcClient {
  private readonly cache = new Map<string, { key: string; config: oidc.Configuration; expires: number }>();
  private readonly ttlMs: number;
  private readonly timeout: number;
  private readonly now: () => number;
  private readonly network: SsoNetworkPolicy;
  private readonly fetch: ReturnType<typeof guardedFetch>;

  constructor(opts: OidcClientOptions = {}) {
    this.network = opts.network ?? STRICT_SSO_NETWORK;
    this.fetch = guardedFetch(this.network);
    this.ttlMs = opts.cacheTtlMs ?? 10 * 60_000;
    this.timeout = opts.timeoutSeconds ?? 10;
    this.now = opts.now ?? Date.now;
  }

  async authorizationRequest(s: ProviderSettings, redirectUri: string, scopes: readonly string[]): Promise<AuthorizationRequest> {
    const config = await this.configuration(s);
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: scopes.join(' '),
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /**
   * Checks the authorization response at `callbackUrl` (the registered redirect URI plus the query the
   * provider sent), exchanges the code with the PKCE verifier and validates the ID token.
   */
  async exchange(
    s: ProviderSettings, callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }, wantedClaims: readonly string[],
  ): Promise<VerifiedLogin> {
    const config = await this.configuration(s);
    let tokens;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true,
      });
    } catch (err) {
      throw providerError(err, 'the authorization code exchange or the ID token check failed');
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw new SsoProviderError('no_id_token', 'the provider returned no ID token');
    let claims: Record<string, unknown> = { ...idClaims };
    const missing = wantedClaims.some((c) => claims[c] === undefined);
    if (missing && config.serverMetadata().userinfo_endpoint && tokens.access_token) {
      try {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        // The ID token's claims win; userinfo only fills gaps.
        claims = { ...info, ...claims };
      } catch (err) {
        throw providerError(err, 'the userinfo request failed');
      }
    }
    const amr = Array.isArray(idClaims.amr) ? idClaims.amr.filter((v): v is string => typeof v === 'string') : [];
    return { issuer: idClaims.iss, subject: idClaims.sub, claims, amr };
  }

  /** Forgets a workspace's discovered configuration (after its settings change). */
  forget(workspaceId: string): void {
    this.cache.delete(workspaceId);
  }

  private async configuration(s: ProviderSettings): Promise<oidc.Configuration> {
    const key = createHash('sha256').update(JSON.stringify([s.issuer, s.clientId, s.clientSecret])).digest('hex');
    const hit = this.cache.get(s.workspaceId);
    if (hit && hit.key === key && hit.expires > this.now()) return hit.config;
    const issuer = new URL(s.issuer);
    // A configuration saved under a looser policy (or written before these rules) is refused here too.
    if (providerUrlProblem(issuer, this.network)) throw new SsoProviderError('forbidden_issuer', 'the issuer is not allowed by the instance network policy');
    let config: oidc.Configuration;
    try {
      config = await oidc.discovery(issuer, s.clientId, { client_secret: s.clientSecret }, oidc.ClientSecretBasic(s.clientSecret), {
        timeout: this.timeout,
        [oidc.customFetch]: this.fetch as oidc.CustomFetch,
        // http reaches this point only when the policy allows it (loopback, outside production).
        ...(issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
      });
    } catch (err) {
      throw providerError(err, 'OpenID Connect discovery against the issuer failed');
    }
    // The browser is sent to the authorization endpoint: it must meet the same rules (the others are
    // fetched by the server, through guardedFetch).
    const m = config.serverMetadata();
    for (const endpoint of [m.authorization_endpoint, m.token_endpoint, m.jwks_uri, m.userinfo_endpoint]) {
      if (endpoint !== undefined && providerUrlProblem(new URL(endpoint), this.network)) {
        throw new SsoProviderError('forbidden_endpoint', 'the provider metadata names an endpoint the instance network policy does not allow');
      }
    }
    this.cache.set(s.workspaceId, { key, config, expires: this.now() + this.ttlMs });
    return config;
  }
}

/** An openid-client failure as a safe reason: its error code (e.g. OAUTH_JWT_CLAIM_COMPARISON_FAILED), never its payload. */
function providerError(err: unknown, message: string): SsoProviderError {
  if (err instanceof SsoProviderError) return err;
  const code = (err as { code?: unknown })?.code;
  const causeCode = ((err as { cause?: { code?: unknown } })?.cause)?.code;
  const reason = [code, causeCode].find((c): c is string => typeof c === 'string' && /^[A-Z0-9_]{1,64}$/.test(c)) ?? 'provider_error';
  return new SsoProviderError(reason, message, { cause: err });
}
