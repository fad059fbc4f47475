import rateLimit from '@fastify/rate-limit';
import { createHash } from 'node:crypto';
import type { CounterStore } from '../../http/rate-limit-store.js';
import { AuthenticationError, RateLimitedError } from '../../shared/errors.js';

export interface LoginThrottleOptions {
  /** Failures allowed per key in a window; the next attempt is refused (default 5). */
  maxFailures: number;
  /** The window, and the lockout after the last allowed failure (default 15 minutes). */
  windowMs: number;
  /** Failures allowed per IP across every account in a window (`perIp` keys; default 50). */
  ipMaxFailures?: number;
}

export const DEFAULT_LOGIN_THROTTLE: Required<LoginThrottleOptions> = { maxFailures: 5, windowMs: 15 * 60_000, ipMaxFailures: 50 };

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
 * Use `guard()` around the credential check: it reserves an attempt before the check runs, so
 * concurrent guesses cannot overshoot the limit; `check`/`fail`/`reset` are the same steps by hand.
 */
export class LoginThrottle {
  constructor(private readonly store: CounterStore, readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE) {}

  /**
   * The throttle key: purpose, IP and the SHA-256 of the lower-cased subject (an email, a user id),
   * so neither a store dump nor a Redis MONITOR shows who was targeted.
   */
  static key(purpose: string, ip: string | undefined, subject?: string): string {
    const who = subject === undefined ? '-' : createHash('sha256').update(subject.trim().toLowerCase()).digest('hex');
    // IPv6 by /64, as the API limit counts it: one host cannot rotate through its own subnet.
    return `lt:${purpose}:${who}:${ip ? rateLimit.normalizeIP(ip) : 'local'}`;
  }

  /** The cap of one IP across accounts for a purpose (`ipMaxFailures`; a success does not clear it). */
  perIp(purpose: string, ip: string | undefined): ThrottleKey {
    return { key: LoginThrottle.key(`${purpose}-ip`, ip), maxFailures: this.options.ipMaxFailures ?? DEFAULT_LOGIN_THROTTLE.ipMaxFailures, clearOnSuccess: false };
  }

  /** Refuses (RateLimitedError) when the key has used up its failures. */
  async check(key: string): Promise<void> {
    const s = await this.store.peek(key);
    if (s.count >= this.options.maxFailures) throw this.refusal(s.ttlMs);
  }

  /** Records one failure. */
  async fail(key: string): Promise<void> {
    await this.store.hit(key, this.options.windowMs, this.options.maxFailures);
  }

  /** Forgets the key's failures (after a success). */
  async reset(key: string): Promise<void> {
    await this.store.reset(key);
  }

  /**
   * Runs a credential check under the throttle: refused before `attempt` runs when a key is locked;
   * an error that `isFailure` accepts counts on every key; a success clears the keys that say so;
   * any other error counts nothing. A string key has the per-account limit (`maxFailures`).
   */
  async guard<T>(keys: string | ThrottleKey | Array<string | ThrottleKey>, attempt: () => Promise<T>, isFailure: (err: unknown) => boolean = isCredentialFailure): Promise<T> {
    const ks = (Array.isArray(keys) ? keys : [keys]).map((k) => (typeof k === 'string' ? { key: k, maxFailures: this.options.maxFailures, clearOnSuccess: true } : k));
    // The attempt is counted before it runs (a reservation), so N parallel guesses cannot all pass a check.
    const held: ThrottleKey[] = [];
    for (const k of ks) {
      const s = await this.store.hit(k.key, this.options.windowMs, k.maxFailures);
      if (s.count > k.maxFailures) {
        await Promise.all(held.map((h) => this.store.release(h.key)));
        throw this.refusal(s.ttlMs, k.maxFailures);
      }
      held.push(k);
    }
    let result: T;
    try {
      result = await attempt();
    } catch (err) {
      if (!isFailure(err)) await Promise.all(ks.map((k) => this.store.release(k.key)));
      throw err;
    }
    await Promise.all(ks.map((k) => (k.clearOnSuccess ? this.store.reset(k.key) : this.store.release(k.key))));
    return result;
  }

  private refusal(ttlMs: number, limit = this.options.maxFailures): RateLimitedError {
    const retryAfterSeconds = Math.max(1, Math.ceil(ttlMs / 1000));
    return new RateLimitedError(`too many failed attempts: try again in ${retryAfterSeconds} s`, { retryAfterSeconds, limit });
  }
}
