import type { Redis } from 'ioredis';
import { requireLazily } from '../shared/lazy-require.js';

/**
 * The Redis client behind shared rate limits. Tuned to fail fast, never to queue: with no offline
 * queue a command on a broken connection errors at once, one retry at most, and connect and
 * command timeouts of `timeoutMs` (at most 100 ms), so a dead or hung Redis costs a request no more
 * than that before the in-process store answers (src/http/rate-limit-store.ts), and a hung one
 * costs that once: after a timeout the store skips Redis until its background probe gets an answer.
 * It keeps reconnecting in the background (back-off up to 2 s) and shared limits resume when it is back.
 */
export function createRedisClient(url: string, timeoutMs = 75): Redis {
  const client = new (requireLazily<typeof import('ioredis')>('ioredis').Redis)(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
  // Connection errors surface on the commands, where the store falls back and logs once per outage;
  // without a listener ioredis would print every reconnect attempt.
  client.on('error', () => undefined);
  return client;
}

/** host:port for logs: a Redis URL may carry a password. */
export function describeRedis(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}:${u.port || 6379}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return 'redis (unparseable url)';
  }
}
