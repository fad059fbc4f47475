import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash, type Hash } from 'node:crypto';
import { pipeline, Transform } from 'node:stream';
import type { Db } from '../db/connect.js';
import { IdempotencyService, type Claim, type IdempotencyServiceOptions, type StoredResponse } from '../modules/idempotency/service.js';
import { ValidationError } from '../shared/errors.js';
import { contextOf } from './context.js';
import { sendError } from './error-handler.js';

/**
 * `Idempotency-Key` on authenticated POST routes (create, import, API key creation, …).
 *
 * - Applies to POST routes whose scope is not 'public' (login, refresh and setup are public: they are
 *   excluded, and the header is ignored there), and only when the header is sent. Without it nothing changes.
 * - The key: 1–255 visible ASCII characters (0x21–0x7E), else 400 VALIDATION_FAILED. Keys are scoped to
 *   (workspace, principal, key): the principal is the user, or the API key, that sent the request.
 * - The request fingerprint is SHA-256 over the method, the URL as sent (path and query), the normalised
 *   content type and the raw body bytes, hashed as they stream in (so JSON and YAML import bodies are hashed
 *   alike, before any parsing). A body that differs only in whitespace is a different request.
 * - First use: a row is inserted in flight, after authentication, parsing and query validation. Its
 *   response is stored when sent: status, content-type, location, etag and cache-control, and the body
 *   as text. Stored: 2xx and 4xx. Not stored (the row is deleted, so a retry runs again): 5xx, any other
 *   status, stream bodies, and bodies over `maxResponseBytes` (default 1 MiB; logged as a warning).
 *   Errors before the claim (401/403, malformed or oversized bodies, invalid query) are not stored either.
 * - Same key, same fingerprint, completed: the stored response is replayed with `Idempotent-Replayed:
 *   true` and the handler does not run. A replayed error body keeps the first request's `requestId`.
 * - Same key, different fingerprint: 422 IDEMPOTENCY_KEY_REUSED. Same key while the first request is
 *   running: 409 IDEMPOTENCY_IN_PROGRESS with `Retry-After: 1`. An in-flight row older than
 *   `staleAfterMs` (default 5 min) is taken as abandoned (its process died) and reclaimed.
 * - Keys live in the database for 24 h from their first use, so they hold across instances and
 *   restarts; expired rows are ignored and overwritten, and purged at most once an hour per instance.
 * - Secrets are never stored: a route lists the response fields to blank (`idempotencyRedact`, e.g. an
 *   API key's secret, a TOTP secret, recovery codes), so a replay answers them as null; it keeps
 *   `Cache-Control: no-store`.
 */
export interface IdempotencyOptions extends IdempotencyServiceOptions {
  service?: IdempotencyService;
  /** Larger response bodies are not stored (default 1 MiB). */
  maxResponseBytes?: number;
  /** How often an instance purges expired keys, at most (default 1 h; 0: never). */
  purgeIntervalMs?: number;
}

