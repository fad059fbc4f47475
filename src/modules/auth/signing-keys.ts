import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Db } from '../../db/connect.js';
import { isUniqueViolation } from '../../db/errors.js';
import { SecretBoxError, type SecretBox } from '../../shared/secret-box.js';
import type { Resealable, ResealReport } from '../secrets/reseal.js';
import { signingKeyContext, SigningKeysRepository, type SigningKeyRow } from './signing-keys-repository.js';
import { CLOCK_TOLERANCE_SECONDS, MAX_ACCESS_TTL_SECONDS, type KeySource, type SigningKey } from './tokens.js';

export const SIGNING_ALG = 'EdDSA';

export interface SigningKeyStoreOptions {
  /** Seals each private key at rest (context `signing-key:<kid>`); clear legacy rows are still read. */
  secretBox: SecretBox;
  /**
   * How long a retired key keeps verifying: the longest access-token lifetime plus the clock
   * tolerance (default 900 + 30 s). After that the key is "retired" and drops out of the JWKS.
   */
  verifyAfterRetireSeconds?: number;
  /** How long the in-memory key set is trusted before it is re-read (default 30 s). */
  cacheTtlMs?: number;
  /** Minimum time between reloads forced by an unknown `kid` (default 1 s). */
  unknownKidReloadIntervalMs?: number;
  now?: () => Date;
}

/** A public verification key as published at the JWKS endpoint (never `d`). */
export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  kid: string;
  alg: typeof SIGNING_ALG;
  use: 'sig';
}

export interface SigningKeyInfo {
  kid: string;
  alg: string;
  createdAt: string;
  retiredAt: string | null;
  /** signing: current signer; verifying: still accepted; retired: no longer accepted. */
  status: 'signing' | 'verifying' | 'retired';
}

interface LoadedKey {
  kid: string;
  createdAt: string;
  retiredAt: string | null;
  publicJwk: JWK;
  publicKey: CryptoKey;
  /** The stored (sealed) private JWK, only for keys that are not retired. Opened when it first signs. */
  sealedPrivate?: string;
  privateKey?: Promise<CryptoKey>;
}

/**
 * Ed25519 key pairs for access tokens, kept in the database so every instance signs and verifies
 * with the same set. Private keys are stored sealed by the SecretBox (MDL_SECRET_KEY). Keys are cached in memory for `cacheTtlMs`; a rotation by this instance
 * invalidates the cache at once, one by another instance is seen within the TTL (or at once, when
 * a token carries the new `kid`).
 */
export class SigningKeyStore implements KeySource, Resealable {
  private readonly repo: SigningKeysRepository;
  private readonly box: SecretBox;
  private readonly now: () => Date;
  private readonly graceMs: number;
  private readonly cacheTtlMs: number;
  private readonly forcedReloadMs: number;
  private cache?: { loadedAt: number; keys: LoadedKey[] };
  private inflight?: Promise<LoadedKey[]>;
  private lastForcedReload = Number.NEGATIVE_INFINITY;

  constructor(db: Db, opts: SigningKeyStoreOptions) {
    this.repo = new SigningKeysRepository(db);
    this.box = opts.secretBox;
    this.now = opts.now ?? (() => new Date());
    this.graceMs = (opts.verifyAfterRetireSeconds ?? MAX_ACCESS_TTL_SECONDS + CLOCK_TOLERANCE_SECONDS) * 1000;
    this.cacheTtlMs = opts.cacheTtlMs ?? 30_000;
    this.forcedReloadMs = opts.unknownKidReloadIntervalMs ?? 1_000;
  }

  /** The key that signs new tokens: the newest non-retired one, created on first use. */
  async current(): Promise<SigningKey> {
    let signer = pickSigner(await this.keys());
    if (!signer) {
      signer = pickSigner(await this.reload());
      if (!signer) {
        await this.createFirst();
        signer = pickSigner(await this.reload());
      }
    }
    if (!signer) throw new Error('no signing key is available');
    return { kid: signer.kid, privateKey: await this.privateKeyOf(signer) };
  }

  /**
   * Opens and imports a signer's private key once. Verification never needs it, so a process with a
   * wrong MDL_SECRET_KEY still verifies tokens; it fails (with a SecretBoxError) only when it signs.
   */
  private privateKeyOf(k: LoadedKey): Promise<CryptoKey> {
    if (!k.privateKey) {
      const sealed = k.sealedPrivate!;
      k.privateKey = (async () => (await importJWK(openPrivateJwk(k.kid, sealed, this.box), SIGNING_ALG)) as CryptoKey)();
      k.privateKey.catch(() => { k.privateKey = undefined; }); // not cached: the next call tries again
    }
    return k.privateKey;
  }

  /** The public key for `kid` if it still verifies; an unknown `kid` re-reads the store once. */
  async verificationKey(kid: string): Promise<CryptoKey | undefined> {
    let key = (await this.keys()).find((k) => k.kid === kid);
    const at = this.now().getTime();
    if (!key && at - this.lastForcedReload >= this.forcedReloadMs) {
      this.lastForcedReload = at;
      key = (await this.reload()).find((k) => k.kid === kid);
    }
    return key && this.verifies(key, at) ? key.publicKey : undefined;
  }

