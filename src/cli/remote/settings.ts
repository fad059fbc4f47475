import { readFileSync } from 'node:fs';
import { CliError, type CliIo } from '../io.js';
import type { GlobalOptions } from '../runtime.js';

/** Where and how the CLI reaches a remote server. The key is kept here only, never printed. */
export interface RemoteSettings {
  /** The API base, e.g. https://host/api/v1 (no trailing slash). */
  apiBase: string;
  /** The server's origin, safe to print. */
  origin: string;
  apiKey: string;
}

/** The server URL asked for (flag first, then MDL_SERVER), or undefined for local mode. */
export function requestedServer(io: CliIo, opts: GlobalOptions): { url: string; source: '--server' | 'MDL_SERVER' } | undefined {
  if (opts.server !== undefined && opts.server !== '') return { url: opts.server, source: '--server' };
  const env = io.env.MDL_SERVER;
  return env ? { url: env, source: 'MDL_SERVER' } : undefined;
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function readKeyFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new CliError(`cannot read --api-key-file ${path}${code ? ` (${code})` : ''}`, 2);
  }
  return text.trim();
}

/**
 * Resolves remote mode: the server URL (https, or http to a loopback host, or http anywhere with
 * --insecure) and the key (--api-key, --api-key-file, MDL_API_KEY). Usage problems exit 2.
 */
export function resolveRemote(io: CliIo, opts: GlobalOptions): RemoteSettings | undefined {
  const requested = requestedServer(io, opts);
  if (!requested) return undefined;
  if (opts.database !== undefined) throw new CliError(`--database cannot be combined with ${requested.source} (a remote server uses its own database)`, 2);
  let url: URL;
  try {
    url = new URL(requested.url);
  } catch {
    throw new CliError(`${requested.source} must be a URL such as https://mdl.example.com`, 2);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CliError(`${requested.source} must be an http(s) URL`, 2);
  if (url.username || url.password) throw new CliError(`${requested.source} must not contain credentials; use --api-key, --api-key-file or MDL_API_KEY`, 2);
  if (url.search || url.hash) throw new CliError(`${requested.source} must not contain a query or fragment`, 2);
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !opts.insecure) {
    throw new CliError(`refusing to send an API key over plain http:// to ${url.host}; use https:// (or --insecure if you really mean it)`, 2);
  }
  if (opts.apiKey !== undefined && opts.apiKeyFile !== undefined) throw new CliError('give either --api-key or --api-key-file, not both', 2);
  const apiKey = opts.apiKey ?? (opts.apiKeyFile !== undefined ? readKeyFile(opts.apiKeyFile) : io.env.MDL_API_KEY);
  if (!apiKey) throw new CliError('remote mode needs an API key: --api-key, --api-key-file or MDL_API_KEY', 2);
  if (/[\s\u0000-\u001f\u007f]/.test(apiKey)) throw new CliError('the API key contains whitespace or control characters', 2);
  const path = url.pathname.replace(/\/+$/, '');
  return { apiBase: `${url.origin}${path}/api/v1`, origin: `${url.origin}${path}`, apiKey };
}
