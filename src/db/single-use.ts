import type { Kysely, Transaction } from 'kysely';
import type { Db } from './connect.js';
import type { Database } from './tables.js';

/** Tables of one-time tokens stored by hash: refresh tokens, setup tokens, MFA login challenges, SSO login states. */
export type SingleUseTable = 'refresh_tokens' | 'setup_tokens' | 'mfa_challenges' | 'sso_login_states';

/**
 * Marks a one-time token used if it is still unused (and, with `unexpired`, not expired). One
 * conditional UPDATE, so exactly one of racing callers gets `true` on either engine.
 */
export async function consumeOnce(
  ex: Db | Transaction<Database>, table: SingleUseTable, tokenHash: string, now: string, opts: { unexpired: boolean },
): Promise<boolean> {
  let q = (ex as unknown as Kysely<any>).updateTable(table).set({ used_at: now }).where('token_hash', '=', tokenHash).where('used_at', 'is', null);
  if (opts.unexpired) q = q.where('expires_at', '>', now);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
