import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { ConnectionLostError, databaseFaultOf } from './errors.js';
import { isWriteStatement, type DatabaseFaults } from './faults.js';

const ROLLBACK = /^\s*rollback\b/i;
const ROLLED_BACK = { command: 'ROLLBACK', rowCount: 0, rows: [] } as unknown as PostgresQueryResult<never>;

/**
 * The pg pool as Kysely sees it, so that a dying connection never takes the process or the error down:
 * - every connection has an 'error' listener from its first moment (pool 'connect'), also while a
 *   request holds it between queries: unhandled there, a restart of PostgreSQL (57P01 admin_shutdown)
 *   crashed the server with "Unhandled 'error' event";
 * - a connection that broke is never reused: its later queries fail with the error that broke it (its
 *   code, not pg's code-less "not queryable"), ROLLBACK on it is a no-op (PostgreSQL aborts the
 *   transaction of a session that ends), and release destroys it instead of returning it to the pool;
 * - a ROLLBACK that fails marks its connection broken and does not replace the error that caused it;
 * - connection errors without a code (timeouts, "terminated unexpectedly") get CONNECTION_LOST;
 * - writes report their outcome to `faults` (readiness and /metrics), failed connects are counted.
 */
export function guardedPool(pool: pg.Pool, faults: DatabaseFaults): PostgresPool {
  const guards = new WeakMap<pg.PoolClient, GuardedClient>();
  const guardOf = (client: pg.PoolClient) => {
    let g = guards.get(client);
    if (!g) guards.set(client, (g = new GuardedClient(client, faults)));
    return g;
  };
  pool.on('connect', (client) => void guardOf(client as pg.PoolClient));
  // An idle pooled connection that dies is reported here too; pg has already dropped it from the pool.
  pool.on('error', () => undefined);
  return {
    async connect(): Promise<PostgresPoolClient> {
      try {
        return guardOf(await pool.connect());
      } catch (err) {
        // Codes kept as they are (ECONNREFUSED, 57P03 starting up, 28P01 a wrong password: not a fault).
        const fault = typeof (err as { code?: unknown } | null)?.code === 'string' ? err : new ConnectionLostError(err);
        if (databaseFaultOf(fault) === 'unavailable') faults.connectFailed();
        throw fault;
      }
    },
    end: () => pool.end(),
  };
}

class GuardedClient implements PostgresPoolClient {
  #broken: Error | undefined;

  constructor(private readonly client: pg.PoolClient, private readonly faults: DatabaseFaults) {
    client.on('error', (err) => this.#break(err));
  }

  /** Keeps the first error that broke the connection, with a code. */
  #break(err: unknown): Error {
    this.#broken ??= databaseFaultOf(err) === 'unavailable' && err instanceof Error ? err : new ConnectionLostError(err);
    return this.#broken;
  }

  query<R>(sqlText: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') return this.client.query(sqlOrCursor as never) as PostgresCursor<R>; // streamed reads
    const sqlText = sqlOrCursor;
    const rollback = ROLLBACK.test(sqlText);
    if (this.#broken) return rollback ? Promise.resolve(ROLLED_BACK) : Promise.reject(this.#broken);
    const write = isWriteStatement(sqlText);
    return (this.client.query(sqlText, parameters as unknown[]) as unknown as Promise<PostgresQueryResult<R>>).then(
      (result) => {
        if (write) this.faults.writeSucceeded();
        return result;
      },
      (err: unknown) => {
        if (rollback) {
          // Its transaction is in an unknown state: the connection is discarded, which ends it.
          this.#break(err);
          return ROLLED_BACK;
        }
        // pg emits 'error' before it fails the queries, so a connection that died is known here; a query
        // error of its own (a constraint, a syntax error) keeps the connection.
        const fault = databaseFaultOf(err);
        const thrown = this.#broken ? (fault ? err : this.#broken) : err;
        if (fault === 'unavailable') this.#break(err);
        const recorded = databaseFaultOf(thrown);
        if (write && recorded) this.faults.writeFailed(recorded);
        throw thrown;
      },
    );
  }

  release(): void {
    // pg-pool destroys a client released with an error instead of keeping it.
    this.client.release(this.#broken);
  }
}
