import { createHash } from 'node:crypto';
import type { Db } from '../../db/connect.js';
import { LoginLockoutsRepository } from './login-lockouts-repository.js';

/**
 * Where lockouts are kept besides the counters. The counters (Redis, or in-process while Redis is
 * away) can forget: a stalled or killed Redis, a restart of an in-memory one, another instance's
 * fallback. A lockout recorded here holds regardless, for every instance.
 */
export interface LockoutStore {
  /** Milliseconds until the key's lockout ends; 0 when it is not locked. */
  remainingMs(key: string, now: number): Promise<number>;
  /** Records that `key` is locked until `until` (epoch ms). */
  lock(key: string, until: number, now: number): Promise<void>;
  /** Forgets the key's lockout. */
  clear(key: string): Promise<void>;
}

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

/** Lockouts in the `login_lockouts` table (migration 0012), keyed by the SHA-256 of the throttle key. */
export class DatabaseLockouts implements LockoutStore {
  private readonly repo: LoginLockoutsRepository;

  constructor(db: Db) {
    this.repo = new LoginLockoutsRepository(db);
  }

  async remainingMs(key: string, now: number): Promise<number> {
    const until = await this.repo.lockedUntil(hashOf(key), new Date(now).toISOString());
    return until === undefined ? 0 : Math.max(0, Date.parse(until) - now);
  }

  async lock(key: string, until: number, now: number): Promise<void> {
    const at = new Date(now).toISOString();
    await this.repo.upsert(hashOf(key), new Date(until).toISOString(), at);
    // Lockouts are rare (a key that used up its failures), so each one sweeps those that have ended.
    await this.repo.deleteExpired(at);
  }

  async clear(key: string): Promise<void> {
    await this.repo.delete(hashOf(key));
  }
}
