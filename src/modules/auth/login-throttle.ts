import rateLimit from '@fastify/rate-limit';
import { createHash } from 'node:crypto';
import type { CounterStore } from '../../http/rate-limit-store.js';
import { AuthenticationError, RateLimitedError } from '../../shared/errors.js';

export interface LoginThrottleOptions {
  /** Failures allowed per key in a window; the next attempt is refused (default 5). */
  maxFailures: number;
  /** The window, and the lockout after the last allowed failure (default 15 minutes). */
  windowMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = { maxFailures: 5, windowMs: 15 * 60_000 };

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
   * Runs a credential check under the throttle: refused before `attempt` runs when the key is locked;
   * an error that `isFailure` accepts counts; a success clears the key; any other error counts nothing.
   */
  async guard<T>(key: string, attempt: () => Promise<T>, isFailure: (err: unknown) => boolean = isCredentialFailure): Promise<T> {
    // The attempt is counted before it runs (a reservation), so N parallel guesses cannot all pass a check.
    const s = await this.store.hit(key, this.options.windowMs, this.options.maxFailures);
    if (s.count > this.options.maxFailures) throw this.refusal(s.ttlMs);
    let result: T;
    try {
      result = await attempt();
    } catch (err) {
      if (!isFailure(err)) await this.store.release(key);
      throw err;
    }
    await this.store.reset(key);
    return result;
  }

  private refusal(ttlMs: number): RateLimitedError {
    const retryAfterSeconds = Math.max(1, Math.ceil(ttlMs / 1000));
    return new RateLimitedError(`too many failed attempts: try again in ${retryAfterSeconds} s`, { retryAfterSeconds, limit: this.options.maxFailures });
  }
}
