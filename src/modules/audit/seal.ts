import type { Kysely } from 'kysely';
import type { Trx } from '../catalog/kind.js';
import { chain, GENESIS_HASH } from './chain.js';
import { AuditRepository } from './repository.js';

const PAGE = 1000;

/**
 * Links the events written before the hash chain existed (both columns NULL), for migration 0002's
 * `up()` right after it adds the columns. Only workspaces with no chained event are touched, so this
 * never rewrites a hash (a tool that could would also launder tampering). Returns the events sealed.
 * Events sealed this way are protected from then on; the chain cannot vouch for them before that.
 */
export async function sealUnchainedEvents(db: Kysely<any>): Promise<number> {
  const trx = db as unknown as Trx;
  const repo = new AuditRepository();
  let sealed = 0;
  for (const workspaceId of await repo.workspaceIds(trx)) {
    if (await repo.hasChained(trx, workspaceId)) continue;
    let prev = GENESIS_HASH;
    let afterId = 0;
    for (;;) {
      const rows = await repo.pageAfter(trx, workspaceId, afterId, PAGE);
      if (rows.length === 0) break;
      const linked = chain(prev, rows);
      await repo.setLinks(trx, linked);
      sealed += linked.length;
      prev = linked[linked.length - 1]!.hash;
      afterId = rows[rows.length - 1]!.id;
    }
  }
  return sealed;
}
