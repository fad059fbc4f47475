import { classifySingle } from '../detect.js';
import { sanitizeId } from './cube.js';
import { arr, isObj, readProject, str, text, type DbtProject, type MetricEntry, type Obj, type SemanticModel } from './dbt-project.js';
import type { ConvertedRecord, ConvertOptions, ConvertResult, DialectConverter } from './types.js';

/**
 * dbt MetricFlow (released and latest spec, dbt-project.ts) → MDL metrics, one per dbt metric.
 * - name → metric_id (under the id prefix), label → name, type → metric_type, filters →
 *   definition.numerator.filters; a measure's agg + expr → formula; ratio numerator/denominator →
 *   definition.numerator/denominator; a derived metric's expr → formula, its input metrics →
 *   upstream lineage; the semantic models it reads → primary sources, dimensions, time grain;
 *   its `group` (or its semantic models' single group) → owners from the `groups:` file.
 * - The whole metric as written, and the measures it reads directly, stay under extensions["/dbt"].
 *   Each semantic model's definition is kept ONCE, with the first metric reading it directly (project
 *   order), beside the model's measures no metric uses (`unused_measures`); every other metric reading
 *   it names it and that metric (`definition_in: <metric id>`), so a model is not copied per metric.
 *   A model no metric reads is listed in `skipped`, so nothing goes unmentioned.
 * - A saved query is kept under extensions["/dbt"].saved_queries of every metric it queries; one
 *   that queries no metric of the batch is listed in `skipped`.
 * - File paths stay out of documents (provenance keeps them): the same project imported from
 *   another path or checkout changes nothing.
 * - A measure or metric that the batch does not define is kept as an (unresolved) upstream reference.
 */

const DBT_TYPES = new Set(['simple', 'ratio', 'derived', 'cumulative', 'conversion']);
const METRIC_MARKERS = ['type_params', 'input_metrics', 'input_metric', 'label', 'numerator', 'base_metric', 'agg'];
/** Top-level lists of a dbt properties file (schema.yml). */
const PROPERTY_KEYS = ['models', 'sources', 'seeds', 'snapshots', 'exposures', 'macros', 'analyses', 'unit_tests', 'saved_queries'];
/** Every top-level key a dbt YAML file may hold. */
const DBT_KEYS = new Set([...PROPERTY_KEYS, 'version', 'semantic_models', 'metrics', 'groups']);
/** Lists only dbt names so (`models:` or `sources:` alone may be anyone's). */
const DBT_ONLY_LISTS = ['exposures', 'unit_tests', 'snapshots'];

const own = (o: Obj, k: string) => Object.hasOwn(o, k);
const looksLikeDbtMetric = (m: unknown) =>
  isObj(m) && !own(m, 'metric_id') && ((typeof m.type === 'string' && DBT_TYPES.has(m.type)) || METRIC_MARKERS.some((k) => own(m, k)));

export function detectDbt(doc: unknown): boolean {
  if (!isObj(doc)) return false;
  // Other tools' documents, and anything MDL's reader takes.
  if (Array.isArray(doc.cubes) || Array.isArray(doc.views) || Array.isArray(doc.semantic_model)) return false;
  if (classifySingle(doc) !== null || own(doc, 'catalog_version') || own(doc, 'catalog_name') || own(doc, 'domains') || own(doc, 'objectives')) return false;
  const metrics = arr(doc.metrics);
  if (metrics.some((m) => isObj(m) && own(m, 'metric_id'))) return false;
  if (Array.isArray(doc.semantic_models) || metrics.some(looksLikeDbtMetric)) return true;
  if (arr(doc.groups).some((g) => isObj(g) && str(g.name) && isObj(g.owner))) return true;
  if (arr(doc.models).some((m) => isObj(m) && (own(m, 'semantic_model') || Array.isArray(m.metrics)))) return true;
  if (Array.isArray(doc.saved_queries)) return true;
  // A schema.yml with tests, sources or exposures only, or a `version: 2` file of dbt keys only, or
  // (dbt ≥ 1.5 does not ask for `version: 2`) a file of dbt keys with a list no other tool uses:
  // claimed, so it is skipped with a dbt reason rather than refused as an unknown MDL shape.
  const onlyDbt = Object.keys(doc).every((k) => DBT_KEYS.has(k));
  if (doc.version === 2) return onlyDbt || PROPERTY_KEYS.some((k) => Array.isArray(doc[k]));
  return onlyDbt && DBT_ONLY_LISTS.some((k) => Array.isArray(doc[k]));
}

