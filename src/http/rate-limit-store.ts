import type { Redis } from 'ioredis';

/**
 * Fixed-window counters shared by the API rate limit and the login throttle. Two implementations:
 * in-process (a Map with expiry) and Redis (INCR + PEXPIRE in one script, so concurrent instances
 * count exactly). `ResilientCounterStore` puts Redis in front of the in-process store and falls back
 * to it, per operation and within a small time budget, whenever Redis is not answering.
 */
export interface CounterState {
  /** Hits in the current window (0 when there is none). */
  count: number;
  /** Milliseconds until the window ends (0 when there is none). */
  ttlMs: number;
}

export interface CounterStore {
  /**
   * Adds one hit. The first hit opens a window of `windowMs`; when `rearmAt` is given, the hit that
   * brings the count to exactly `rearmAt` re-opens the window for a full `windowMs` (a lockout that
   * lasts a whole window from the last allowed failure).
   */
  hit(key: string, windowMs: number, rearmAt?: number): Promise<CounterState>;
  /** The current state, without changing it. */
  peek(key: string): Promise<CounterState>;
  /** Takes one hit back (never below zero, never opens a window). */
  release(key: string): Promise<void>;
  /** Forgets the key. */
  reset(key: string): Promise<void>;
}

const NONE: CounterState = { count: 0, ttlMs: 0 };

/** In-process counters. Bounded: expired windows are swept, and past `maxKeys` the oldest keys go first. */
export class MemoryCounterStore implements CounterStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now, private readonly maxKeys = 100_000) {}

  async hit(key: string, windowMs: number, rearmAt?: number): Promise<CounterState> {
    return this.hitSync(key, windowMs, rearmAt);
  }

  /** Synchronous form, so the fallback path cannot be delayed by anything but the event loop. */
  hitSync(key: string, windowMs: number, rearmAt?: number): CounterState {
    const now = this.now();
    this.sweep(now);
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      this.windows.delete(key);
      this.windows.set(key, w);
    }
    w.count += 1;
    if (rearmAt !== undefined && w.count === rearmAt) w.resetAt = now + windowMs;
    return { count: w.count, ttlMs: w.resetAt - now };
  }

  async peek(key: string): Promise<CounterState> {
    return this.peekSync(key);
  }

  peekSync(key: string): CounterState {
    const now = this.now();
    const w = this.windows.get(key);
    return !w || w.resetAt <= now ? NONE : { count: w.count, ttlMs: w.resetAt - now };
  }

  async release(key: string): Promise<void> {
    const w = this.windows.get(key);
    if (w && w.resetAt > this.now() && w.count > 0) w.count -= 1;
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  /** Number of live keys (tests and diagnostics). */
  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    if (this.windows.size < this.maxKeys && now < this.nextSweep) return;
    this.nextSweep = now + 10_000;
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    // Still full of live windows: drop the oldest (Map keeps insertion order; new windows go last).
    for (const k of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(k);
    }
  }
}

const HIT = `
local c = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if c == 1 or ttl < 0 or c == tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {c, ttl}`;

const PEEK = `
local c = redis.call('GET', KEYS[1])
if not c then return {0, 0} end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then ttl = 0 end
return {tonumber(c), ttl}`;

const RELEASE = `
local c = tonumber(redis.call('GET', KEYS[1]) or '0')
if c > 0 and redis.call('PTTL', KEYS[1]) > 0 then redis.call('DECR', KEYS[1]) end
return 0`;

function toState(reply: unknown): CounterState {
  const [count, ttl] = Array.isArray(reply) ? reply : [];
  return { count: Number(count ?? 0), ttlMs: Math.max(0, Number(ttl ?? 0)) };
}

/** Counters in Redis, each one key under `prefix`. Atomic per key, so limits hold across instances. */
export class RedisCounterStore implements CounterStore {
  constructor(readonly client: Redis, private readonly prefix = 'mdl:') {}

  async hit(key: string, windowMs: number, rearmAt?: number): Promise<CounterState> {
    return toState(await this.client.eval(HIT, 1, this.prefix + key, Math.max(1, Math.trunc(windowMs)), rearmAt ?? 0));
  }

  async peek(key: string): Promise<CounterState> {
    return toState(await this.client.eval(PEEK, 1, this.prefix + key));
  }

  async release(key: string): Promise<void> {
    await this.client.eval(RELEASE, 1, this.prefix + key);
  }

  async reset(key: string): Promise<void> {
    await this.client.del(this.prefix + key);
  }
}

export interface OutageLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface ResilientOptions {
  /** The most one operation may wait for Redis before the in-process store answers (default 75 ms). */
  timeoutMs?: number;
  /** After a timeout, how often a background probe asks Redis again (default 1 s): one slow probe, not one per request. */
  retryAfterMs?: number;
  log?: OutageLog;
}

class RedisTimeoutError extends Error {}

