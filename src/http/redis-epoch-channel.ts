import type { Redis } from 'ioredis';
import type { EpochChannel } from '../modules/auth/principal-cache.js';

/**
 * `auth_epoch` bumps announced between instances over Redis pub/sub, so a revocation on one instance
 * empties the others' principal caches at once instead of at their next poll (250 ms). Subscribing
 * takes a connection of its own. Redis being down costs nothing but the speed-up: the poll still runs.
 */
export function redisEpochChannel(redis: Redis, prefix = 'mdl:'): EpochChannel {
  const channel = `${prefix}auth-epoch`;
  let subscriber: Redis | undefined;
  return {
    async publish(n) {
      await redis.publish(channel, String(n));
    },
    async subscribe(onEpoch) {
      // Its own connection, which may queue the SUBSCRIBE until Redis answers; ioredis re-subscribes after a reconnect.
      subscriber = redis.duplicate({ enableOfflineQueue: true, commandTimeout: undefined, lazyConnect: false });
      subscriber.on('error', () => undefined);
      subscriber.on('message', (ch: string, message: string) => {
        const n = Number(message);
        if (ch === channel && Number.isSafeInteger(n)) onEpoch(n);
      });
      // Not awaited: a Redis that is down must not hold up the start; the poll covers until it is back.
      subscriber.subscribe(channel).catch(() => undefined);
    },
    async close() {
      subscriber?.disconnect();
    },
  };
}