interface Ref {
  name: string;
  filters: unknown[];
  entry: Obj;
}

function filtersOf(f: unknown): unknown[] {
  const list = Array.isArray(f) ? f : f === undefined || f === null ? [] : [f];
  return list.map((x) => (typeof x === 'string' ? x.trim() : (text(x) ?? x))).filter((x) => x !== '' && x !== null);
}

function refOf(v: unknown): Ref | undefined {
  if (str(v)) return { name: v as string, filters: [], entry: { name: v } };
  if (isObj(v) && str(v.name)) return { name: String(v.name), filters: filtersOf(v.filter), entry: v };
  return undefined;
}

/** A measure's (or latest-spec simple metric's) aggregation as SQL. */
export function aggSql(m: Obj, fallbackExpr: string): string | undefined {
  const agg = str(m.agg)?.toLowerCase();
  if (!agg) return undefined;
  const e = text(m.expr) ?? fallbackExpr;
  const ap = isObj(m.agg_params) ? m.agg_params : {};
  switch (agg) {
    case 'sum': return `SUM(${e})`;
    case 'min': return `MIN(${e})`;
    case 'max': return `MAX(${e})`;
    case 'average': case 'avg': return `AVG(${e})`;
    case 'median': return `MEDIAN(${e})`;
    case 'count': return `COUNT(${e})`;
    case 'count_distinct': return `COUNT(DISTINCT ${e})`;
    case 'sum_boolean': return `SUM(CASE WHEN ${e} THEN 1 ELSE 0 END)`;
    case 'percentile': {
      const raw = Number(ap.percentile ?? m.percentile);
      // The latest spec writes 95.0 where the released one wrote 0.95.
      const p = Number.isFinite(raw) ? (raw > 1 ? raw / 100 : raw) : '?';
      const discrete = ap.use_discrete_percentile === true || m.percentile_type === 'discrete';
      const fn = ap.use_approximate_percentile === true ? 'APPROX_PERCENTILE' : discrete ? 'PERCENTILE_DISC' : 'PERCENTILE_CONT';
      return `${fn}(${p}) WITHIN GROUP (ORDER BY ${e})`;
    }
    default: return `${agg.toUpperCase()}(${e})`;
  }
}

interface Read {
  model: SemanticModel;
  aggTime?: string;
}

interface Analysis {
  type: string;
  formula?: string;
  detail: string[];
  numerator?: Obj;
  denominator?: Obj;
  /** Metrics it is computed from (upstream lineage). */
  metricRefs: string[];
  unresolvedMeasures: string[];
  /** The semantic models it reads itself, with the measures of them it uses. */
  direct: Array<{ model: SemanticModel; measures: Obj[]; aggTime?: string }>;
  inputs?: Obj[];
}

function inferType(p: Obj): string {
  if (p.numerator !== undefined) return 'ratio';
  if (p.conversion_type_params !== undefined || p.base_metric !== undefined || p.base_measure !== undefined) return 'conversion';
  if (p.input_metric !== undefined || p.window !== undefined || p.grain_to_date !== undefined || p.cumulative_type_params !== undefined) return 'cumulative';
  if (p.input_metrics !== undefined || p.metrics !== undefined) return 'derived';
  return 'simple';
}

class Mapper {
  private readonly byName = new Map<string, MetricEntry>();
  /** measure name → the unfiltered simple metrics built on it. */
  private readonly onMeasure = new Map<string, MetricEntry[]>();
  private readonly memo = new Map<MetricEntry, Analysis>();
  private readonly visiting = new Set<MetricEntry>();
  readonly usedMeasures = new Set<Obj>();
  /** semantic model → the metric that holds its definition (the first reading it directly). */
  private holders?: Map<SemanticModel, MetricEntry>;
  /** metric name → the saved queries that query it. */
  private readonly queries = new Map<string, Obj[]>();
  /** Saved queries that query no metric of the batch. */
  readonly strayQueries: Array<{ source: string; name: string }> = [];

