import { sql } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { Trx } from '../catalog/kind.js';
import { defaultVocabulary, lookupKey, VOCABULARY_NAMES, type Vocabulary, type VocabularyName } from './model.js';

type Executor = Db | Trx;

/** The metrics column that holds each vocabulary's value (severity lives in the document's alert rules). */
const COLUMN: Record<Exclude<VocabularyName, 'severity'>, 'data_classification' | 'status' | 'tier' | 'metric_type'> = {
  data_classification: 'data_classification', status: 'status', tier: 'tier', metric_type: 'metric_type',
};

/** All SQL for the workspace vocabularies (migration 0014). */
export class VocabulariesRepository {
  /** The five vocabularies of a workspace: stored ones as stored, the rest as their defaults. Three reads. */
  async load(ex: Executor, workspaceId: string): Promise<Record<VocabularyName, Vocabulary>> {
    const out = Object.fromEntries(VOCABULARY_NAMES.map((n) => [n, defaultVocabulary(n)])) as Record<VocabularyName, Vocabulary>;
    const heads = await ex.selectFrom('vocabularies').select(['vocabulary', 'closed']).where('workspace_id', '=', workspaceId).execute();
    if (heads.length === 0) return out;
    const stored = new Set<string>();
    for (const h of heads) {
      const v = out[h.vocabulary as VocabularyName];
      if (!v) continue; // a name a later version dropped: ignored, never guessed at
      stored.add(h.vocabulary);
      Object.assign(v, { closed: Number(h.closed) === 1, customized: true, values: [], aliases: [] });
    }
    const values = await ex.selectFrom('vocabulary_values').select(['vocabulary', 'value'])
      .where('workspace_id', '=', workspaceId).orderBy('vocabulary').orderBy('position').execute();
    for (const r of values) if (stored.has(r.vocabulary)) out[r.vocabulary as VocabularyName].values.push(r.value);
    const aliases = await ex.selectFrom('vocabulary_aliases').select(['vocabulary', 'alias', 'value'])
      .where('workspace_id', '=', workspaceId).orderBy('vocabulary').orderBy('alias_key').execute();
    for (const r of aliases) if (stored.has(r.vocabulary)) out[r.vocabulary as VocabularyName].aliases.push({ alias: r.alias, value: r.value });
    return out;
  }

  /** Writes a whole vocabulary (values in order, aliases, open/closed) in place of what was stored. */
  async save(trx: Trx, workspaceId: string, v: Vocabulary, at: string): Promise<void> {
    const scope = (t: 'vocabularies' | 'vocabulary_values' | 'vocabulary_aliases') =>
      trx.deleteFrom(t).where('workspace_id', '=', workspaceId).where('vocabulary', '=', v.name).execute();
    await scope('vocabulary_aliases');
    await scope('vocabulary_values');
    await scope('vocabularies');
    await trx.insertInto('vocabularies').values({ workspace_id: workspaceId, vocabulary: v.name, closed: v.closed ? 1 : 0, updated_at: at }).execute();
    if (v.values.length > 0) {
      await trx.insertInto('vocabulary_values')
        .values(v.values.map((value, position) => ({ workspace_id: workspaceId, vocabulary: v.name, value, value_key: lookupKey(value), position })))
        .execute();
    }
    if (v.aliases.length > 0) {
      await trx.insertInto('vocabulary_aliases')
        .values(v.aliases.map((a) => ({ workspace_id: workspaceId, vocabulary: v.name, alias: a.alias, alias_key: lookupKey(a.alias), value: a.value })))
        .execute();
    }
  }

  /** How many metrics of the workspace hold `value` (any case) in the vocabulary's field. */
  async metricsUsing(ex: Executor, workspaceId: string, name: VocabularyName, value: string): Promise<number> {
    const base = ex.selectFrom('metrics').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', workspaceId);
    const query = name === 'severity'
      // Documents are stored as JSON.stringify writes them: `"severity":"<value, JSON-escaped>"`.
      ? base.where(sql<boolean>`lower(doc) LIKE ${`%${likeEscape(`"severity":${JSON.stringify(lookupKey(value))}`)}%`} ESCAPE '\\'`)
      : base.where(sql<boolean>`lower(${sql.ref(COLUMN[name])}) = ${lookupKey(value)}`);
    return Number((await query.executeTakeFirstOrThrow()).n);
  }
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
