import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT, type CryptoKey, type JWTHeaderParameters } from 'jose';
import { AuthenticationError } from '../../shared/errors.js';
import { isRole, type Role } from './permissions.js';

/** Access tokens live at most this long (the default, too). */
export const MAX_ACCESS_TTL_SECONDS = 900;
/** Accepted clock difference between instances, for `exp`, `nbf` and `iat`. */
export const CLOCK_TOLERANCE_SECONDS = 30;
export const ACCESS_TOKEN_TYP = 'at+jwt';
/** What a client is told about any rejected credential; the precise cause goes to `reason`. */
export const INVALID_CREDENTIALS_MESSAGE = 'invalid or expired credentials';

/**
 * A rejected credential. `reason` is for logs only (it says which check failed); the client sees
 * the one generic message and the code UNAUTHENTICATED.
 */
export class CredentialRejectedError extends AuthenticationError {
  constructor(
    readonly reason: string,
    /** Whose credential it was, when that is known (a reused refresh token): for the audit event. */
    readonly subject?: { userId: string; workspaceId: string; sessionId?: string },
  ) {
    super(INVALID_CREDENTIALS_MESSAGE);
  }
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

/** Where the token service gets keys (SigningKeyStore; an in-memory fake in unit tests). */
export interface KeySource {
  current(): Promise<SigningKey>;
  /** The public key for `kid`, or undefined when it is unknown or retired. */
  verificationKey(kid: string): Promise<CryptoKey | undefined>;
}

export interface TokenServiceConfig {
  issuer: string;
  audience: string;
  /** 1..900, default 900. */
  accessTtlSeconds?: number;
}

export interface AccessTokenInput {
  /** User id. */
  sub: string;
  /** Workspace id. */
  ws: string;
  role: Role;
  /** Session id. */
  sid: string;
}

export interface AccessTokenClaims extends AccessTokenInput {
  jti: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const REQUIRED_CLAIMS = ['iss', 'aud', 'sub', 'ws', 'role', 'sid', 'iat', 'nbf', 'exp', 'jti'];
/** Three base64url segments; longer tokens are not ours. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 4096;

/** Thrown from the key resolver, so the verify failure keeps its precise reason. */
class KeyLookupFailure extends Error {}

/** Issues and verifies short-lived EdDSA access tokens (JWT, `typ: at+jwt`). */
export class TokenService {
  readonly accessTtlSeconds: number;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly now: () => Date;

  constructor(private readonly keys: KeySource, config: TokenServiceConfig, opts: { now?: () => Date } = {}) {
    const ttl = config.accessTtlSeconds ?? MAX_ACCESS_TTL_SECONDS;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_ACCESS_TTL_SECONDS) {
      throw new RangeError(`accessTtlSeconds must be an integer from 1 to ${MAX_ACCESS_TTL_SECONDS}`);
    }
    if (!config.issuer || !config.audience) throw new RangeError('issuer and audience are required');
    this.accessTtlSeconds = ttl;
    this.issuer = config.issuer;
    this.audience = config.audience;
    this.now = opts.now ?? (() => new Date());
  }

  async issueAccessToken(input: AccessTokenInput): Promise<string> {
    for (const field of ['sub', 'ws', 'sid'] as const) {
      if (typeof input[field] !== 'string' || input[field] === '') throw new TypeError(`access token ${field} must be a non-empty string`);
    }
    if (!isRole(input.role)) throw new TypeError(`unknown role: ${String(input.role)}`);
    const key = await this.keys.current();
    const iat = Math.floor(this.now().getTime() / 1000);
    return new SignJWT({ ws: input.ws, role: input.role, sid: input.sid })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: ACCESS_TOKEN_TYP })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(input.sub)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + this.accessTtlSeconds)
      .setJti(randomUUID())
      .sign(key.privateKey);
  }

  /** The token's claims, or CredentialRejectedError (an AuthenticationError) for any failure. */
  async verifyAccessToken(token: string): Promise<AccessTokenClaims> {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) {
      throw new CredentialRejectedError('access token: malformed');
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, (header: JWTHeaderParameters) => this.keyFor(header), {
        algorithms: ['EdDSA'],
        issuer: this.issuer,
        audience: this.audience,
        typ: ACCESS_TOKEN_TYP,
        requiredClaims: REQUIRED_CLAIMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        maxTokenAge: MAX_ACCESS_TTL_SECONDS,
        currentDate: this.now(),
      }));
    } catch (err) {
      if (err instanceof KeyLookupFailure) throw new CredentialRejectedError(`access token: ${err.message}`);
      if (err instanceof joseErrors.JOSEError) throw new CredentialRejectedError(`access token: ${err.code}: ${err.message}`);
      // Anything else (the key store's database, say) is not the client's fault.
      throw err;
    }
    const { sub, ws, role, sid, jti, exp } = payload;
    if (typeof sub !== 'string' || !sub || typeof ws !== 'string' || !ws || typeof sid !== 'string' || !sid) {
      throw new CredentialRejectedError('access token: sub, ws and sid must be non-empty strings');
    }
    if (!isRole(role)) throw new CredentialRejectedError('access token: unknown role');
    if (typeof jti !== 'string' || !jti || typeof exp !== 'number') throw new CredentialRejectedError('access token: bad jti or exp');
    return { sub, ws, role, sid, jti, exp };
  }

  private async keyFor(header: JWTHeaderParameters): Promise<CryptoKey> {
    if (header.alg !== 'EdDSA') throw new KeyLookupFailure(`algorithm ${String(header.alg)} is not allowed`);
    if (typeof header.kid !== 'string' || header.kid === '' || header.kid.length > 128) throw new KeyLookupFailure('missing kid');
    const key = await this.keys.verificationKey(header.kid);
    if (!key) throw new KeyLookupFailure('unknown or retired kid');
    return key;
  }
}