  /** Public JWKs of every key that still verifies (`d` is never copied). */
  async jwks(): Promise<{ keys: PublicJwk[] }> {
    const at = this.now().getTime();
    const keys = (await this.keys()).filter((k) => this.verifies(k, at));
    return {
      keys: keys.map((k) => ({
        kty: String(k.publicJwk.kty),
        crv: String(k.publicJwk.crv),
        x: String(k.publicJwk.x),
        kid: k.kid,
        alg: SIGNING_ALG,
        use: 'sig',
      })),
    };
  }

  /** Adds a new signing key and retires the previous one (which keeps verifying for the grace period). */
  async rotate(): Promise<{ kid: string; retired: string[] }> {
    const row = await newKeyRow(this.now(), this.box);
    const retired = await this.repo.rotate(row, row.created_at);
    this.invalidate();
    return { kid: row.kid, retired };
  }

  /** Every key with its state; no key material. */
  async list(): Promise<SigningKeyInfo[]> {
    const rows = await this.repo.listAll();
    const at = this.now().getTime();
    const signer = rows.find((r) => r.retired_at === null);
    return rows.map((r) => ({
      kid: r.kid,
      alg: r.alg,
      createdAt: r.created_at,
      retiredAt: r.retired_at,
      status: r === signer ? 'signing' : r.retired_at === null || at - Date.parse(r.retired_at) < this.graceMs ? 'verifying' : 'retired',
    }));
  }

  /** Re-seals private keys in clear or sealed by an older key under the current one (SecretsAtRest). */
  async reseal(): Promise<ResealReport> {
    const report = await this.repo.resealPrivateKeys(this.box);
    if (report.resealed > 0) this.invalidate();
    return report;
  }

  /** Forgets the cached key set; the next call re-reads the database. */
  invalidate(): void {
    this.cache = undefined;
  }

  private verifies(k: LoadedKey, at: number): boolean {
    return k.retiredAt === null || at - Date.parse(k.retiredAt) < this.graceMs;
  }

  private async keys(): Promise<LoadedKey[]> {
    const c = this.cache;
    if (c && this.now().getTime() - c.loadedAt < this.cacheTtlMs) return c.keys;
    return this.reload();
  }

  /** One database read at a time: concurrent callers share it. */
  private reload(): Promise<LoadedKey[]> {
    if (!this.inflight) {
      this.inflight = this.load().finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight;
  }

  private async load(): Promise<LoadedKey[]> {
    const at = this.now().getTime();
    const rows = await this.repo.listVerifiable(new Date(at - this.graceMs).toISOString());
    const keys = await Promise.all(rows.map(loadKey));
    this.cache = { loadedAt: at, keys };
    return keys;
  }

  private async createFirst(): Promise<void> {
    try {
      await this.repo.insertIfNoneActive(await newKeyRow(this.now(), this.box));
    } catch (err) {
      // A concurrent creator won (or a kid collided): the caller re-reads either way.
      if (!isUniqueViolation(err)) throw err;
    }
  }
}

function pickSigner(keys: LoadedKey[]): LoadedKey | undefined {
  // Rows arrive newest first.
  return keys.find((k) => k.retiredAt === null && k.sealedPrivate !== undefined);
}

async function loadKey(row: SigningKeyRow): Promise<LoadedKey> {
  const publicJwk = JSON.parse(row.public_jwk) as JWK;
  const publicKey = (await importJWK(publicJwk, SIGNING_ALG)) as CryptoKey;
  const sealedPrivate = row.retired_at === null ? row.private_jwk : undefined;
  return { kid: row.kid, createdAt: row.created_at, retiredAt: row.retired_at, publicJwk, publicKey, ...(sealedPrivate ? { sealedPrivate } : {}) };
}

/** A private JWK as stored: sealed, or in clear when written before encryption (re-sealed at start-up). */
function openPrivateJwk(kid: string, stored: string, box: SecretBox): JWK {
  try {
    return JSON.parse(box.openStored(stored, signingKeyContext(kid))) as JWK;
  } catch (err) {
    if (err instanceof SecretBoxError) throw new SecretBoxError(`cannot open the private key of signing key ${kid}: ${err.message}`);
    throw err;
  }
}

async function newKeyRow(now: Date, box: SecretBox): Promise<SigningKeyRow> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const pub = await exportJWK(publicKey);
  const priv = await exportJWK(privateKey);
  const kid = randomBytes(12).toString('base64url');
  return {
    kid,
    alg: SIGNING_ALG,
    public_jwk: JSON.stringify({ kty: pub.kty, crv: pub.crv, x: pub.x }),
    private_jwk: box.seal(JSON.stringify(priv), signingKeyContext(kid)),
    created_at: now.toISOString(),
    retired_at: null,
  };
}