declare module '../app.js' {
  interface AppOptions {
    /** Idempotency-Key tuning and test seams (clock, TTL); defaults suit production. */
    idempotency?: IdempotencyOptions;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;
const STORED_HEADERS = ['content-type', 'location', 'etag', 'cache-control'] as const;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const DEFAULT_PURGE_INTERVAL_MS = 60 * 60 * 1000;

interface KeyState {
  key: string;
  body: Hash;
  claim?: Claim;
  settled?: boolean;
}

/** `type/subtype` in lower case, plus the charset when one is given: parameters that do not change the bytes' meaning are dropped. */
export function normaliseContentType(value: string | undefined): string {
  if (!value) return '';
  const [essence = '', ...params] = value.split(';');
  const charset = params.map((p) => p.trim().toLowerCase().replace(/\s+/g, '')).find((p) => p.startsWith('charset='));
  return charset ? `${essence.trim().toLowerCase()};${charset.replace(/"/g, '')}` : essence.trim().toLowerCase();
}

function combine(method: string, url: string, contentType: string, bodyDigest: string): string {
  return createHash('sha256').update(`${method.toUpperCase()}\n${url}\n${contentType}\n${bodyDigest}`).digest('hex');
}

/** The fingerprint of a request, as the hooks compute it (exported for tests and tools). */
export function requestFingerprint(req: { method: string; url: string; contentType?: string; body?: string | Uint8Array }): string {
  const body = createHash('sha256').update(req.body ?? '').digest('hex');
  return combine(req.method, req.url, normaliseContentType(req.contentType), body);
}

function applies(request: FastifyRequest): boolean {
  const scope = request.routeOptions.config?.scope;
  return request.method === 'POST' && scope !== undefined && scope !== 'public' && request.principal !== undefined;
}

function keyOf(request: FastifyRequest): string | undefined {
  const value = request.headers[IDEMPOTENCY_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !KEY_PATTERN.test(value)) {
    throw new ValidationError('invalid Idempotency-Key header', [{ path: 'headers.idempotency-key', message: 'must be 1 to 255 visible ASCII characters' }]);
  }
  return value;
}

function storedHeaders(reply: FastifyReply): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const v = reply.getHeader(name);
    if (v !== undefined) out[name] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** Nulls the listed top-level fields of a JSON body before it is stored (see `idempotencyRedact`). */
function redact(body: string, fields: readonly string[] | undefined): string | undefined {
  if (!fields?.length) return body;
  try {
    const doc = JSON.parse(body) as Record<string, unknown>;
    for (const f of fields) if (f in doc) doc[f] = null;
    return JSON.stringify(doc);
  } catch {
    return undefined; // not JSON: store nothing rather than risk keeping the secret
  }
}

/** The body as text, or undefined when it cannot be stored (a stream, or bytes that are not text). */
function storableBody(payload: unknown, reply: FastifyReply): string | undefined {
  if (payload === null || payload === undefined) return '';
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) {
    const type = String(reply.getHeader('content-type') ?? '');
    return /json|^text\/|yaml|xml/i.test(type) ? payload.toString('utf8') : undefined;
  }
  return undefined;
}

function replay(reply: FastifyReply, stored: StoredResponse): FastifyReply {
  reply.code(stored.statusCode);
  for (const [name, value] of Object.entries(stored.headers)) reply.header(name, value);
  reply.header(REPLAYED_HEADER, 'true');
  return stored.body === '' && stored.headers['content-type'] === undefined ? reply.send() : reply.send(stored.body);
}

/**
 * Registers the Idempotency-Key hooks on the root instance: before any route plugin, after the auth hook.
 * Returns the service (tests and tools use it, e.g. to purge).
 */
export function registerIdempotency(app: FastifyInstance, db: Db, opts: IdempotencyOptions = {}): IdempotencyService {
  const service = opts.service ?? new IdempotencyService(db, opts);
  const maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const purgeIntervalMs = opts.purgeIntervalMs ?? DEFAULT_PURGE_INTERVAL_MS;
  const states = new WeakMap<FastifyRequest, KeyState>();

  let lastPurge = -Infinity;
  let purging: Promise<void> | undefined;
  const maybePurge = (log: FastifyBaseLogger) => {
    if (purgeIntervalMs <= 0 || purging || Date.now() - lastPurge < purgeIntervalMs) return;
    lastPurge = Date.now();
    purging = service.purgeExpired()
      .then((n) => { if (n > 0) log.info({ purged: n }, 'expired idempotency keys purged'); })
      .catch((err: unknown) => { log.warn({ err }, 'purging expired idempotency keys failed'); })
      .finally(() => { purging = undefined; });
  };
  app.addHook('onClose', async () => { await purging; });

  const release = async (request: FastifyRequest, state: KeyState) => {
    state.settled = true;
    try {
      await service.release(state.claim!);
    } catch (err) {
      // The row stays in flight until it counts as abandoned (staleAfterMs); never fail the response for it.
      request.log.error({ err }, 'idempotency key could not be released');
    }
  };

  // Validate the key before the body is read, and hash the body bytes as the parser reads them.
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (!applies(request)) return payload;
    const key = keyOf(request);
    if (key === undefined) return payload;
    const body = createHash('sha256');
    states.set(request, { key, body });
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        body.update(chunk);
        done(null, chunk);
      },
    });
    // Keep what an earlier decoding hook reported, for Fastify's body-limit and content-length checks.
    Object.defineProperty(tap, 'receivedEncodedLength', { get: () => (payload as { receivedEncodedLength?: number }).receivedEncodedLength });
    pipeline(payload, tap, () => undefined); // errors reach the parser through `tap`
    return tap;
  });

  app.addHook('preHandler', async (request, reply) => {
    const state = states.get(request);
    if (!state) return;
    const principal = contextOf(request);
    const fingerprint = combine(request.method, request.url, normaliseContentType(request.headers['content-type']), state.body.digest('hex'));
    maybePurge(request.log);
    const result = await service.begin(
      { workspaceId: principal.workspaceId, principal: principal.actor, key: state.key },
      `${request.method} ${request.routeOptions.url ?? request.url}`,
      fingerprint,
    );
    switch (result.kind) {
      case 'claimed':
        state.claim = result.claim;
        return;
      case 'replay':
        return replay(reply, result.response);
      case 'mismatch':
        return sendError(reply, 422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used for a different request');
      case 'in_progress':
        reply.header('retry-after', '1');
        return sendError(reply, 409, 'IDEMPOTENCY_IN_PROGRESS', 'a request with this Idempotency-Key is still in progress');
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const state = states.get(request);
    if (!state?.claim || state.settled) return payload;
    const status = reply.statusCode;
    const storable = (status >= 200 && status < 300) || (status >= 400 && status < 500);
    const raw = storable ? storableBody(payload, reply) : undefined;
    const body = raw === undefined ? undefined : redact(raw, request.routeOptions.config?.idempotencyRedact);
    if (body === undefined) {
      await release(request, state);
      return payload;
    }
    if (Buffer.byteLength(body) > maxResponseBytes) {
      request.log.warn({ status, bytes: Buffer.byteLength(body), limit: maxResponseBytes }, 'response too large to store for its Idempotency-Key; a retry will run again');
      await release(request, state);
      return payload;
    }
    state.settled = true;
    try {
      const stored = await service.complete(state.claim, { statusCode: status, headers: storedHeaders(reply), body });
      if (!stored) request.log.warn('idempotency key was reclaimed before its response was stored');
    } catch (err) {
      request.log.error({ err }, 'idempotency key response could not be stored');
      await release(request, state);
    }
    return payload;
  });

  // A claim that no response settled (e.g. an onSend hook failed): give the key up.
  app.addHook('onResponse', async (request) => {
    const state = states.get(request);
    if (state?.claim && !state.settled) await release(request, state);
  });

  return service;
}
