import type { Db } from '../../db/connect.js';

/** Rows of `login_lockouts` (migration 0012). Keys are SHA-256 hashes; times are ISO strings. */
export class LoginLockoutsRepository {
  constructor(private readonly db: Db) {}

  /** The key's `locked_until` when it is after `now`, else undefined. */
  async lockedUntil(keyHash: string, now: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('login_lockouts').select('locked_until').where('key_hash', '=', keyHash).where('locked_until', '>', now).executeTakeFirst();
    return row?.locked_until;
  }

  /** Records (or extends, or shortens: the newest lockout wins) a key's lockout. */
  async upsert(keyHash: string, lockedUntil: string, now: string): Promise<void> {
    await this.db
      .insertInto('login_lockouts')
      .values({ key_hash: keyHash, locked_until: lockedUntil, created_at: now })
      .onConflict((oc) => oc.column('key_hash').doUpdateSet({ locked_until: lockedUntil, created_at: now }))
      .execute();
  }

  async delete(keyHash: string): Promise<void> {
    await this.db.deleteFrom('login_lockouts').where('key_hash', '=', keyHash).execute();
  }

  /** Removes lockouts that ended at or before `now`; returns how many. */
  async deleteExpired(now: string): Promise<number> {
    const r = await this.db.deleteFrom('login_lockouts').where('locked_until', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
