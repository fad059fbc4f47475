import { sql } from 'kysely';
import type { Db } from '../../db/connect.js';
import { engineOf } from '../../db/dialect.js';
import type { SigningKeysTable } from '../../db/tables.js';
import type { SecretBox } from '../../shared/secret-box.js';
import type { Trx } from '../catalog/kind.js';
import { resealRows, takeSqliteWriteLock, type ResealReport } from '../secrets/reseal.js';

export type SigningKeyRow = SigningKeysTable;

/** What a private key (`private_jwk`, sealed with the SecretBox) is bound to: its own row. */
export function signingKeyContext(kid: string): string {
  return `signing-key:${kid}`;
}

/** A row without its private half, for listings. */
export type SigningKeySummaryRow = Omit<SigningKeysTable, 'private_jwk'>;

/**
 * Signing keys of access tokens. Creation and rotation are serialised across instances: on
 * PostgreSQL by an EXCLUSIVE table lock (plain reads still run), on SQLite by the single writer.
 */
export class SigningKeysRepository {
  constructor(private readonly db: Db) {}

  /** Keys that are not retired, or were retired after `retiredAfter` (ISO); newest first. */
  async listVerifiable(retiredAfter: string): Promise<SigningKeyRow[]> {
    return this.db
      .selectFrom('signing_keys')
      .selectAll()
      .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', retiredAfter)]))
      .orderBy('created_at', 'desc')
      .orderBy('kid', 'desc')
      .execute();
  }

  /** Every key, newest first, never the private half. */
  async listAll(): Promise<SigningKeySummaryRow[]> {
    return this.db
      .selectFrom('signing_keys')
      .select(['kid', 'alg', 'public_jwk', 'created_at', 'retired_at'])
      .orderBy('created_at', 'desc')
      .orderBy('kid', 'desc')
      .execute();
  }

  /**
   * Inserts `row` only when no key is signing yet (one conditional statement, under the lock).
   * Returns whether it was inserted; a concurrent creator may have won, so the caller re-reads.
   */
  async insertIfNoneActive(row: SigningKeyRow): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await this.lock(trx);
      const text = (v: string) => sql<string>`cast(${v} as text)`;
      const r = await trx
        .insertInto('signing_keys')
        .columns(['kid', 'alg', 'public_jwk', 'private_jwk', 'created_at'])
        .expression(
          trx
            .selectNoFrom([
              text(row.kid).as('kid'),
              text(row.alg).as('alg'),
              text(row.public_jwk).as('public_jwk'),
              text(row.private_jwk).as('private_jwk'),
              text(row.created_at).as('created_at'),
            ])
            .where((w) => w.not(w.exists(w.selectFrom('signing_keys').select('kid').where('retired_at', 'is', null)))),
        )
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    });
  }

  /** In one transaction: retires every signing key at `now` and inserts `row` as the new one. */
  async rotate(row: SigningKeyRow, now: string): Promise<string[]> {
    return this.db.transaction().execute(async (trx) => {
      await this.lock(trx);
      // A write first, so SQLite takes the write lock before it reads anything.
      const retired = await trx
        .updateTable('signing_keys')
        .set({ retired_at: now })
        .where('retired_at', 'is', null)
        .returning('kid')
        .execute();
      await trx.insertInto('signing_keys').values({ ...row, retired_at: null }).execute();
      return retired.map((r) => r.kid);
    });
  }

  /**
   * Re-seals every private key that is in clear or sealed by an older key, in one transaction under
   * the same lock as rotation (another instance's reads still run, and still open what they read).
   */
  async resealPrivateKeys(box: SecretBox): Promise<ResealReport> {
    return this.db.transaction().execute(async (trx) => {
      await this.lock(trx);
      await takeSqliteWriteLock(trx, 'signing_keys', 'private_jwk');
      const rows = await trx.selectFrom('signing_keys').select(['kid', 'private_jwk']).orderBy('kid').execute();
      return resealRows(box, 'signing_keys', rows, (r) => ({ id: `kid ${r.kid}`, value: r.private_jwk, context: signingKeyContext(r.kid) }), async (r, sealed) => {
        await trx.updateTable('signing_keys').set({ private_jwk: sealed }).where('kid', '=', r.kid).where('private_jwk', '=', r.private_jwk).execute();
      });
    });
  }

  private async lock(trx: Trx): Promise<void> {
    if (engineOf(trx) === 'postgres') await sql`LOCK TABLE signing_keys IN EXCLUSIVE MODE`.execute(trx);
  }
}
