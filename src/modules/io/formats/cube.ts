import { createHash } from 'node:crypto';
import type { ConvertedRecord, ConvertOptions, ConvertResult, DialectConverter, DialectFile } from './types.js';

/**
 * Cube (cube.dev) YAML/JSON data models → MDL metrics. One metric per cube measure; the whole
 * measure stays under extensions["/cube"].measure so nothing is lost.
 * The cube's other fields (dimensions, joins, segments…) are kept ONCE, in extensions["/cube"].cube
 * of the metric of the cube's first measure in file order; every other measure's metric holds only
 * the cube's name/title/sql_table and `cube_context_in: <that metric's id>` (a copy per measure
 * made a 20 kB model hundreds of times bigger in the catalog).
 * Views decision: a view defines no new measures, so it yields no metric; each measure a view
 * includes gets, in extensions["/cube"].views, the view's name, title, description and meta and
 * the view's include entry for it (alias, title, format…). A view that includes no known
 * measure is reported in `skipped` (not silently dropped). File paths stay out of documents
 * (provenance keeps them), so the same model imported from another checkout changes nothing.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const ID_MAX = 128;

/**
 * A source name as an MDL id (/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, at most 128 characters). A name that
 * is already one is kept; any other gets `-` + 8 hex digits of its SHA-256, so names that sanitize
 * alike (`売上`, `利益` → `__`) still give distinct ids, the same on every import.
 */
export function sanitizeId(raw: string): string {
  const body = raw.replace(/[^A-Za-z0-9._:-]/g, '_');
  const id = /^[A-Za-z0-9]/.test(body) ? body : `x${body}`;
  if (id === raw && id.length <= ID_MAX) return id;
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 8);
  return `${id.slice(0, ID_MAX - 9)}-${hash}`;
}

export function cubeJsRefusal(path: string): string {
  return `${path}: Cube JavaScript model files are code, not data; only YAML/JSON models can be converted (rewrite it as YAML).`;
}

const AGG: Record<string, (sql: string) => string> = {
  count: (s) => `COUNT(${s})`,
  count_distinct: (s) => `COUNT(DISTINCT ${s})`,
  count_distinct_approx: (s) => `APPROX_COUNT_DISTINCT(${s})`,
  sum: (s) => `SUM(${s})`,
  avg: (s) => `AVG(${s})`,
  min: (s) => `MIN(${s})`,
  max: (s) => `MAX(${s})`,
  // Cube computes a running total as a cumulative SUM over time.
  running_total: (s) => `SUM(${s}) OVER (ORDER BY <time dimension> ROWS UNBOUNDED PRECEDING)`,
};

function formulaOf(m: Obj): string | undefined {
  const type = str(m.type) ?? 'number';
  const sql = str(m.sql);
  if (type === 'count' && !sql) return 'COUNT(*)';
  if (!sql) return undefined;
  const agg = AGG[type];
  return agg ? agg(sql) : sql; // number, string, time, boolean: the SQL is the formula
}

