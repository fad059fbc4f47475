import { randomBytes } from 'node:crypto';
import { closeSync, constants, fchmodSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, realpathSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { CliError } from '../io.js';

/** Profile names: letters, digits, `_`, `.` and `-`, at most 64. */
export const PROFILE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** One named remote server. The key is either in a file (preferred) or inline. */
export interface Profile {
  server: string;
  api_key_file?: string;
  api_key?: string;
}

/** The CLI config file: named profiles and the one used when none is named. */
export interface ConfigFile {
  default_profile?: string;
  profiles: Record<string, Profile>;
}

export interface LoadedConfigFile {
  path: string;
  exists: boolean;
  /** The permission bits (mode & 0o777) when the file exists. */
  mode?: number;
  config: ConfigFile;
}

const MAX_BYTES = 1024 * 1024;
const PROFILE_KEYS = new Set(['server', 'api_key_file', 'api_key']);
const TOP_KEYS = new Set(['default_profile', 'profiles']);

/** `$MDL_CONFIG`, else `$XDG_CONFIG_HOME/mdl/config.json`, else `$HOME/.config/mdl/config.json`. */
export function configPath(env: NodeJS.ProcessEnv): string | undefined {
  if (env.MDL_CONFIG) return resolve(env.MDL_CONFIG);
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  if (env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME)) return join(env.XDG_CONFIG_HOME, 'mdl', 'config.json');
  const home = env.HOME || env.USERPROFILE;
  return home ? join(home, '.config', 'mdl', 'config.json') : undefined;
}

const fail = (path: string, problem: string): never => {
  throw new CliError(`config file ${path}: ${problem}`, 2);
};

const codeOf = (err: unknown) => (err as { code?: string }).code;