  constructor(private readonly project: DbtProject, private readonly prefix: string) {
    for (const m of project.metrics) {
      if (!this.byName.has(m.name)) this.byName.set(m.name, m);
      const measure = refOf(m.params.measure)?.name;
      const filtered = m.metric.filter !== undefined || (isObj(m.params.measure) && m.params.measure.filter !== undefined);
      if (!measure || filtered || (str(m.metric.type) ?? 'simple') !== 'simple') continue;
      const list = this.onMeasure.get(measure);
      if (list) list.push(m);
      else this.onMeasure.set(measure, [m]);
    }
    for (const { query, source } of project.savedQueries) {
      const qp = isObj(query.query_params) ? query.query_params : query;
      const names = [...new Set(arr(qp.metrics).map((x) => refOf(x)?.name).filter((n): n is string => !!n && this.byName.has(n)))];
      if (names.length === 0) this.strayQueries.push({ source, name: text(query.name) ?? '(unnamed)' });
      for (const n of names) {
        const list = this.queries.get(n);
        if (list) list.push(query);
        else this.queries.set(n, [query]);
      }
    }
  }

  /** The metric holding a model's definition; analyzing every metric first also completes usedMeasures. */
  holderOf(model: SemanticModel): MetricEntry | undefined {
    if (!this.holders) {
      const holders = new Map<SemanticModel, MetricEntry>();
      for (const m of this.project.metrics) for (const d of this.analyze(m).direct) if (!holders.has(d.model)) holders.set(d.model, m);
      this.holders = holders;
    }
    return this.holders.get(model);
  }

  idOf = (name: string) => sanitizeId(this.prefix + name);

  analyze(entry: MetricEntry): Analysis {
    const done = this.memo.get(entry);
    if (done) return done;
    if (this.visiting.has(entry)) return { type: 'simple', detail: [], metricRefs: [], unresolvedMeasures: [], direct: [] }; // a cycle
    this.visiting.add(entry);
    const a = this.compute(entry);
    this.visiting.delete(entry);
    this.memo.set(entry, a);
    return a;
  }

