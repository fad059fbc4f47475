import { readFileSync } from 'node:fs';
import { CliError, type CliIo } from '../io.js';
import type { GlobalOptions } from '../runtime.js';
import { configPath, isShared, keyFilePath, PROFILE_NAME, profileOf, readConfigFile, readPrivateKeyFile, sharedFileError, type LoadedConfigFile } from './config-file.js';

/** Where and how the CLI reaches a remote server. The key is kept here only, never printed. */
export interface RemoteSettings {
  /** The API base, e.g. https://host/api/v1 (no trailing slash). */
  apiBase: string;
  /** The server's origin, safe to print. */
  origin: string;
  apiKey: string;
}

/** What asked for remote mode explicitly: a server URL or a named profile, by flag or environment. */
export type RemoteRequest =
  | { kind: 'server'; url: string; source: '--server' | 'MDL_SERVER' }
  | { kind: 'profile'; name: string; source: '--profile' | 'MDL_PROFILE' };

function profileRequest(name: string, source: '--profile' | 'MDL_PROFILE'): RemoteRequest {
  if (!PROFILE_NAME.test(name)) throw new CliError(`${source} must be a profile name (letters, digits, _ . - only, at most 64)`, 2);
  return { kind: 'profile', name, source };
}

/**
 * The explicit remote request, flags before environment: --server or --profile, else MDL_SERVER or
 * MDL_PROFILE. Two at the same level are a usage error. The config file's default profile is not read here.
 */
export function requestedRemote(io: CliIo, opts: GlobalOptions): RemoteRequest | undefined {
  const server = opts.server !== undefined && opts.server !== '' ? opts.server : undefined;
  if (server !== undefined && opts.profile !== undefined) throw new CliError('give either --server or --profile, not both', 2);
  if (server !== undefined) return { kind: 'server', url: server, source: '--server' };
  if (opts.profile !== undefined) return profileRequest(opts.profile, '--profile');
  const envServer = io.env.MDL_SERVER || undefined;
  const envProfile = io.env.MDL_PROFILE || undefined;
  if (envServer && envProfile) throw new CliError('MDL_SERVER and MDL_PROFILE are both set; unset one (or choose with --server or --profile)', 2);
  if (envServer) return { kind: 'server', url: envServer, source: 'MDL_SERVER' };
  return envProfile ? profileRequest(envProfile, 'MDL_PROFILE') : undefined;
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Checks a server URL: https, or http to a loopback host, or http anywhere with --insecure; no
 * credentials, query or fragment. Returns the API base and printable origin. Usage problems exit 2.
 */
export function parseServerUrl(raw: string, label: string, insecure: boolean | undefined): { apiBase: string; origin: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`${label} must be a URL such as https://mdl.example.com`, 2);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CliError(`${label} must be an http(s) URL`, 2);
  if (url.username || url.password) throw new CliError(`${label} must not contain credentials; use --api-key, --api-key-file or MDL_API_KEY`, 2);
  if (url.search || url.hash) throw new CliError(`${label} must not contain a query or fragment`, 2);
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !insecure) {
    throw new CliError(`refusing to send an API key over plain http:// to ${url.host}; use https:// (or --insecure if you really mean it)`, 2);
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { apiBase: `${url.origin}${path}/api/v1`, origin: `${url.origin}${path}` };
}

/** A usable key: present, without whitespace or control characters (the message never shows it). */
export function checkApiKey(apiKey: string | undefined, missing: string): string {
  if (!apiKey) throw new CliError(missing, 2);
  if (/[\s\u0000-\u001f\u007f]/.test(apiKey)) throw new CliError('the API key contains whitespace or control characters', 2);
  // Keys are printable ASCII; a pasted curly quote or ellipsis cannot go in the header and failed as "cannot reach".
  if (/[^\x21-\x7e]/.test(apiKey)) throw new CliError('the API key contains characters other than ASCII letters, digits and punctuation', 2);
  return apiKey;
}

/** The key given by flag (--api-key or --api-key-file), if any. */
function flagKey(opts: GlobalOptions): string | undefined {
  if (opts.apiKey !== undefined && opts.apiKeyFile !== undefined) throw new CliError('give either --api-key or --api-key-file, not both', 2);
  if (opts.apiKey !== undefined) return opts.apiKey;
  return opts.apiKeyFile !== undefined ? readKeyFile(opts.apiKeyFile) : undefined;
}

/** --api-key-file: any readable file, including a pipe such as <(pass show mdl). */
function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new CliError(`cannot read --api-key-file ${path}${code ? ` (${code})` : ''}`, 2);
  }
}

/** The config file, or a one-line error saying why the named profile cannot be found. */
function fileFor(io: CliIo, name: string, source: string): LoadedConfigFile {
  const path = configPath(io.env);
  if (!path) throw new CliError(`profile "${name}" (${source}) not found: no config file (set MDL_CONFIG, XDG_CONFIG_HOME or HOME)`, 2);
  const file = readConfigFile(path);
  if (!file.exists) throw new CliError(`profile "${name}" (${source}) not found: ${path} does not exist`, 2);
  return file;
}

/** Server and key from a profile. The profile's key goes only to the profile's server; a key flag overrides it. */
function fromProfile(io: CliIo, opts: GlobalOptions, file: LoadedConfigFile, name: string, source: string): RemoteSettings {
  const profile = profileOf(file.config, name);
  if (!profile) throw new CliError(`profile "${name}" (${source}) not found in ${file.path}`, 2);
  const where = parseServerUrl(profile.server, `the server of profile "${name}" in ${file.path}`, opts.insecure);
  let apiKey = flagKey(opts);
  if (apiKey === undefined && profile.api_key_file !== undefined) {
    apiKey = readPrivateKeyFile(keyFilePath(profile.api_key_file, file.path, io.env), `api_key_file of profile "${name}"`);
  } else if (apiKey === undefined) {
    if (file.mode !== undefined && isShared(file.mode)) throw sharedFileError(`the inline api_key of profile "${name}"`, file.path, file.mode);
    apiKey = profile.api_key;
  }
  return { ...where, apiKey: checkApiKey(apiKey, `profile "${name}" has no API key`) };
}

/**
 * Resolves remote mode. Precedence: flags (--server, --profile, --api-key[-file]) > environment
 * (MDL_SERVER with MDL_API_KEY, MDL_PROFILE) > the config file's default_profile > local mode.
 * `--database` means local mode: it skips the default profile and conflicts with an explicit request.
 * Usage problems (including a named profile that does not exist) exit 2.
 */
export function resolveRemote(io: CliIo, opts: GlobalOptions): RemoteSettings | undefined {
  const requested = requestedRemote(io, opts);
  if (requested && opts.database !== undefined) {
    throw new CliError(`--database cannot be combined with ${requested.source} (a remote server uses its own database)`, 2);
  }
  if (!requested) {
    if (opts.database !== undefined) return undefined;
    const path = configPath(io.env);
    if (!path) return undefined;
    const file = readConfigFile(path);
    const name = file.config.default_profile;
    return name === undefined ? undefined : fromProfile(io, opts, file, name, 'default_profile');
  }
  if (requested.kind === 'profile') return fromProfile(io, opts, fileFor(io, requested.name, requested.source), requested.name, requested.source);
  const where = parseServerUrl(requested.url, requested.source, opts.insecure);
  const apiKey = flagKey(opts) ?? io.env.MDL_API_KEY;
  return { ...where, apiKey: checkApiKey(apiKey, 'remote mode needs an API key: --api-key, --api-key-file or MDL_API_KEY') };
}
