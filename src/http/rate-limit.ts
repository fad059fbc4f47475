import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle } from '../modules/auth/login-throttle.js';
import { AuthenticationError, RateLimitedError } from '../shared/errors.js';
import { MemoryCounterStore, RedisCounterStore, ResilientCounterStore, type CounterStore } from './rate-limit-store.js';

/**
 * Rate limits, with @fastify/rate-limit.
 *
 * - **API limit.** Every route, `max` requests per `windowMs` (fixed window; request `max + 1` is
 *   refused, exactly). The key is the principal when the request is authenticated (`user:<id>`
 *   across all of that user's tokens and sessions, `key:<id>` for an API key), otherwise the client
 *   IP (IPv6 by /64). The limiter runs as a route-level onRequest hook, which Fastify runs after the
 *   app-level authentication hook, so the principal is known; it never sees the credential itself.
 * - **Failed credentials.** A request on a protected route whose credential is missing or rejected
 *   never reaches that hook, so those count per IP in a separate bucket (same `max`/`windowMs`),
 *   checked before authentication: a flood of bad tokens is refused without verifying any of them.
 * - **Credential checks** (login, refresh, setup, MFA) go through `LoginThrottle` (5 failures per
 *   account and IP per 15 minutes by default; logins also 50 per IP across accounts), available to
 *   routes as `loginThrottleOf(app)`.
 * - Refusals answer 429 in the standard error shape, with `Retry-After` and `RateLimit-Limit`,
 *   `RateLimit-Remaining`, `RateLimit-Reset`; allowed responses carry the `RateLimit-*` headers too.
 * - **Storage.** Redis when a client is given (limits hold across instances), else in-process. A
 *   Redis that is down, erroring or slow is replaced by the in-process store for that request within
 *   `redisTimeoutMs`: never a hang, never a request let through unchecked.
 * - 404/405 answers (no route) are not limited.
 */
export interface RateLimitSettings {
  /** Requests per principal (or IP) per window (default 600). */
  max: number;
  /** The API window (default 60 s). */
  windowMs: number;
  /** Failed credential checks per account and IP per login window (default 5). */
  loginMaxFailures: number;
  /** Failed logins per IP across all accounts per login window (default 50). */
  loginIpMaxFailures: number;
  /** The login window and lockout (default 15 min). */
  loginWindowMs: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  max: 600,
  windowMs: 60_000,
  loginMaxFailures: DEFAULT_LOGIN_THROTTLE.maxFailures,
  loginIpMaxFailures: DEFAULT_LOGIN_THROTTLE.ipMaxFailures,
  loginWindowMs: DEFAULT_LOGIN_THROTTLE.windowMs,
};

export interface RateLimitOptions extends Partial<RateLimitSettings> {
  /** Share counters through this client (created from MDL_REDIS_URL by server.ts, closed there). */
  redis?: Redis;
  /** Key prefix in Redis (default `mdl:`). */
  redisPrefix?: string;
  /** Longest wait for Redis before the in-process store answers (default 75 ms). */
  redisTimeoutMs?: number;
  /** Clock of the in-process store (tests). */
  now?: () => number;
  /** Replaces the store entirely (tests). */
  store?: CounterStore;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Failure throttle for credential checks (login, refresh, setup, MFA). */
    loginThrottle: LoginThrottle;
    /** The counters behind the limits (Redis with in-process fallback, or in-process). */
    rateLimitStore: CounterStore;
  }
}

/** The app's credential-check throttle; fails loudly if rate limiting was not registered first. */
export function loginThrottleOf(app: FastifyInstance): LoginThrottle {
  if (!app.hasDecorator('loginThrottle')) throw new Error('registerRateLimits() must run before routes that check credentials');
  return app.loginThrottle;
}

/** Redis (with the in-process fallback) when a client is given, otherwise in-process only. */
export function createCounterStore(opts: RateLimitOptions, log?: FastifyInstance['log']): CounterStore {
  if (opts.store) return opts.store;
  const memory = new MemoryCounterStore(opts.now);
  if (!opts.redis) return memory;
  return new ResilientCounterStore(new RedisCounterStore(opts.redis, opts.redisPrefix ?? 'mdl:'), memory, { timeoutMs: opts.redisTimeoutMs, log });
}

const HEADERS = { limit: 'ratelimit-limit', remaining: 'ratelimit-remaining', reset: 'ratelimit-reset', retryAfter: 'retry-after' } as const;

