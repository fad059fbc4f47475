import type { Kysely } from 'kysely';

const tokens = new WeakMap<Kysely<any>, () => string>();

/**
 * A token that changes whenever the database may have changed: what lets a reader keep a derived
 * figure (a list's count) until the data under it moves. SQLite gives one (sqlite-handle.ts: another
 * connection's commits and this one's writes); PostgreSQL none, so its readers always recompute.
 */
export function attachChangeToken<D extends Kysely<any>>(db: D, token: () => string): D {
  tokens.set(db, token);
  return db;
}

export function changeTokenOf(db: Kysely<any>): string | undefined {
  return tokens.get(db)?.();
}

/**
 * Values derived from the database, each kept until the change token moves (bounded; the oldest goes
 * first). Where there is no token (PostgreSQL, a transaction), every get loads. The token is read
 * before loading: a write landing in between leaves the entry with a stale token, hence a miss later,
 * never a stale hit.
 */
export class KeptUntilChange<V> {
  private readonly entries = new Map<string, { token: string; value: V }>();

  constructor(private readonly max = 1000) {}

  async get(db: Kysely<any>, key: string, load: () => Promise<V>): Promise<V> {
    const token = changeTokenOf(db);
    if (token === undefined) return load();
    const hit = this.entries.get(key);
    if (hit && hit.token === token) return hit.value;
    const value = await load();
    this.entries.delete(key);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { token, value });
    return value;
  }
}
