import { consumeOnce } from '../../db/single-use.js';
import type { SetupTokensTable } from '../../db/tables.js';
import type { Trx } from '../catalog/kind.js';
import type { Executor } from './users-repository.js';

/** One-time setup tokens, stored only as SHA-256 hashes. Timestamps are ISO strings (they sort as text). */
export class SetupRepository {
  async insert(ex: Executor, row: SetupTokensTable): Promise<void> {
    await ex.insertInto('setup_tokens').values(row).execute();
  }

  async find(ex: Executor, tokenHash: string): Promise<SetupTokensTable | undefined> {
    return ex.selectFrom('setup_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** Marks the token used if it is unused and unexpired; false otherwise (the row lock serialises racing uses). */
  consume(trx: Trx, tokenHash: string, now: string): Promise<boolean> {
    return consumeOnce(trx, 'setup_tokens', tokenHash, now, { unexpired: true });
  }

  /** Burns every other outstanding token: setup happens once. */
  async consumeAll(trx: Trx, now: string): Promise<void> {
    await trx.updateTable('setup_tokens').set({ used_at: now }).where('used_at', 'is', null).execute();
  }
}