/** {member}, {CUBE.member}, {other_cube.member} in a measure's SQL → `cube.member` keys. */
export function cubeReferences(sql: string, cube: string): string[] {
  const out: string[] = [];
  for (const m of sql.matchAll(/\{\s*([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?\s*\}/g)) {
    const [, a, b] = m;
    const key = b === undefined ? `${cube}.${a}` : `${a === 'CUBE' ? cube : a}.${b}`;
    if (!out.includes(key)) out.push(key);
  }
  return out;
}

interface Found {
  file: DialectFile;
  ci: number;
  mi: number;
  cube: Obj;
  measure: Obj;
  key: string;
}

export const cubeConverter: DialectConverter = {
  dialect: 'cube',
  detect(doc) {
    return isObj(doc) && (Array.isArray(doc.cubes) || Array.isArray(doc.views));
  },
  convert(files, options?: ConvertOptions): ConvertResult {
    const prefix = options?.idPrefix ?? '';
    const found: Found[] = [];
    const skipped: ConvertResult['skipped'] = [];
    for (const file of files) {
      if (!isObj(file.doc)) continue;
      let count = 0;
      arr(file.doc.cubes).forEach((cube, ci) => {
        if (!isObj(cube) || !str(cube.name)) return;
        arr(cube.measures).forEach((measure, mi) => {
          if (!isObj(measure) || !str(measure.name)) return;
          found.push({ file, ci, mi, cube, measure, key: `${String(cube.name)}.${String(measure.name)}` });
          count++;
        });
      });
      if (count === 0 && arr(file.doc.views).length === 0) skipped.push({ source: file.source, reason: 'no cube measures' });
    }
    const byKey = new Map(found.map((f) => [f.key, f]));
    const idOf = (key: string) => sanitizeId(prefix + key);
    const views = collectViews(files, found, skipped);
    /** Each cube's full context goes with its first measure (found is in file order). */
    const holder = new Map<Obj, Found>();
    for (const f of found) if (!holder.has(f.cube)) holder.set(f.cube, f);

    const records: ConvertedRecord[] = found.map((f) => {
      const cubeName = String(f.cube.name);
      const m = f.measure;
      const { measures: _m, ...cubeRest } = f.cube;
      const raw: Obj = { metric_id: idOf(f.key), name: str(m.title) ?? String(m.name) };
      if (str(m.description)) raw.description = m.description;
      const definition: Obj = {};
      const formula = formulaOf(m);
      if (formula) definition.formula = formula;
      const filters = arr(m.filters).map((x) => (isObj(x) && typeof x.sql === 'string' ? x.sql : x));
      if (filters.length > 0) definition.numerator = { filters };
      if (Object.keys(definition).length > 0) raw.definition = definition;
      const data = dataOf(f.cube);
      if (Object.keys(data).length > 0) raw.data = data;
      const dims = arr(f.cube.dimensions).filter(isObj).map((d) => str(d.name)).filter((n): n is string => !!n);
      if (dims.length > 0) raw.dimensions = dims.map((name) => ({ name }));
      if (str(m.type) === 'number' && str(m.sql)) {
        const ups = cubeReferences(String(m.sql), cubeName).filter((k) => byKey.has(k) && k !== f.key).map(idOf);
        if (ups.length > 0) raw.relationships = { upstream_metric_ids: ups };
      }
      const ext: Obj = { measure: m };
      const held = holder.get(f.cube) as Found;
      if (held === f) ext.cube = cubeRest;
      else {
        const { name, title, sql_table } = f.cube;
        ext.cube = { name, ...(title !== undefined ? { title } : {}), ...(sql_table !== undefined ? { sql_table } : {}) };
        ext.cube_context_in = idOf(held.key);
      }
      const inViews = views.get(f.key);
      if (inViews) ext.views = inViews;
      raw.extensions = { '/cube': ext };
      return {
        kind: 'metric',
        path: `${f.file.source}:cubes[${f.ci}].measures[${f.mi}]`,
        raw,
        provenance: { format: 'cube', source: f.file.source, name: f.key },
      };
    });
    return { records, skipped };
  },
};

function dataOf(cube: Obj): Obj {
  const data: Obj = {};
  const table = str(cube.sql_table);
  const sql = str(cube.sql);
  if (table || sql) data.primary_sources = [{ system: 'cube', table_or_stream: table ?? `sql:${sql!.slice(0, 200)}` }];
  const grains: string[] = [];
  for (const d of arr(cube.dimensions)) {
    if (!isObj(d) || d.type !== 'time') continue;
    for (const g of arr(d.granularities)) {
      const n = isObj(g) ? str(g.name) : undefined;
      if (n && !grains.includes(n)) grains.push(n);
    }
  }
  if (grains.length > 0) data.time_grain = grains;
  return data;
}

/** A view's own fields kept with each measure it includes (its cubes list is the include entries). */
const VIEW_FIELDS = ['title', 'description', 'meta'] as const;

/** measure key → views that include it (with the view's own include entry for context). */
function collectViews(files: DialectFile[], found: Found[], skipped: ConvertResult['skipped']): Map<string, Obj[]> {
  const out = new Map<string, Obj[]>();
  for (const file of files) {
    if (!isObj(file.doc)) continue;
    for (const view of arr(file.doc.views)) {
      if (!isObj(view)) continue;
      const name = str(view.name) ?? '(unnamed view)';
      let hits = 0;
      for (const entry of arr(view.cubes)) {
        if (!isObj(entry)) continue;
        const cube = str(entry.join_path)?.split('.').pop();
        if (!cube) continue;
        const includes = entry.includes;
        const excludes = arr(entry.excludes).map((x) => (isObj(x) ? x.name : x));
        const listed = Array.isArray(includes) ? includes.map((x) => (isObj(x) ? x.name : x)) : null;
        const own: Obj = {};
        for (const k of VIEW_FIELDS) if (view[k] !== undefined) own[k] = view[k];
        for (const f of found) {
          if (String(f.cube.name) !== cube) continue;
          const mname = String(f.measure.name);
          const inc = includes === '*' || (listed?.includes(mname) ?? false);
          if (!inc || excludes.includes(mname)) continue;
          const list = out.get(f.key) ?? [];
          const include = Array.isArray(includes) ? includes.find((x) => isObj(x) && x.name === mname) : undefined;
          list.push({ view: name, ...own, join_path: entry.join_path, ...(entry.prefix !== undefined ? { prefix: entry.prefix } : {}), ...(include !== undefined ? { include } : {}) });
          out.set(f.key, list);
          hits++;
        }
      }
      if (hits === 0) skipped.push({ source: file.source, reason: `view ${name} includes no known cube measure` });
    }
  }
  return out;
}
