import { createHash } from 'node:crypto';
import type { Db } from '../../db/connect.js';

/**
 * Resolved credentials, kept in process so a request need not repeat the token check and the session,
 * membership and MFA reads of the last one (issue 10: 3–4 queries and an EdDSA verification per
 * request). Correctness rests on `auth_epoch` (migration 0016): triggers bump it on every change that
 * can end or narrow a credential, and an entry is served only while the counter this process last
 * read is the one it was stored under.
 *
 * How a change reaches the cache:
 * - on this instance, within the request that made it: every state-changing request reads the counter
 *   before its response is sent (AuthEpochWatcher.check, called from an onSend hook);
 * - on other instances (servers, the CLI writing to the same database): the watcher reads the counter
 *   every `intervalMs` (250 ms), and, with Redis, a bump is also published so they drop it at once.
 *
 * Entries also end at the credential's own expiry and after `ttlMs` (60 s) at most, so a session's
 * `last_used_at` is still recorded about once a minute, as without the cache.
 */
export interface PrincipalCacheOptions {
  maxEntries?: number;
  ttlMs?: number;
  now?: () => number;
}

interface Entry<T> {
  value: T;
  epoch: number;
  expiresAt: number;
}

export class PrincipalCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** The counter as last read; undefined until the first read, and then nothing is served. */
  private known: number | undefined;
  readonly stats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(opts: PrincipalCacheOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** The key an entry is stored under: a digest, so the cache holds no credential in clear. */
  static keyOf(kind: 'bearer' | 'api_key', credential: string): string {
    return `${kind}:${createHash('sha256').update(credential).digest('base64url')}`;
  }

  /** The counter to tag a resolution with: read it before the reads the entry will be made of. */
  get epoch(): number | undefined {
    return this.known;
  }

  get(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e || e.epoch !== this.known || e.expiresAt <= this.now()) {
      if (e) this.entries.delete(key);
      this.stats.misses++;
      return undefined;
    }
    // Least recently used goes first when full: re-insert to move this one to the end.
    this.entries.delete(key);
    this.entries.set(key, e);
    this.stats.hits++;
    return e.value;
  }

  /** Stores a resolution made under `epoch` (read before it); one made under an older counter is dropped. */
  set(key: string, value: T, epoch: number | undefined, expiresAtMs: number): void {
    if (epoch === undefined || epoch !== this.known) return;
    const expiresAt = Math.min(expiresAtMs, this.now() + this.ttlMs);
    if (expiresAt <= this.now()) return;
    this.entries.delete(key);
    this.entries.set(key, { value, epoch, expiresAt });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The counter as just read (or as another instance announced it); a change drops every entry. */
  observe(n: number): boolean {
    if (n === this.known) return false;
    if (this.known !== undefined) this.stats.invalidations++;
    this.known = n;
    this.entries.clear();
    return true;
  }

  /** Forgets everything and serves nothing until the counter is read again (a failed read). */
  reset(): void {
    this.known = undefined;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Reads `auth_epoch.n`; instance-wide, outside any workspace (no row-level security on it). */
export async function readAuthEpoch(db: Db): Promise<number> {
  const row = await db.selectFrom('auth_epoch').select('n').where('id', '=', 1).executeTakeFirst();
  return row ? Number(row.n) : 0;
}

/** Where a bump this instance saw is announced to the others (Redis pub/sub), and heard from them. */
export interface EpochChannel {
  publish(n: number): Promise<void>;
  subscribe(onEpoch: (n: number) => void): Promise<void>;
  close(): Promise<void>;
}

export interface AuthEpochWatcherOptions {
  intervalMs?: number;
  channel?: EpochChannel;
  /** Told when reads start failing (the cache then serves nothing until one succeeds); once per outage. */
  onError?: (err: unknown) => void;
  /** While true, a failed read is expected and not reported (the server is still migrating its database). */
  quiet?: () => boolean;
}

/** Keeps a PrincipalCache in step with `auth_epoch`: on demand, on a timer, and from the channel. */
export class AuthEpochWatcher {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  /** Reads are failing: reported once per outage, not on every poll. */
  private failing = false;
  /** The last counter announced on or heard from the channel: each value goes out once per instance. */
  private announced: number | undefined;

  constructor(private readonly db: Db, private readonly cache: PrincipalCache<unknown>, private readonly opts: AuthEpochWatcherOptions = {}) {}

  /**
   * Reads the counter now. `announce` (after a write of this instance's own): a counter not yet
   * announced is published for the other instances. Concurrent plain reads share one query.
   */
  async check(announce = false): Promise<void> {
    if (!announce && this.inFlight) return this.inFlight;
    const run = (async () => {
      try {
        const n = await readAuthEpoch(this.db);
        this.failing = false;
        this.cache.observe(n);
        // Announced even when the poll saw the bump first: that poll told no one.
        if (announce && this.opts.channel && n !== this.announced) {
          this.announced = n;
          await this.opts.channel.publish(n).catch(() => undefined);
        }
      } catch (err) {
        this.cache.reset();
        if (this.opts.quiet?.()) return;
        if (!this.failing) this.opts.onError?.(err);
        this.failing = true;
      }
    })();
    if (!announce) {
      this.inFlight = run;
      void run.finally(() => { if (this.inFlight === run) this.inFlight = undefined; });
    }
    return run;
  }

  async start(): Promise<void> {
    await this.check();
    await this.opts.channel?.subscribe((n) => {
      this.announced = n;
      if (n === this.cache.epoch) return;
      // A counter another instance saw: drop what this one keeps, then read it here to be sure of it.
      this.cache.reset();
      void this.check();
    }).catch((err: unknown) => this.opts.onError?.(err));
    this.timer = setInterval(() => void this.check(), this.opts.intervalMs ?? 250);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight?.catch(() => undefined);
    await this.opts.channel?.close().catch(() => undefined);
  }
}
