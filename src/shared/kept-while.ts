/**
 * Values derived from the database, each kept while a tag read from outside stays the same: SQLite's
 * change token for list counts (db/change-token.ts), auth_epoch for the workspace guard's row
 * (auth/principal-cache.ts). The tag is read by the caller before loading: a change landing in between
 * leaves the entry under a stale tag, hence a miss later, never a stale hit. No tag (PostgreSQL, a
 * transaction, an epoch not read yet): every get loads. Bounded; the oldest entry goes first.
 */
export class KeptWhile<V> {
  private readonly entries = new Map<string, { tag: string | number; value: V; expiresAt: number }>();
  private readonly max: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(opts: { max?: number; ttlMs?: number; now?: () => number } = {}) {
    this.max = opts.max ?? 1000;
    this.ttlMs = opts.ttlMs ?? Number.POSITIVE_INFINITY;
    this.now = opts.now ?? Date.now;
  }

  async get(key: string, tag: string | number | undefined, load: () => Promise<V>): Promise<V> {
    if (tag === undefined) return load();
    const e = this.entries.get(key);
    if (e && e.tag === tag && e.expiresAt > this.now()) return e.value;
    const value = await load();
    this.entries.delete(key);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { tag, value, expiresAt: this.now() + this.ttlMs });
    return value;
  }

  /** Drops one entry: for a change made in this process, so even a direct service call sees it at once. */
  forget(key: string): void {
    this.entries.delete(key);
  }
}
