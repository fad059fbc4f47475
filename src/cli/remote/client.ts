import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../../shared/errors.js';
import { CliError } from '../io.js';
import type { RemoteSettings } from './settings.js';

/** An error answered by the server, in its `{error: {code, message, details}}` shape. */
export class RemoteApiError extends DomainError {
  constructor(readonly code: string, message: string, details: unknown, readonly status: number) {
    super(message, details);
  }
}

/** `type/subtype` of a Content-Type or Accept entry, lower-cased, without parameters. */
const mediaType = (v: string): string => (v.split(';')[0] ?? '').trim().toLowerCase();

/** A connection that broke off mid-answer (the server failed after sending its headers). */
function brokeOff(origin: string, err: unknown): CliError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return new CliError(`the answer from ${origin} broke off before its end (${why}); the output is incomplete`);
}

type Query = Record<string, string | number | boolean | string[] | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: string;
  contentType?: string;
  accept?: string;
}

/** A small HTTP client for the MDL API: adds the key, maps error bodies, never reveals the key. */
export class RemoteClient {
  constructor(private readonly settings: RemoteSettings) {}

  private url(path: string, query: Query = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === false) continue;
      if (Array.isArray(v)) v.forEach((item) => params.append(k, item));
      else params.append(k, String(v));
    }
    const qs = params.toString();
    return `${this.settings.apiBase}${path}${qs ? `?${qs}` : ''}`;
  }

  /** Sends one request; any non-2xx answer becomes a RemoteApiError (or a CliError when it has no API error body). */
  async send(method: string, path: string, o: RequestOptions = {}): Promise<Response> {
    // No key for the public routes a person calls before they have one (accepting an invitation).
    const headers: Record<string, string> = { ...(this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {}), accept: o.accept ?? 'application/json' };
    if (o.contentType) headers['content-type'] = o.contentType;
    let res: Response;
    try {
      // Redirects are not followed: the key must go only to the server the user named.
      res = await fetch(this.url(path, o.query), { method, headers, body: o.body, redirect: 'manual' });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(`cannot reach ${this.settings.origin}: ${cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err))}`);
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      throw new CliError(`${this.settings.origin} answered a redirect (HTTP ${res.status}); give the final URL as the server (--server, MDL_SERVER or the profile)`);
    }
    if (!res.ok) throw await this.errorOf(res);
    return res;
  }

  async json<T>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, o);
    if (res.status === 204) return undefined as T;
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw brokeOff(this.settings.origin, err);
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CliError(`${this.settings.origin} answered HTTP ${res.status} with a body that is not JSON`);
    }
  }

  /**
   * A GET answer's body as it arrives. A connection that breaks off mid-answer (the server failed
   * after sending its headers) becomes a one-line CliError instead of a bare `terminated`.
   */
  async stream(path: string, o: RequestOptions = {}): Promise<AsyncIterable<Uint8Array>> {
    const res = await this.send('GET', path, o);
    // A proxy's or portal's page (HTML) answered with 200 must not be written out as the export.
    const accepted = (o.accept ?? 'application/json').split(',').map(mediaType);
    const got = mediaType(res.headers.get('content-type') ?? '');
    if (!accepted.includes(got)) {
      await res.body?.cancel();
      throw new CliError(`${this.settings.origin} answered HTTP ${res.status} with ${got || 'no content type'}, not ${accepted.join(' or ')}`);
    }
    if (!res.body) throw new CliError(`${this.settings.origin} answered without a body`);
    const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
    const origin = this.settings.origin;
    return (async function* guarded() {
      try {
        for await (const chunk of body) yield chunk as Uint8Array;
      } catch (err) {
        throw brokeOff(origin, err);
      }
    })();
  }

  /** Streams a response body into `out`; `end: false` leaves `out` open (standard output). */
  async download(path: string, out: Writable, o: RequestOptions & { end?: boolean } = {}): Promise<void> {
    await pipeline(await this.stream(path, o), out, { end: o.end ?? true });
  }

  private async errorOf(res: Response): Promise<Error> {
    const text = await res.text().catch(() => '');
    let body: { error?: { code?: unknown; message?: unknown; details?: unknown }; requestId?: unknown } | undefined;
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = undefined;
    }
    const e = body?.error;
    if (e && typeof e.code === 'string' && typeof e.message === 'string') {
      const rid = e.code === 'INTERNAL' && typeof body?.requestId === 'string' ? ` (request id ${body.requestId})` : '';
      return new RemoteApiError(e.code, `${e.message}${rid}`, e.details, res.status);
    }
    return new CliError(`${this.settings.origin} answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  }
}
