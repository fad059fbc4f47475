import rateLimit from '@fastify/rate-limit';
import { createHash } from 'node:crypto';
import { MemoryCounterStore, ResilientCounterStore, type CounterState, type CounterStore } from '../../http/rate-limit-store.js';
import { AuthenticationError, RateLimitedError } from '../../shared/errors.js';
import type { LockoutStore } from './login-lockouts.js';

export interface LoginThrottleOptions {
  /** Failures allowed per key in a window; the next attempt is refused (default 5). */
  maxFailures: number;
  /** The window, and the lockout after the last allowed failure (default 15 minutes). */
  windowMs: number;
  /** Failures allowed per IP across every account in a window (`perIp` keys; default 50). */
  ipMaxFailures?: number;
  /** The longest an attempt waits for parallel attempts on its key to finish (default 5 s), then 429. */
  maxWaitMs?: number;
  /** The clock of lockout times (the in-process counters' clock in tests). */
  now?: () => number;
}

/** A shared counter store used beside the in-process one: `sent` says whether the command went out. */
interface Shared {
  run<T>(op: (store: CounterStore) => Promise<T>): Promise<{ sent: boolean; value?: T }>;
  release(key: string): Promise<void>;
}

export const DEFAULT_LOGIN_THROTTLE = { maxFailures: 5, windowMs: 15 * 60_000, ipMaxFailures: 50 } satisfies LoginThrottleOptions;

/** How long an attempt may wait for parallel attempts on its key to finish before a 429 (default). */
const DEFAULT_MAX_WAIT_MS = 5000;
const POLL_MS = 20;
/** An attempt in flight is forgotten after this long even if its process died before releasing it. */
const PENDING_TTL_MS = 10_000;
const pendingKey = (key: string) => `${key}:inflight`;

/** One counter a guarded check runs under, with its own limit. */
export interface ThrottleKey {
  key: string;
  maxFailures: number;
  /**
   * Whether a success forgets the key's failures. True for a key of one account; false for a cap
   * across accounts, which a success on an account of the caller's own must not wipe.
   */
  clearOnSuccess: boolean;
}

/** What guarded calls count as a failure: a rejected credential, not a validation error or a conflict. */
export function isCredentialFailure(err: unknown): boolean {
  return err instanceof AuthenticationError;
}

/**
 * Failure counting for credential checks: password login, refresh, first-run setup and MFA codes.
 * Keys are per purpose, client IP and (when there is one) account: `LoginThrottle.key('login', ip,
 * email)`. After `maxFailures` failures in a window the key is refused with RateLimitedError (429 with
 * Retry-After) until a full window has passed since the last allowed failure, whatever the password.
 * A success clears the key. Other keys (another IP, another account) are unaffected.
 *
 * A key that used up its failures is also recorded in a `LockoutStore` (the database, once
 * `keepLockoutsIn` has been called), and every check consults it: the lockout holds when the counters
 * forget it (Redis stalled, down or restarted empty), on every instance.
 *
 * Use `guard()` around the credential check: it counts the attempt as in flight before the check
 * runs, so concurrent guesses cannot overshoot the limit, while attempts in flight are never taken
 * for failures (parallel correct logins all succeed); `check`/`fail`/`reset` are the steps by hand.
 *
 * Every failure and every attempt in flight is counted in-process (synchronously, so exactly) as
 * well as in the shared store, and a check takes the larger of the two. The shared store (Redis)
 * adds what other instances saw, when it answers; when it stalls, flaps or times out, the in-process
 * count still holds this instance to the limit. (Choosing one store per operation let the steps of
 * one attempt land in different stores: 10 wrong guesses of 60 parallel ones got checked.)
 */
export class LoginThrottle {
  private lockouts: LockoutStore | undefined;
  private readonly now: () => number;
  /** This instance's exact counts. */
  private readonly local: MemoryCounterStore;
  /** The counts shared by instances, when there is such a store (best effort: undefined when it does not answer). */
  private readonly shared: Shared | undefined;

