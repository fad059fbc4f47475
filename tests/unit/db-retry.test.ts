import { describe, expect, it } from 'vitest';
import { DatabaseStartTimeoutError, retryWhileUnavailable } from '../../src/db/retry.js';

const coded = (code: string) => Object.assign(new Error(`failed with ${code}`), { code });

/** A start-up step that fails with `codes` in turn, then succeeds; counts its calls. */
function failing(...codes: string[]) {
  const step = { calls: 0, run: async () => {
    const code = codes[step.calls++];
    if (code !== undefined) throw coded(code);
    return 'done';
  } };
  return step;
}

/** The start-up connection to the database (src/server.ts): retried with backoff while it cannot be reached. */
describe('retryWhileUnavailable', () => {
  it('backs off: the wait doubles from the first delay up to the cap, and each retry is reported with its code', async () => {
    const step = failing('ECONNREFUSED', 'ECONNREFUSED', '57P03', 'ECONNREFUSED', 'ECONNRESET', '53300');
    const retries: Array<[string, number, number]> = [];
    const result = await retryWhileUnavailable(step.run, { giveUpMs: 0, firstDelayMs: 2, maxDelayMs: 16, onRetry: (code, attempt, delay) => retries.push([code, attempt, delay]) });
    expect(result).toBe('done');
    expect(step.calls).toBe(7);
    expect(retries).toEqual([['ECONNREFUSED', 1, 2], ['ECONNREFUSED', 2, 4], ['57P03', 3, 8], ['ECONNREFUSED', 4, 16], ['ECONNRESET', 5, 16], ['53300', 6, 16]]);
  });

  it('starts at 250 ms by default', async () => {
    const stop = new AbortController();
    const delays: number[] = [];
    const step = failing('ECONNREFUSED', 'ECONNREFUSED');
    await expect(retryWhileUnavailable(step.run, { giveUpMs: 0, signal: stop.signal, onRetry: (_c, _a, delay) => { delays.push(delay); stop.abort(); } })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(delays).toEqual([250]);
    expect(step.calls).toBe(1); // aborted during the wait: no second try
  });

  it('throws at once what retrying cannot change (a wrong password, a full disk, a failed statement)', async () => {
    for (const code of ['28P01', 'SQLITE_FULL', '53100', '42P01']) {
      const step = failing(code);
      await expect(retryWhileUnavailable(step.run, { giveUpMs: 0, firstDelayMs: 1 }), code).rejects.toMatchObject({ code });
      expect(step.calls, code).toBe(1);
    }
  });

  it('gives up after giveUpMs (MDL_DB_START_TIMEOUT_SECONDS) with the last code, keeping the error as its cause', async () => {
    const step = failing(...Array<string>(100).fill('ECONNREFUSED'));
    const started = Date.now();
    const err = await retryWhileUnavailable(step.run, { giveUpMs: 1_000, firstDelayMs: 100, maxDelayMs: 400 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseStartTimeoutError);
    expect((err as Error).message).toMatch(/last error: ECONNREFUSED/);
    expect((err as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
    // 100 + 200 + 400 ms of waiting fit in 1 s; the next 400 ms would not, so it stops before sleeping.
    expect(step.calls).toBe(4);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
