import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

/**
 * The typed API client. The browser session lives in HttpOnly cookies (POST /auth/login with
 * mode "cookie"): no token is ever visible to script. Writes echo the session's CSRF token, which the
 * server sets in a readable cookie and also answers at login. A 401 from a route that needs a session
 * means it ended (expired, revoked): one refresh is tried, then the user is sent to sign-in with the
 * page to come back to.
 */
export const CSRF_HEADER = 'X-CSRF-Token';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes whose 401 is an answer to show (wrong password, bad code), not an ended session. */
const PUBLIC_AUTH = ['/api/v1/auth/login', '/api/v1/auth/mfa', '/api/v1/auth/refresh', '/api/v1/setup'];

let csrfFromLogin: string | undefined;

/** Remembers the token a login answered (the cookie carries the same one; this also covers a cookie not yet readable). */
export function rememberCsrf(token: string | undefined): void {
  csrfFromLogin = token || undefined;
}

/** The session's CSRF token: the readable cookie (`mdl_csrf`, or `__Host-mdl_csrf` over TLS), else the login answer. */
export function csrfToken(cookies: string = typeof document === 'undefined' ? '' : document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if ((name === 'mdl_csrf' || name === '__Host-mdl_csrf') && rest.length > 0) return decodeURIComponent(rest.join('='));
  }
  return csrfFromLogin;
}

type SessionEndedHandler = () => void;
let onSessionEnded: SessionEndedHandler = () => {};

/** The app shell sets where an ended session goes (sign-in, then back). */
export function setSessionEndedHandler(handler: SessionEndedHandler): void {
  onSessionEnded = handler;
}

let refreshing: Promise<boolean> | undefined;

/** One refresh at a time: concurrent 401s wait for the same one. */
function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const token = csrfToken();
    if (!token) return false;
    const res = await fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin', headers: { [CSRF_HEADER]: token } }).catch(() => null);
    return res?.ok ?? false;
  })().finally(() => { refreshing = undefined; });
  return refreshing;
}

export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (!WRITES.has(request.method)) return undefined;
    const token = csrfToken();
    if (token) request.headers.set(CSRF_HEADER, token);
    return request;
  },
};

/**
 * A 401 on a session route: refresh once. A read is then retried; a write is not (its body is spent),
 * and its caller shows the 401 as a failure the user can retry now that the session is fresh. If the
 * refresh fails too, the session has ended.
 */
export const sessionMiddleware: Middleware = {
  async onResponse({ request, response }) {
    if (response.status !== 401) return undefined;
    const path = new URL(request.url, location.origin).pathname;
    if (PUBLIC_AUTH.includes(path)) return undefined;
    if (await refreshSession()) {
      if (WRITES.has(request.method)) return undefined;
      const again = await fetch(request.url, { method: request.method, headers: request.headers, credentials: 'same-origin' });
      if (again.status !== 401) return again;
    }
    onSessionEnded();
    return undefined;
  },
};

// Absolute on this origin: some fetch implementations (Node's, under tests) refuse relative Request URLs.
export const api = createClient<paths>({ baseUrl: typeof location === 'undefined' ? '' : location.origin, credentials: 'same-origin' });
api.use(csrfMiddleware, sessionMiddleware);

/** The API's error body: `{error: {code, message, details?}, requestId}`. */
export interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: unknown };
  requestId?: string;
}

/** A failed call: the API answered an error (status > 0), or the network failed (status 0). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
    this.name = 'ApiError';
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }
}

/** Turns an openapi-fetch result into its data, or throws an ApiError with the server's message. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server could not be reached.');
  }
  if (result.response.ok) return result.data as T;
  const body = (result.error ?? {}) as ApiErrorBody;
  throw new ApiError(result.response.status, body.error?.code ?? 'HTTP_' + result.response.status, body.error?.message ?? result.response.statusText, body.error?.details);
}
