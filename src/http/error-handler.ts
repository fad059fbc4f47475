import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { databaseFaultError } from '../db/errors.js';
import { DatabaseFaultError, DomainError } from '../shared/errors.js';

/** The one mapping from domain error codes to HTTP statuses. */
const STATUS_BY_CODE: Record<string, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  SSO_PROVIDER_UNAVAILABLE: 502,
  CSRF_FAILED: 403,
  MFA_REQUIRED: 403,
  REAUTHENTICATION_REQUIRED: 403,
  ACCOUNT_SHARED: 403,
  RATE_LIMITED: 429,
  STORAGE_FULL: 507,
  STORAGE_ERROR: 503,
  DATABASE_UNAVAILABLE: 503,
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  GONE: 410,
  LAST_ADMIN: 409,
  STILL_REFERENCED: 409,
  WORKSPACE_DELETED: 409,
  PRECONDITION_FAILED: 412,
  UNKNOWN_REFERENCE: 422,
  UNKNOWN_VALUE: 422,
  VALUE_IN_USE: 409,
  READ_ONLY_FIELD: 422,
  IMPORT_REJECTED: 422,
  YAML_RECORD_TOO_LARGE: 413,
  IMPORT_TOO_MANY_RECORDS: 413,
};

/** Fastify's own client errors, given stable codes of ours. */
const FASTIFY_CODES: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'request body is larger than the limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_BODY', message: 'request body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_BODY' },
};

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
  requestId: string;
}

export function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown): FastifyReply {
  const body: ErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) }, requestId: String(reply.request.id) };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  // A driver error of the database's condition (disk full, outage), told apart by its code, not its text.
  const domain: unknown = databaseFaultError(err) ?? err;
  if (domain instanceof DomainError) {
    const status = STATUS_BY_CODE[domain.code] ?? 400;
    if (domain instanceof DatabaseFaultError) {
      reply.header('retry-after', String(domain.retryAfterSeconds));
      request.log.error({ code: domain.code, ...domain.logDetail }, domain.message);
    } else if (status >= 500) request.log.warn({ code: domain.code, ...domain.logDetail }, domain.message);
    return sendError(reply, status, domain.code, domain.message, domain.details);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const part = err.validationContext ?? 'request';
    const details = err.validation.map((v) => ({ path: `${part}${v.instancePath.replace(/\//g, '.')}`, message: v.message ?? 'invalid' }));
    return sendError(reply, 400, 'VALIDATION_FAILED', `invalid ${part}`, details);
  }
  const known = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (known) return sendError(reply, known.status, known.code, known.message ?? err.message);
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return sendError(reply, status, 'BAD_REQUEST', err.message);
  // 5xx: log everything, reveal nothing but the request id.
  request.log.error({ err }, 'request failed');
  return sendError(reply, 500, 'INTERNAL', 'internal server error');
}

/** Errors Fastify raises before routing (a malformed or overlong URL), in the documented error shape. */
const FRAMEWORK_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_REQUEST', message: 'the URL is not valid (a malformed percent-encoding)' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', message: 'a path parameter is longer than the limit' },
};

export function frameworkErrorHandler(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const known = err.code ? FRAMEWORK_CODES[err.code] : undefined;
  if (known) {
    sendError(reply, known.status, known.code, known.message);
    return;
  }
  reply.request.log.error({ err }, 'request failed before routing');
  sendError(reply, 500, 'INTERNAL', 'internal server error');
}

/** What Node's HTTP parser refuses before any request exists, with our stable codes. */
const CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'HEADERS_TOO_LARGE', message: 'the request headers are larger than the limit' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', message: 'the request took too long to arrive' },
};

/**
 * The server's `clientError` handler: a request the HTTP parser refuses (headers too large, malformed
 * request line, too slow) answers in the documented error shape, with a request id of its own since no
 * request object exists, and the connection is closed (as Node and Fastify do).
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const known = (err.code ? CLIENT_ERRORS[err.code] : undefined) ?? { status: 400, code: 'BAD_REQUEST', message: 'the request could not be parsed as HTTP' };
  const body = JSON.stringify({ error: { code: known.code, message: known.message }, requestId: randomUUID() } satisfies ErrorBody);
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`
      + `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}

/**
 * Unknown routes answer 404; a known path with the wrong method answers 405 with `Allow`.
 * Route patterns are collected as they are registered.
 */
export function registerNotFound(app: FastifyInstance): void {
  const patterns: Array<{ re: RegExp; methods: Set<string> }> = [];
  app.addHook('onRoute', (route) => {
    const re = new RegExp(`^${route.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+')}/?$`);
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
    const existing = patterns.find((p) => p.re.source === re.source);
    if (existing) methods.forEach((m) => existing.methods.add(m));
    else patterns.push({ re, methods: new Set(methods) });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = new Set<string>();
    for (const p of patterns) if (p.re.test(path)) p.methods.forEach((m) => allowed.add(m));
    if (allowed.size > 0 && !allowed.has(request.method)) {
      reply.header('allow', [...allowed].sort().join(', '));
      return sendError(reply, 405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}`);
    }
    return sendError(reply, 404, 'ROUTE_NOT_FOUND', `no route for ${request.method} ${path}`);
  });
}