function refused(reply: FastifyReply, limit: number, ttlMs: number): RateLimitedError {
  const retryAfterSeconds = Math.max(1, Math.ceil(ttlMs / 1000));
  reply.header(HEADERS.limit, limit).header(HEADERS.remaining, 0).header(HEADERS.reset, retryAfterSeconds).header(HEADERS.retryAfter, retryAfterSeconds);
  return new RateLimitedError(`rate limit exceeded: try again in ${retryAfterSeconds} s`, { retryAfterSeconds, limit });
}

function isProtected(request: FastifyRequest): boolean {
  const scope = request.routeOptions.config?.scope;
  return scope !== undefined && scope !== 'public';
}

/**
 * Registers the limits. Call before registerAuth() (the failed-credential check must run before
 * authentication) and before any route.
 */
export async function registerRateLimits(app: FastifyInstance, opts: RateLimitOptions = {}): Promise<void> {
  const s: RateLimitSettings = {
    max: opts.max ?? DEFAULT_RATE_LIMITS.max,
    windowMs: opts.windowMs ?? DEFAULT_RATE_LIMITS.windowMs,
    loginMaxFailures: opts.loginMaxFailures ?? DEFAULT_RATE_LIMITS.loginMaxFailures,
    loginIpMaxFailures: opts.loginIpMaxFailures ?? DEFAULT_RATE_LIMITS.loginIpMaxFailures,
    loginWindowMs: opts.loginWindowMs ?? DEFAULT_RATE_LIMITS.loginWindowMs,
  };
  const store = createCounterStore(opts, app.log);
  const ipOf = (request: FastifyRequest) => rateLimit.normalizeIP(request.ip);
  app.decorate('rateLimitStore', store);
  app.decorate('loginThrottle', new LoginThrottle(store, { maxFailures: s.loginMaxFailures, windowMs: s.loginWindowMs, ipMaxFailures: s.loginIpMaxFailures, now: opts.now }));

  // Failed credentials, per IP: refused before the credential is even looked at once over the limit.
  app.addHook('onRequest', async (request, reply) => {
    if (!isProtected(request)) return;
    const state = await store.peek(`af:${ipOf(request)}`);
    if (state.count >= s.max) throw refused(reply, s.max, state.ttlMs);
  });
  app.addHook('onError', async (request, reply, error) => {
    // A rejected credential on a protected route (no principal was set): count it for the IP.
    if (error instanceof AuthenticationError && isProtected(request) && !request.principal) {
      await store.hit(`af:${ipOf(request)}`, s.windowMs);
    }
    // Any refusal (the login throttle, MFA, ...) says when to come back.
    if (error instanceof RateLimitedError && !reply.hasHeader(HEADERS.retryAfter)) {
      const d = error.details as { retryAfterSeconds?: number; limit?: number } | undefined;
      if (d?.retryAfterSeconds !== undefined) {
        reply.header(HEADERS.retryAfter, d.retryAfterSeconds).header(HEADERS.reset, d.retryAfterSeconds).header(HEADERS.remaining, 0);
        if (d.limit !== undefined) reply.header(HEADERS.limit, d.limit);
      }
    }
  });

  const storeCtor = class extends PluginStore {
    constructor() {
      super(store, 'rl:');
    }
  };
  await app.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    max: s.max,
    timeWindow: s.windowMs,
    enableDraftSpec: true,
    store: storeCtor,
    keyGenerator: (request) => {
      const p = request.principal;
      if (p) return p.kind === 'api_key' ? `key:${p.apiKeyId ?? p.userId}` : `user:${p.userId}`;
      return `ip:${ipOf(request)}`;
    },
    errorResponseBuilder: (_request, ctx) => {
      const retryAfterSeconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new RateLimitedError(`rate limit exceeded: try again in ${retryAfterSeconds} s`, { retryAfterSeconds, limit: ctx.max });
    },
  });
}

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** Adapts a CounterStore to the plugin's store interface. */
class PluginStore {
  constructor(private readonly counters: CounterStore, private readonly namespace: string) {}

  incr(key: string, callback: IncrCallback, timeWindow: number): void {
    this.counters.hit(this.namespace + key, timeWindow).then((r) => callback(null, { current: r.count, ttl: r.ttlMs }), (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
  }

  read(key: string, callback: IncrCallback): void {
    this.counters.peek(this.namespace + key).then((r) => callback(null, { current: r.count, ttl: r.ttlMs }), (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
  }

  /** A route with its own `config.rateLimit` counts in its own namespace. */
  child(routeOptions: unknown): PluginStore {
    const info = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
    return new PluginStore(this.counters, `${this.namespace}${String(info?.method ?? '')}${String(info?.url ?? '')}:`);
  }
}
