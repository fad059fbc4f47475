/**
 * A single-consumer queue bridging a push source (stream events) to `for await`. The producer is
 * told to pause when `highWater` items wait and to resume once the consumer has taken them down
 * to `lowWater`, so memory stays bounded by the queue, not by the file.
 */
export interface QueueHooks {
  highWater?: number;
  lowWater?: number;
  pause(): void;
  resume(): void;
  /** The consumer stopped early (break / return): release the source. */
  cancel(): void;
}

export class AsyncQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | null = null;
  private ended = false;
  private failure: { error: unknown } | null = null;
  private paused = false;
  private iterated = false;
  private readonly high: number;
  private readonly low: number;

  constructor(private readonly hooks: QueueHooks) {
    this.high = hooks.highWater ?? 64;
    this.low = hooks.lowWater ?? Math.floor(this.high / 4);
  }

  push(item: T): void {
    if (this.ended || this.failure) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve({ value: item, done: false });
      return;
    }
    this.items.push(item);
    if (!this.paused && this.items.length >= this.high) {
      this.paused = true;
      this.hooks.pause();
    }
  }

  end(): void {
    if (this.ended || this.failure) return;
    this.ended = true;
    this.settleWaiter();
  }

  /** Items already queued are still delivered; the error is thrown after them. */
  fail(error: unknown): void {
    if (this.ended || this.failure) return;
    this.failure = { error };
    this.settleWaiter();
  }

  private settleWaiter(): void {
    if (!this.waiter || this.items.length > 0) return;
    const w = this.waiter;
    this.waiter = null;
    if (this.failure) w.reject(this.failure.error);
    else w.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.iterated) throw new Error('import records can be iterated only once');
    this.iterated = true;
    return {
      next: () => {
        if (this.items.length > 0) {
          const value = this.items.shift() as T;
          if (this.paused && this.items.length <= this.low && !this.ended && !this.failure) {
            this.paused = false;
            this.hooks.resume();
          }
          return Promise.resolve({ value, done: false });
        }
        if (this.failure) return Promise.reject(this.failure.error);
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiter = { resolve, reject };
        });
      },
      return: () => {
        if (!this.ended && !this.failure) {
          this.failure = { error: new Error('cancelled') };
          this.items = [];
          this.hooks.cancel();
        }
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
