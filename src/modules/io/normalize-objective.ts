import { formatPath } from '../../shared/zod-issues.js';
import { objectiveSchema, type Objective } from '../objectives/schema.js';
import { childPointer, getOwn, isPlainObject, jsonEqual, setOwn, type PlainObject } from './json-pointer.js';
import { forEachItem, moveAlias, normalizeWith, renameField, type NormalizeResult } from './normalize-core.js';

/**
 * Objective file form → canonical objective:
 *   title → name, owner → owner_team, start_date → timeframe.start, end_date → timeframe.end
 *   key_results[].metric_id → metric_ids (appended when absent from metric_ids; "" / null → [])
 *   key_results[].progress_percentage → reported_progress_percentage
 * A KR's `progress` is server-computed (an export carries it): dropped on input, recomputed on write.
 * A KR whose kr_id is missing, null or "" gets `${objective_id}-KR${n}` (n = 1-based position in
 * key_results) when objective_id is a non-empty string; otherwise validation reports the empty kr_id.
 */
function mapObjectiveAliases(doc: PlainObject, ext: PlainObject): void {
  renameField(doc, 'title', 'name', '', ext);
  renameField(doc, 'owner', 'owner_team', '', ext);
  mapTimeframe(doc, ext);

  const objectiveId = getOwn(doc, 'objective_id');
  forEachItem(doc, 'key_results', (kr, i) => {
    const at = `/key_results/${i}`;
    mapKrMetricId(kr, at, ext);
    delete kr.progress;
    renameField(kr, 'progress_percentage', 'reported_progress_percentage', at, ext);
    const krId = getOwn(kr, 'kr_id');
    if ((krId === undefined || krId === null || krId === '') && typeof objectiveId === 'string' && objectiveId !== '') {
      setOwn(kr, 'kr_id', `${objectiveId}-KR${i + 1}`);
    }
  });
}

function mapTimeframe(doc: PlainObject, ext: PlainObject): void {
  for (const [alias, field] of [['start_date', 'start'], ['end_date', 'end']] as const) {
    if (!Object.hasOwn(doc, alias)) continue;
    let timeframe = getOwn(doc, 'timeframe');
    if (timeframe === undefined || timeframe === null) {
      timeframe = {};
      doc.timeframe = timeframe;
    }
    if (isPlainObject(timeframe)) {
      moveAlias(doc, alias, timeframe, field, childPointer('', alias), ext);
    } else {
      // Malformed timeframe: validation reports it; the date is kept rather than lost.
      setOwn(ext, childPointer('', alias), doc[alias]);
      delete doc[alias];
    }
  }
}

function mapKrMetricId(kr: PlainObject, at: string, ext: PlainObject): void {
  if (!Object.hasOwn(kr, 'metric_id')) return;
  const metricId = kr.metric_id;
  delete kr.metric_id;
  const list = getOwn(kr, 'metric_ids');
  const blank = metricId === null || metricId === '';
  if (list === undefined || list === null) {
    kr.metric_ids = blank ? [] : [metricId];
  } else if (Array.isArray(list)) {
    if (!blank && !list.some((m) => jsonEqual(m, metricId))) list.push(metricId);
  } else {
    setOwn(ext, childPointer(at, 'metric_id'), metricId);
  }
}

/** `path` prefixes issue paths, e.g. `objectives[1]` → `objectives[1].key_results[0].kr_id`. */
export function normalizeObjective(raw: unknown, path = ''): NormalizeResult<Objective> {
  const result = normalizeWith(objectiveSchema, mapObjectiveAliases, raw, path);
  if (!result.ok) return result;
  // Generated KR ids can collide with explicit ones; updates address KRs by id, so refuse duplicates.
  const seen = new Map<string, number>();
  const issues = (result.value.key_results ?? []).flatMap((kr, i) => {
    const first = seen.get(kr.kr_id);
    if (first === undefined) {
      seen.set(kr.kr_id, i);
      return [];
    }
    return [{ path: formatPath(['key_results', i, 'kr_id'], path), message: `duplicate kr_id "${kr.kr_id}" (also key_results[${first}])` }];
  });
  return issues.length > 0 ? { ok: false, issues } : result;
}