/**
 * Redis first; the in-process store whenever Redis is not connected, errors, or takes longer than
 * `timeoutMs`. A request never waits longer than that budget and is never let through unchecked.
 *
 * A timeout means a stalled Redis (a hung process, a full network buffer): it would cost every
 * request the whole budget, once per counter it touches. So after one timeout Redis is skipped by
 * every caller, and a background probe (PING, at most one every `retryAfterMs`) decides when it is
 * back; a request pays for at most one timeout per stall. A Redis that is not connected costs
 * nothing (the client's status says so) and is used again as soon as it reconnects.
 *
 * One warning per outage, one info line on recovery. Counts made in-process during an outage are
 * not copied to Redis afterwards: during an outage each instance limits on its own (login lockouts
 * also live in the database: src/modules/auth/login-lockouts.ts).
 */
export class ResilientCounterStore implements CounterStore {
  private readonly timeoutMs: number;
  private readonly retryAfterMs: number;
  private down = false;
  /** A timeout was seen: Redis is skipped until the probe gets an answer. */
  private stalled = false;

  constructor(private readonly redis: RedisCounterStore, readonly fallback: MemoryCounterStore, private readonly opts: ResilientOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 75;
    this.retryAfterMs = opts.retryAfterMs ?? 1000;
  }

  /** True while the in-process store is answering instead of Redis. */
  get degraded(): boolean {
    return this.down;
  }

  hit(key: string, windowMs: number, rearmAt?: number): Promise<CounterState> {
    return this.run(() => this.redis.hit(key, windowMs, rearmAt), () => this.fallback.hitSync(key, windowMs, rearmAt));
  }

  peek(key: string): Promise<CounterState> {
    return this.run(() => this.redis.peek(key), () => this.fallback.peekSync(key));
  }

  release(key: string): Promise<void> {
    return this.run(() => this.redis.release(key), () => void this.fallback.release(key));
  }

  reset(key: string): Promise<void> {
    // Both: a lockout recorded in-process during an outage must not outlive a successful login.
    void this.fallback.reset(key);
    return this.run(() => this.redis.reset(key), () => undefined);
  }

  /**
   * Redis alone, within the budget, with no fallback: `sent` says whether the command went to Redis
   * (it may still apply after a timeout), `value` is its answer when one came in time. For callers
   * that keep their own in-process count beside Redis (the login throttle).
   */
  async tryRedis<T>(op: (redis: RedisCounterStore) => Promise<T>): Promise<{ sent: boolean; value?: T }> {
    const status = this.redis.client.status;
    if (status !== 'ready') {
      this.markDown(`redis ${status}`);
      return { sent: false };
    }
    if (this.stalled) return { sent: false };
    const started = performance.now();
    try {
      const value = await this.withinBudget(op(this.redis));
      this.markUp();
      return { sent: true, value };
    } catch (err) {
      // Ours or the client's own command timeout (the same budget, src/http/redis.ts), whichever came first.
      if (err instanceof RedisTimeoutError || performance.now() - started >= this.timeoutMs - 1) this.stall();
      this.markDown(err instanceof Error ? err.message : String(err));
      return { sent: true };
    }
  }

  /**
   * Takes back in Redis a hit that was sent there, stalled or not: Redis applies one connection's
   * commands in order, so a hit that lands late is undone too. Waits at most the budget.
   */
  async releaseInRedis(key: string): Promise<void> {
    const op = this.redis.release(key).catch(() => undefined);
    await this.withinBudget(op).catch(() => undefined);
  }

  private async run<T>(primary: () => Promise<T>, local: () => T): Promise<T> {
    const r = await this.tryRedis(primary);
    return 'value' in r ? (r.value as T) : local();
  }

  private async withinBudget<T>(op: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        op,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new RedisTimeoutError(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
          timer.unref();
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private stall(): void {
    if (this.stalled) return;
    this.stalled = true;
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    setTimeout(() => void this.probe(), this.retryAfterMs).unref();
  }

  /** One PING within the budget: an answer ends the stall; otherwise try again after `retryAfterMs`. */
  private async probe(): Promise<void> {
    const status = this.redis.client.status;
    if (status === 'end') {
      // Closed for good (or until someone calls connect()): the status check covers it from here.
      this.stalled = false;
      return;
    }
    if (status === 'ready') {
      try {
        await this.withinBudget(this.redis.client.ping());
        this.stalled = false;
        this.markUp();
        return;
      } catch {
        // still stalled
      }
    }
    this.scheduleProbe();
  }

  private markDown(reason: string): void {
    if (this.down) return;
    this.down = true;
    this.opts.log?.warn({ reason }, 'Redis unavailable: rate limits and login throttling use the in-process store until it recovers');
  }

  private markUp(): void {
    if (!this.down) return;
    this.down = false;
    this.opts.log?.info({}, 'Redis recovered: rate limits and login throttling are shared again');
  }
}