  private compute(entry: MetricEntry): Analysis {
    const { metric, params: p } = entry;
    const type = str(metric.type) ?? inferType(p);
    const a: Analysis = { type, detail: [], metricRefs: [], unresolvedMeasures: [], direct: [] };
    const filters = filtersOf(metric.filter);
    const aggTime = str(metric.agg_time_dimension) ?? str(p.agg_time_dimension);
    /** A measure input: its formula and semantic model, else an unresolved reference. */
    const measure = (ref: Ref | undefined): string | undefined => {
      if (!ref) return undefined;
      const hit = this.project.measures.get(ref.name);
      if (!hit) {
        a.unresolvedMeasures.push(ref.name);
        a.metricRefs.push(ref.name);
        return undefined;
      }
      this.usedMeasures.add(hit.measure);
      const at = aggTime ?? str(hit.measure.agg_time_dimension) ?? hit.model.aggTime;
      const d = a.direct.find((x) => x.model === hit.model);
      if (d) d.measures.push(hit.measure);
      else a.direct.push({ model: hit.model, measures: [hit.measure], aggTime: at });
      if (hit.measure.non_additive_dimension !== undefined) a.detail.push(`not additive over ${nonAdditive(hit.measure.non_additive_dimension)}`);
      return aggSql(hit.measure, ref.name);
    };
    /** The metric built on a measure, when it is the one named like it (or the only one on it): lineage in both specs alike. */
    const metricOnMeasure = (name: string) => {
      const m = this.byName.get(name);
      if (m && m !== entry) return a.metricRefs.push(name);
      const on = (this.onMeasure.get(name) ?? []).filter((x) => x !== entry);
      if (on.length === 1) a.metricRefs.push((on[0] as MetricEntry).name);
    };
    const metricFormula = (name: string) => {
      const m = this.byName.get(name);
      return m ? this.analyze(m).formula : undefined;
    };

    if (type === 'simple' || type === 'cumulative') {
      const mref = refOf(p.measure);
      if (mref) {
        a.formula = measure(mref);
        filters.push(...mref.filters);
        if (type === 'cumulative' && this.project.measures.has(mref.name)) metricOnMeasure(mref.name);
      } else if (type === 'simple' && str(p.agg)) {
        a.formula = aggSql(p, entry.name);
        if (entry.model) a.direct.push({ model: entry.model, measures: [], aggTime: aggTime ?? entry.model.aggTime });
        if (p.non_additive_dimension !== undefined) a.detail.push(`not additive over ${nonAdditive(p.non_additive_dimension)}`);
      }
      const input = refOf(p.input_metric);
      if (input) {
        a.metricRefs.push(input.name);
        a.formula ??= metricFormula(input.name);
        filters.push(...input.filters);
      }
      if (type === 'cumulative') {
        const c = isObj(p.cumulative_type_params) ? p.cumulative_type_params : p;
        const window = text(c.window) ?? text(p.window);
        const grain = text(c.grain_to_date) ?? text(p.grain_to_date);
        const agg = text(c.period_agg);
        a.detail.push(`cumulative ${window ? `over a window of ${window}` : grain ? `${grain} to date` : 'over all time'}${agg ? `, ${agg} value per period` : ''}`);
      }
      if (filters.length > 0) a.numerator = { filters };
    } else if (type === 'ratio') {
      const num = refOf(p.numerator);
      const den = refOf(p.denominator);
      if (num) {
        a.metricRefs.push(num.name);
        a.numerator = eventSpec(num.name, [...filters, ...num.filters]);
      }
      if (den) {
        a.metricRefs.push(den.name);
        a.denominator = eventSpec(den.name, [...filters, ...den.filters]);
      }
      if (num && den) a.formula = `${num.name} / ${den.name}`;
    } else if (type === 'derived') {
      a.formula = text(p.expr);
      a.inputs = arr(p.input_metrics ?? p.metrics).map(refOf).filter((r): r is Ref => !!r).map((r) => {
        a.metricRefs.push(r.name);
        const e = r.entry;
        const ow = text(e.offset_window);
        const og = text(e.offset_to_grain);
        if (ow || og) a.detail.push(`${text(e.alias) ?? r.name} = ${r.name} ${ow ? `${ow} earlier` : `at the start of the ${og}`}`);
        return { ...e, metric_id: this.idOf(r.name) };
      });
      if (filters.length > 0) a.numerator = { filters };
    } else if (type === 'conversion') {
      const c = isObj(p.conversion_type_params) ? p.conversion_type_params : p;
      const side = (measureKey: string, metricKey: string): Ref | undefined => {
        const mref = refOf(c[measureKey]);
        if (mref) {
          measure(mref);
          if (this.project.measures.has(mref.name)) metricOnMeasure(mref.name);
          return mref;
        }
        const r = refOf(c[metricKey]);
        if (r) a.metricRefs.push(r.name);
        return r;
      };
      const base = side('base_measure', 'base_metric');
      const conv = side('conversion_measure', 'conversion_metric');
      const calc = text(c.calculation) ?? 'conversion_rate';
      if (conv) a.numerator = eventSpec(conv.name, [...filters, ...conv.filters]);
      if (base) a.denominator = eventSpec(base.name, [...filters, ...base.filters]);
      if (conv) a.formula = calc === 'conversions' || !base ? conv.name : `${conv.name} / ${base.name}`;
      const props = arr(c.constant_properties).filter(isObj).map((x) => text(x.base_property)).filter(Boolean);
      const window = text(c.window);
      a.detail.push(`${calc} from ${base?.name ?? '?'} to ${conv?.name ?? '?'} per ${text(c.entity) ?? '?'}${window ? ` within ${window}` : ''}${props.length > 0 ? `, same ${props.join(', ')}` : ''}`);
    } else {
      a.formula = text(p.expr);
      if (filters.length > 0) a.numerator = { filters };
    }
    a.metricRefs = [...new Set(a.metricRefs)].filter((n) => n !== entry.name);
    return a;
  }

  /** The semantic models a metric reads, through its input metrics too. */
  reads(entry: MetricEntry, seen = new Set<MetricEntry>()): Read[] {
    if (seen.has(entry)) return [];
    seen.add(entry);
    const a = this.analyze(entry);
    const out: Read[] = a.direct.map((d) => ({ model: d.model, aggTime: d.aggTime }));
    for (const n of a.metricRefs) {
      const m = this.byName.get(n);
      if (m) out.push(...this.reads(m, seen));
    }
    return out.filter((r, i) => out.findIndex((x) => x.model === r.model && x.aggTime === r.aggTime) === i);
  }

  record(entry: MetricEntry): ConvertedRecord {
    const a = this.analyze(entry);
    const { metric } = entry;
    const raw: Obj = { metric_id: this.idOf(entry.name), name: text(metric.label) ?? entry.name };
    if (str(metric.description)) raw.description = metric.description;
    raw.metric_type = a.type;
    const definition: Obj = {};
    if (a.formula) definition.formula = a.formula;
    if (a.detail.length > 0) definition.formula_detail = a.detail.join('; ');
    if (a.numerator) definition.numerator = a.numerator;
    if (a.denominator) definition.denominator = a.denominator;
    if (Object.keys(definition).length > 0) raw.definition = definition;