/** Whether permission bits give anything to group or others (never on Windows, which has no such bits). */
export function isShared(mode: number): boolean {
  return process.platform !== 'win32' && (mode & 0o077) !== 0;
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8).padStart(3, '0')}`;

/** The one-line refusal for a secret in a file other users can read (like ssh does for keys). */
export function sharedFileError(what: string, path: string, mode: number): CliError {
  return new CliError(`refusing to read ${what} from ${path}: it is accessible by other users (mode ${octal(mode)}); run chmod 600 ${path}`, 2);
}

/** Reads a whole regular file through one descriptor, so the mode checked is that of the bytes read. */
function readRegular(path: string, limit: number): { text: string; mode: number } | undefined {
  let fd: number;
  try {
    // Non-blocking, so a FIFO in its place cannot hang the CLI (it is then refused as not a regular file).
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    if (st.size > limit) throw Object.assign(new Error('too large'), { code: 'EFBIG' });
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return { text: buf.subarray(0, off).toString('utf8'), mode: st.mode & 0o777 };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads an API key file named in the config file: a regular file, private to its owner (refused
 * otherwise), trimmed. `label` names it in messages (never the content).
 */
export function readPrivateKeyFile(path: string, label: string): string {
  let read: { text: string; mode: number } | undefined;
  try {
    read = readRegular(path, 64 * 1024);
  } catch (err) {
    throw new CliError(`cannot read ${label} ${path} (${codeOf(err) ?? 'error'})`, 2);
  }
  if (!read) throw new CliError(`cannot read ${label} ${path} (ENOENT)`, 2);
  if (isShared(read.mode)) throw sharedFileError(`the API key (${label})`, path, read.mode);
  return read.text.trim();
}

/** "position N" from a JSON.parse message, as line:column; the message itself may quote the file (and a key). */
function jsonProblem(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : '';
  if (text.trim() === '') return 'empty, expected a JSON object';
  if (/end of JSON input/.test(message)) return 'not valid JSON (it ends too early)';
  const pos = /at position (\d+)/.exec(message);
  if (!pos) return 'not valid JSON';
  const before = text.slice(0, Number(pos[1]));
  const line = before.split('\n').length;
  return `not valid JSON at line ${line} column ${before.length - before.lastIndexOf('\n')}`;
}

/** A name from the file, echoed only when it looks like a name (a pasted key must not reach the terminal). */
const shown = (s: string) => (PROFILE_NAME.test(s) ? `"${s}"` : '(not shown)');

/** No prototype: a profile named __proto__ or toString is just a name. */
export const emptyProfiles = (): Record<string, Profile> => Object.create(null) as Record<string, Profile>;

/** The named profile, if the file has it (own properties only). */
export const profileOf = (config: ConfigFile, name: string): Profile | undefined => (Object.hasOwn(config.profiles, name) ? config.profiles[name] : undefined);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the parsed shape; returns a problem (naming fields, never values) or the config. */
function validate(raw: unknown): ConfigFile | string {
  if (!isObject(raw)) return 'expected a JSON object with "profiles"';
  for (const k of Object.keys(raw)) if (!TOP_KEYS.has(k)) return `unknown key ${shown(k)} (expected default_profile, profiles)`;
  const profiles = raw.profiles ?? {};
  if (!isObject(profiles)) return '"profiles" must be an object of named profiles';
  const out: ConfigFile = { profiles: emptyProfiles() };
  for (const [name, p] of Object.entries(profiles)) {
    if (!PROFILE_NAME.test(name)) return `a profile name is invalid (letters, digits, _ . - only, at most 64)`;
    if (!isObject(p)) return `profiles.${name} must be an object`;
    for (const k of Object.keys(p)) if (!PROFILE_KEYS.has(k)) return `profiles.${name}: unknown key ${shown(k)} (expected server, api_key_file or api_key)`;
    if (typeof p.server !== 'string' || p.server === '') return `profiles.${name}.server must be a non-empty string`;
    for (const k of ['api_key_file', 'api_key'] as const) {
      if (p[k] !== undefined && (typeof p[k] !== 'string' || p[k] === '')) return `profiles.${name}.${k} must be a non-empty string`;
    }
    if (p.api_key_file !== undefined && p.api_key !== undefined) return `profiles.${name} has both api_key_file and api_key; keep one`;
    if (p.api_key_file === undefined && p.api_key === undefined) return `profiles.${name} needs api_key_file (preferred) or api_key`;
    out.profiles[name] = { server: p.server, ...(p.api_key_file !== undefined ? { api_key_file: p.api_key_file as string } : { api_key: p.api_key as string }) };
  }
  if (raw.default_profile !== undefined) {
    if (typeof raw.default_profile !== 'string') return '"default_profile" must be a string';
    if (!Object.hasOwn(out.profiles, raw.default_profile)) return `default_profile ${shown(raw.default_profile)} is not one of the profiles`;
    out.default_profile = raw.default_profile;
  }
  return out;
}

/** Reads and validates the config file; a missing file is an empty config. Problems are one line, exit 2. */
export function readConfigFile(path: string): LoadedConfigFile {
  let read: { text: string; mode: number } | undefined;
  try {
    read = readRegular(path, MAX_BYTES);
  } catch (err) {
    const code = codeOf(err);
    return fail(path, code === 'EISDIR' ? 'not a regular file' : code === 'EFBIG' ? 'larger than 1 MiB' : `cannot read (${code ?? 'error'})`);
  }
  if (!read) return { path, exists: false, config: { profiles: emptyProfiles() } };
  let raw: unknown;
  try {
    raw = JSON.parse(read.text);
  } catch (err) {
    return fail(path, jsonProblem(err, read.text));
  }
  const config = validate(raw);
  if (typeof config === 'string') return fail(path, config);
  return { path, exists: true, mode: read.mode, config };
}

/** Where a profile's api_key_file points: `~/` is $HOME, a relative path is relative to the config file. */
export function keyFilePath(file: string, configFile: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || env.USERPROFILE;
  if ((file === '~' || file.startsWith('~/')) && home) return join(home, file.slice(1));
  return resolve(dirname(configFile), file);
}

/**
 * Writes the config atomically with mode 0600: a temporary file in the same directory, then rename.
 * The directory is created 0700 when missing; a symlinked config file is replaced at its target.
 */
export function writeConfigFile(path: string, config: ConfigFile): void {
  let target = path;
  try {
    target = realpathSync(path);
  } catch {
    target = path;
  }
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const text = `${JSON.stringify(config, null, 2)}\n`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      fchmodSync(fd, 0o600);
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // Not created, or already renamed.
    }
    throw new CliError(`cannot write config file ${path} (${codeOf(err) ?? 'error'})`);
  }
}
