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