  constructor(store: CounterStore, readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE, lockouts?: LockoutStore) {
    this.lockouts = lockouts;
    this.now = options.now ?? Date.now;
    if (store instanceof ResilientCounterStore) {
      this.local = store.fallback;
      this.shared = { run: (op) => store.tryRedis(op), release: (key) => store.releaseInRedis(key) };
    } else if (store instanceof MemoryCounterStore) {
      this.local = store;
    } else {
      this.local = new MemoryCounterStore(this.now);
      this.shared = {
        run: (op) => op(store).then((value) => ({ sent: true, value }), () => ({ sent: true })),
        release: (key) => store.release(key).catch(() => undefined),
      };
    }
  }

  /** Records lockouts in `store` too and consults it on every check (the first store given stays). */
  keepLockoutsIn(store: LockoutStore): void {
    this.lockouts ??= store;
  }

  get keepsLockouts(): boolean {
    return this.lockouts !== undefined;
  }

  /**
   * The throttle key: purpose, IP and the SHA-256 of the lower-cased subject (an email, a user id),
   * so neither a store dump nor a Redis MONITOR shows who was targeted.
   */
  static key(purpose: string, ip: string | undefined, subject?: string): string {
    const who = subject === undefined ? '-' : createHash('sha256').update(subject.trim().normalize('NFC').toLowerCase()).digest('hex');
    // IPv6 by /64, as the API limit counts it: one host cannot rotate through its own subnet.
    return `lt:${purpose}:${who}:${ip ? rateLimit.normalizeIP(ip) : 'local'}`;
  }

  /**
   * The password-guessing bucket of one account (by its email) from one IP: login, changing the
   * password and turning MFA off with the password all count here, so together they get `maxFailures`.
   */
  static passwordKey(ip: string | undefined, email: string): string {
    return LoginThrottle.key('login', ip, email);
  }

  /** The cap of one IP across accounts for a purpose (`ipMaxFailures`; a success does not clear it). */
  perIp(purpose: string, ip: string | undefined): ThrottleKey {
    return { key: LoginThrottle.key(`${purpose}-ip`, ip), maxFailures: this.options.ipMaxFailures ?? DEFAULT_LOGIN_THROTTLE.ipMaxFailures, clearOnSuccess: false };
  }

  /** Refuses (RateLimitedError) when the key has used up its failures. */
  async check(key: string): Promise<void> {
    const k = this.keyOf(key);
    await this.checkLockouts([k]);
    const s = await this.failures(key);
    if (s.count >= k.maxFailures) throw this.refusal(s.ttlMs, k.maxFailures);
  }

  /** Records one failure. */
  async fail(key: string): Promise<void> {
    await this.recordFailure(this.keyOf(key));
  }

  /** Forgets the key's failures and lockout (after a success). */
  async reset(key: string): Promise<void> {
    await Promise.all([this.resetCounts(key), this.lockouts?.clear(key)]);
  }

  /**
   * Runs a credential check under the throttle: refused before `attempt` runs when a key is locked;
   * an error that `isFailure` accepts counts on every key; a success clears the keys that say so;
   * any other error counts nothing. A string key has the per-account limit (`maxFailures`).
   */
  async guard<T>(keys: string | ThrottleKey | Array<string | ThrottleKey>, attempt: () => Promise<T>, isFailure: (err: unknown) => boolean = isCredentialFailure): Promise<T> {
    const ks = (Array.isArray(keys) ? keys : [keys]).map((k) => (typeof k === 'string' ? this.keyOf(k) : k));
    await this.checkLockouts(ks);
    const sent = await this.reserve(ks);
    let result: T;
    try {
      result = await attempt();
    } catch (err) {
      try {
        // The failure is counted before the reservation goes, so failures + in flight never dips.
        if (isFailure(err)) await Promise.all(ks.map((k) => this.recordFailure(k)));
      } finally {
        await this.unreserve(ks, sent);
      }
      throw err;
    }
    await Promise.all(ks.filter((k) => k.clearOnSuccess).map((k) => this.resetCounts(k.key)));
    await this.unreserve(ks, sent);
    return result;
  }