    const reads = this.reads(entry);
    const models = [...new Set(reads.map((r) => r.model))];
    const data: Obj = {};
    const tables = [...new Set(models.map((m) => m.table).filter((t): t is string => !!t))];
    // Capped at the schema's list sizes: a metric over many models keeps the rest through its inputs.
    if (tables.length > 0) data.primary_sources = tables.slice(0, 100).map((t) => ({ system: 'dbt', table_or_stream: t.slice(0, 500) }));
    const grains = [...new Set(reads.map((r) => (r.aggTime ? r.model.grains.get(r.aggTime) : undefined)).filter((g): g is string => !!g))];
    if (grains.length > 0) data.time_grain = grains;
    if (Object.keys(data).length > 0) raw.data = data;
    const dims = [...new Set(models.flatMap((m) => m.dimensions))];
    if (dims.length > 0) raw.dimensions = dims.slice(0, 200).map((name) => ({ name: name.slice(0, 500) }));

    const groups = [...new Set(models.map((m) => m.group).filter(Boolean))];
    const groupName = str(metric.group) ?? (isObj(metric.config) ? str(metric.config.group) : undefined) ?? (groups.length === 1 ? groups[0] : undefined);
    const group = groupName ? this.project.groups.get(groupName) : undefined;
    if (groupName) {
      const owner = group && isObj(group.group.owner) ? group.group.owner : {};
      const governance: Obj = { owner_team: text(owner.name) ?? groupName };
      if (text(owner.email)) governance.business_owner = text(owner.email);
      raw.governance = governance;
    }
    if (a.metricRefs.length > 0) raw.relationships = { upstream_metric_ids: a.metricRefs.map(this.idOf) };

    const ext: Obj = { spec: entry.spec, metric };
    if (entry.fromMeasure) ext.created_from_measure = true;
    if (a.direct.length > 0) {
      ext.semantic_models = a.direct.map((d) => {
        const measures = d.measures.length > 0 ? { measures: d.measures } : {};
        const holder = this.holderOf(d.model) as MetricEntry;
        if (holder !== entry) return { name: d.model.name, definition_in: this.idOf(holder.name), ...measures };
        const unused = [...d.model.measures.values()].filter((m) => !this.usedMeasures.has(m));
        return { name: d.model.name, definition: d.model.context, ...measures, ...(unused.length > 0 ? { unused_measures: unused } : {}) };
      });
    }
    const queries = this.queries.get(entry.name);
    if (queries) ext.saved_queries = queries;
    if (a.inputs && a.inputs.length > 0) ext.inputs = a.inputs;
    if (a.unresolvedMeasures.length > 0) ext.unresolved_measures = a.unresolvedMeasures;
    if (groupName) ext.group = group ? group.group : { name: groupName };
    raw.extensions = { '/dbt': ext };
    return { kind: 'metric', path: entry.path, raw, provenance: { format: 'dbt', source: entry.source, name: entry.name } };
  }
}

const eventSpec = (name: string, filters: unknown[]): Obj => (filters.length > 0 ? { event_name: name, filters } : { event_name: name });

function nonAdditive(v: unknown): string {
  if (!isObj(v)) return text(v) ?? '?';
  const how = text(v.window_choice) ?? text(v.window_agg);
  return `${text(v.name) ?? '?'}${how ? ` (${how})` : ''}`;
}

export const dbtConverter: DialectConverter = {
  dialect: 'dbt',
  detect: detectDbt,
  convert(files, options?: ConvertOptions): ConvertResult {
    const project = readProject(files);
    const mapper = new Mapper(project, options?.idPrefix ?? '');
    const records = project.metrics.map((m) => mapper.record(m));
    const skipped: ConvertResult['skipped'] = [
      ...project.empty.map((source) => ({ source, reason: 'no dbt semantic models, metrics or groups (tests, sources and docs are not imported)' })),
      ...project.notes,
      ...mapper.strayQueries.map(({ source, name }) => ({ source, reason: `saved query ${name} queries no metric of this import (not imported)` })),
    ];
    for (const model of project.models) {
      // A model some metric reads is kept whole, its unused measures too (Mapper.record).
      if (mapper.holderOf(model)) continue;
      const unused = [...model.measures].filter(([, m]) => !mapper.usedMeasures.has(m)).map(([n]) => n);
      if (unused.length > 0) {
        skipped.push({ source: model.source, reason: `semantic model ${model.name}: measure${unused.length > 1 ? 's' : ''} ${unused.join(', ')} used by no metric (not imported)` });
      }
    }
    return { records, skipped };
  },
};
