import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SecretBox } from '../shared/secret-box.js';
import { ConfigError, type Config } from './index.js';
import { parseSecretKey } from './secrets.js';

/**
 * The keys that seal secrets at rest (SecretBox): MDL_SECRET_KEY, or — outside production, when it is
 * unset — a development key generated once into a file, plus MDL_SECRET_KEY_PREVIOUS for opening.
 *
 * The development key file lives next to the SQLite file (default `./.mdl/secret.key`), so it travels
 * with the database it protects; with PostgreSQL (or an in-memory SQLite) it is `MDL_DATA_DIR/secret.key`.
 * It is 32 random bytes in hex, mode 0600, created atomically: written to a private temporary file,
 * then hard-linked into place, which fails if the file exists. Two processes starting together end
 * with one key; the loser reads the winner's. Production (MDL_ENV=production) never uses it: loadConfig
 * requires MDL_SECRET_KEY there.
 */

export const DEV_KEY_FILE_NAME = 'secret.key';

export interface SecretKeySetup {
  /** The sealing key first, then the previous keys. */
  keys: Buffer[];
  /** The development key file in use, when MDL_SECRET_KEY is unset. */
  file?: string;
  /** The development key file was created by this call. */
  created: boolean;
  /** One line for the log or terminal: where the key comes from (never the key). */
  notice: string;
  /** Something the operator should fix (a key file readable by others). */
  warning?: string;
}

/** Where the development key file goes for this configuration. */
export function devKeyFilePath(config: Pick<Config, 'database' | 'dataDir'>): string {
  const db = config.database;
  const dir = db.kind === 'sqlite' && db.file !== ':memory:' ? dirname(db.file) : config.dataDir;
  return join(dir, DEV_KEY_FILE_NAME);
}

export function resolveSecretKeys(config: Pick<Config, 'env' | 'secretKey' | 'previousSecretKeys' | 'database' | 'dataDir'>): SecretKeySetup {
  const previous = config.previousSecretKeys;
  const withPrevious = previous.length > 0 ? ` (and ${previous.length} previous key(s) from MDL_SECRET_KEY_PREVIOUS for opening)` : '';
  if (config.secretKey) {
    return { keys: [config.secretKey, ...previous], created: false, notice: `secrets at rest are sealed with MDL_SECRET_KEY${withPrevious}` };
  }
  if (config.env === 'production') throw new ConfigError('MDL_SECRET_KEY: missing (required with MDL_ENV=production)');
  const file = devKeyFilePath(config);
  const { key, created, looseMode } = readOrCreateKeyFile(file);
  return {
    keys: [key, ...previous],
    file,
    created,
    notice: `secrets at rest are sealed with the development key ${created ? 'just created in' : 'in'} ${file}${withPrevious}; production must set MDL_SECRET_KEY (or MDL_SECRET_KEY_FILE)`,
    ...(looseMode ? { warning: `${file} can be read by other users: chmod 600 it` } : {}),
  };
}

/**
 * The SecretBox of this configuration. `deferred`: the keys (and the development key file) are resolved
 * on first use, and `onResolved` is told then (the CLI: most commands never touch a secret).
 */
export function secretBoxFor(config: Config, opts: { deferred?: boolean; onResolved?: (setup: SecretKeySetup) => void } = {}): SecretBox {
  const resolve = () => {
    const setup = resolveSecretKeys(config);
    opts.onResolved?.(setup);
    return setup.keys;
  };
  return new SecretBox(opts.deferred ? resolve : resolve());
}

/**
 * Reads the key in `file`, or creates it (32 random bytes, hex, mode 0600) when it does not exist.
 * `useLink: false` skips the hard link (for file systems without one): the file is then created with
 * O_CREAT|O_EXCL and written, and a reader that finds it still empty waits for the writer.
 */
export function readOrCreateKeyFile(file: string, opts: { useLink?: boolean } = {}): { key: Buffer; created: boolean; looseMode: boolean } {
  const existing = tryRead(file);
  if (existing !== undefined) return parseKeyFile(file, existing.trim() === '' ? readWhenWritten(file) : existing);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const text = `${randomBytes(32).toString('hex')}\n`;
  const created = opts.useLink === false ? createExclusive(file, text) : createByLink(file, text);
  if (created) return { ...parseKeyFile(file, text), created: true };
  return parseKeyFile(file, readWhenWritten(file));
}

function parseKeyFile(file: string, text: string): { key: Buffer; created: boolean; looseMode: boolean } {
  const { key, problem } = parseSecretKey(text.trim());
  if (!key) throw new ConfigError(`development key file ${file}: the key ${problem ?? 'is invalid'} (set MDL_SECRET_KEY, or restore the file)`);
  const looseMode = process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0;
  return { key, created: false, looseMode };
}

function tryRead(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`development key file ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Writes `text` to a new private file, flushed to disk. Throws EEXIST when `path` exists. */
function writeNew(path: string, text: string): void {
  const fd = openSync(path, 'wx', 0o600); // O_CREAT | O_EXCL | O_WRONLY; umask can only narrow 0600
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The complete file appears at once, or not at all: link(2) fails with EEXIST when another process won. */
function createByLink(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeNew(tmp, text);
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EXDEV') return createExclusive(file, text);
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

function createExclusive(file: string, text: string): boolean {
  try {
    writeNew(file, text);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Another process created the file; without the link it may not have written it yet (waits up to ~2 s). */
function readWhenWritten(file: string): string {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; ; i++) {
    const text = tryRead(file) ?? '';
    if (text.trim() !== '' || i >= 40) return text;
    Atomics.wait(pause, 0, 0, 50);
  }
}
