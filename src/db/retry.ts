import { setTimeout as sleep } from 'node:timers/promises';
import { databaseCodeOf, databaseFaultOf } from './errors.js';

export interface RetryOptions {
  /** Give up after this long (0: never); MDL_DB_START_TIMEOUT_SECONDS. */
  giveUpMs: number;
  /** Stops the retrying (the server is closing). */
  signal?: AbortSignal;
  /** Told of each failed try: the driver's code (never its message, which may name the host) and the wait. */
  onRetry?: (code: string, attempt: number, delayMs: number) => void;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export class DatabaseStartTimeoutError extends Error {}

/**
 * Runs `work` until it succeeds while it fails because the database cannot be reached (or is starting,
 * or out of connections: databaseFaultOf). Backoff doubles from 250 ms to 5 s. Any other error (a wrong
 * password, a failed migration, a full disk) is thrown at once: retrying would not change it.
 */
export async function retryWhileUnavailable<T>(work: () => Promise<T>, o: RetryOptions): Promise<T> {
  const started = Date.now();
  let delay = o.firstDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const fault = databaseFaultOf(err);
      if ((fault !== 'unavailable' && fault !== 'insufficient_resources') || o.signal?.aborted) throw err;
      const code = databaseCodeOf(err)!;
      if (o.giveUpMs > 0 && Date.now() - started + delay > o.giveUpMs) {
        throw new DatabaseStartTimeoutError(`the database could not be reached within ${Math.round(o.giveUpMs / 1000)} s (MDL_DB_START_TIMEOUT_SECONDS); last error: ${code}`, { cause: err });
      }
      o.onRetry?.(code, attempt, delay);
      await sleep(delay, undefined, { signal: o.signal }).catch(() => undefined);
      if (o.signal?.aborted) throw err;
      delay = Math.min(delay * 2, o.maxDelayMs ?? 5_000);
    }
  }
}
