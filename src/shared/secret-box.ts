import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption for secrets kept in the database (signing private keys, TOTP secrets,
 * OIDC client secrets). AES-256-GCM (96-bit random IV, 128-bit tag) under a key derived from
 * MDL_SECRET_KEY with HKDF-SHA256.
 *
 * Sealed form: `sb1.<key id>.<iv>.<ciphertext+tag>` (base64url, no padding). The key id (8 characters,
 * also HKDF-derived, so it reveals nothing about the key) names which master key sealed the value, so
 * MDL_SECRET_KEY can be rotated with the old key kept for opening (MDL_SECRET_KEY_PREVIOUS). Every
 * value is bound to a `context` (for example `totp:<user id>`) as associated data: a sealed value
 * copied into another row does not open there.
 */
export class SecretBox {
  /** A random in-memory key (tests only): whatever it seals cannot be opened by another process. */
  static ephemeral(): SecretBox {
    return new SecretBox([randomBytes(32)], { ephemeral: true });
  }

  /** Whether a stored value is in sealed form (values written before encryption was on are not). */
  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  /** Built by SecretBox.ephemeral(): nothing it seals survives the process. */
  readonly ephemeral: boolean;
  private derived?: DerivedKey[];
  private readonly load?: () => readonly Buffer[];

  /**
   * `masterKeys[0]` seals; every key opens values it sealed. Each must be at least 32 bytes.
   * A function is called on first use instead (so a command that never touches a secret never
   * reads or creates a key file); what it throws is thrown by that use.
   */
  constructor(masterKeys: readonly Buffer[] | (() => readonly Buffer[]), opts: { ephemeral?: boolean } = {}) {
    this.ephemeral = opts.ephemeral ?? false;
    if (typeof masterKeys === 'function') this.load = masterKeys;
    else this.derived = derive(masterKeys);
  }

  /** The id of the sealing key: a stored value with another id is due for re-encryption. */
  get currentKeyId(): string {
    return this.keys()[0]!.id;
  }

  seal(plaintext: string, context: string): string {
    const { id, key } = this.keys()[0]!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${id}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  /** Opens a sealed value; throws SecretBoxError if it is malformed, tampered, bound elsewhere or sealed by an unknown key. */
  open(sealed: string, context: string): string {
    const m = SEALED.exec(sealed);
    if (!m || !canonical(m[2]!) || !canonical(m[3]!)) throw new SecretBoxError('not a sealed value');
    const entry = this.keys().find((k) => k.id === m[1]);
    if (!entry) {
      throw new SecretBoxError('sealed by a key that is not configured (wrong MDL_SECRET_KEY, or the old key is missing from MDL_SECRET_KEY_PREVIOUS)');
    }
    const iv = Buffer.from(m[2]!, 'base64url');
    const body = Buffer.from(m[3]!, 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', entry.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('sealed value failed authentication (tampered, or bound to another record)');
    }
  }

  /** A stored value that is legacy clear text is returned as is; a sealed one is opened. */
  openStored(stored: string, context: string): string {
    return SecretBox.isSealed(stored) ? this.open(stored, context) : stored;
  }

  /** Whether a stored value is in clear or was sealed by an older key. */
  needsReseal(stored: string): boolean {
    return !stored.startsWith(`${PREFIX}${this.currentKeyId}.`);
  }

  /**
   * For re-encryption: `stored` sealed under the current key, or undefined when it already is.
   * A clear (legacy) value is sealed as is; one sealed by an older key is opened first (and must open).
   */
  reseal(stored: string, context: string): string | undefined {
    if (!this.needsReseal(stored)) return undefined;
    return this.seal(this.openStored(stored, context), context);
  }

  private keys(): DerivedKey[] {
    this.derived ??= derive(this.load!());
    return this.derived;
  }
}

const PREFIX = 'sb1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Key id (6 bytes), IV (12 bytes), then ciphertext and tag (at least the 16-byte tag). */
const SEALED = /^sb1\.([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

interface DerivedKey {
  id: string;
  key: Buffer;
}

function derive(masterKeys: readonly Buffer[]): DerivedKey[] {
  if (masterKeys.length === 0) throw new SecretBoxError('SecretBox needs at least one key');
  const out: DerivedKey[] = [];
  for (const master of masterKeys) {
    if (master.length < 32) throw new SecretBoxError('SecretBox keys must be at least 32 bytes');
    const id = Buffer.from(hkdfSync('sha256', master, 'mdl', 'mdl secret-box v1 key id', 6)).toString('base64url');
    if (out.some((k) => k.id === id)) continue; // the same key given twice (e.g. also in MDL_SECRET_KEY_PREVIOUS)
    out.push({ id, key: Buffer.from(hkdfSync('sha256', master, 'mdl', 'mdl secret-box v1 aes-256-gcm', 32)) });
  }
  return out;
}

/** Node decodes base64url leniently; only the canonical spelling of some bytes is accepted. */
function canonical(text: string): boolean {
  return Buffer.from(text, 'base64url').toString('base64url') === text;
}

/** A stored secret cannot be opened. An operator problem (wrong key) or tampering: never shown to clients. */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}
