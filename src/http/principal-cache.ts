import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Db } from '../db/connect.js';
import { AuthEpochWatcher, type PrincipalCache } from '../modules/auth/principal-cache.js';
import type { StartupGate } from './health.js';
import { redisEpochChannel } from './redis-epoch-channel.js';

export interface PrincipalCacheOptions {
  /** false: every request resolves its credential from the database (the cache stays inert). */
  enabled?: boolean;
  /** How often other instances' changes are looked for (default 250 ms). */
  intervalMs?: number;
  /** With Redis, bumps are also announced to the other instances at once. */
  redis?: Redis;
  redisPrefix?: string;
  /** Until it opens the database may be unreachable or unmigrated: failed reads are not reported. */
  startup?: StartupGate;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Keeps the principal cache (src/modules/auth/principal-cache.ts) in step with `auth_epoch`: read at
 * start, every `intervalMs`, and before the response of every state-changing request, so a revocation
 * made by a request holds from the next request on this instance.
 */
export function registerPrincipalCache(app: FastifyInstance, db: Db, cache: PrincipalCache<unknown>, opts: PrincipalCacheOptions = {}): void {
  if (opts.enabled === false) return;
  const watcher = new AuthEpochWatcher(db, cache, {
    intervalMs: opts.intervalMs,
    ...(opts.redis ? { channel: redisEpochChannel(opts.redis, opts.redisPrefix) } : {}),
    quiet: () => opts.startup !== undefined && !opts.startup.open,
    onError: (err) => app.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'principal cache: auth_epoch unreadable; credentials are resolved from the database until it is back'),
  });
  app.addHook('onReady', async () => watcher.start());
  app.addHook('onClose', async () => watcher.stop());
  app.addHook('onSend', async (request) => {
    if (!SAFE_METHODS.has(request.method)) await watcher.check(true);
  });
}