  /**
   * Counts the attempt as in flight on every key. Refused when a key has used up its failures. When
   * failures plus attempts in flight would pass a limit, the attempt waits for the others to finish
   * (each failure counts, each success clears) rather than being refused: N parallel guesses still
   * cannot overshoot, and N parallel correct logins all go through.
   */
  private async reserve(ks: ThrottleKey[]): Promise<boolean[]> {
    const deadline = Date.now() + (this.options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS);
    for (;;) {
      // In flight first, failures second: an attempt moving from one to the other is seen twice, never missed.
      // The in-process hits are taken synchronously, before any await, so parallel attempts here count exactly.
      const localInFlight = ks.map((k) => this.local.hitSync(pendingKey(k.key), PENDING_TTL_MS));
      const sharedInFlight = await Promise.all(ks.map((k) => this.shared?.run((s) => s.hit(pendingKey(k.key), PENDING_TTL_MS))));
      const sent = sharedInFlight.map((r) => r?.sent ?? false);
      const inFlight = ks.map((_, i) => Math.max(localInFlight[i]!.count, sharedInFlight[i]?.value?.count ?? 0));
      const failed = await Promise.all(ks.map((k) => this.failures(k.key)));
      const locked = ks.findIndex((k, i) => failed[i]!.count >= k.maxFailures);
      if (locked >= 0) {
        await this.unreserve(ks, sent);
        throw this.refusal(failed[locked]!.ttlMs, ks[locked]!.maxFailures);
      }
      if (ks.every((k, i) => failed[i]!.count + inFlight[i]! <= k.maxFailures)) return sent;
      await this.unreserve(ks, sent);
      if (Date.now() >= deadline) {
        throw new RateLimitedError('too many attempts in progress: try again in 1 s', { retryAfterSeconds: 1, limit: ks[0]!.maxFailures });
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS + Math.random() * POLL_MS));
    }
  }

  private keyOf(key: string): ThrottleKey {
    return { key, maxFailures: this.options.maxFailures, clearOnSuccess: true };
  }

  /** Refuses when the lockout store holds a live lockout of any of the keys. */
  private async checkLockouts(ks: ThrottleKey[]): Promise<void> {
    if (!this.lockouts) return;
    const now = this.now();
    const remaining = await Promise.all(ks.map((k) => this.lockouts!.remainingMs(k.key, now)));
    const locked = remaining.findIndex((ms) => ms > 0);
    if (locked >= 0) throw this.refusal(remaining[locked]!, ks[locked]!.maxFailures);
  }

  /** Counts a failure; the one that uses up the key's failures is also recorded as a lockout. */
  private async recordFailure(k: ThrottleKey): Promise<CounterState> {
    const l = this.local.hitSync(k.key, this.options.windowMs, k.maxFailures);
    const r = (await this.shared?.run((s) => s.hit(k.key, this.options.windowMs, k.maxFailures)))?.value;
    const s = r && r.count > l.count ? r : l;
    if (s.count >= k.maxFailures && this.lockouts) {
      const now = this.now();
      await this.lockouts.lock(k.key, now + s.ttlMs, now);
    }
    return s;
  }

  /** The larger of this instance's failures and the shared count. */
  private async failures(key: string): Promise<CounterState> {
    const l = this.local.peekSync(key);
    const r = (await this.shared?.run((s) => s.peek(key)))?.value;
    return r && r.count > l.count ? r : l;
  }

  private async resetCounts(key: string): Promise<void> {
    await Promise.all([this.local.reset(key), this.shared?.run((s) => s.reset(key))]);
  }

  /** Gives the slots back where they were taken: in-process always, in the shared store when the hit was sent there. */
  private async unreserve(ks: ThrottleKey[], sent: boolean[]): Promise<void> {
    for (const k of ks) void this.local.release(pendingKey(k.key));
    await Promise.all(ks.map((k, i) => (sent[i] ? this.shared?.release(pendingKey(k.key)) : undefined)));
  }

  private refusal(ttlMs: number, limit = this.options.maxFailures): RateLimitedError {
    const retryAfterSeconds = Math.max(1, Math.ceil(ttlMs / 1000));
    return new RateLimitedError(`too many failed attempts: try again in ${retryAfterSeconds} s`, { retryAfterSeconds, limit });
  }
}
