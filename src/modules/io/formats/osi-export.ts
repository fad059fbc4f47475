import type { Metric } from '../../metrics/schema.js';
import type { OsiExtension } from './osi.js';

/**
 * MDL metrics → one Apache Ossie document (vendor/osi/osi-schema.json, version 0.2.0.dev0).
 * A metric imported from OSI (extensions["/osi"]) writes back its original metric, in a semantic
 * model named like its source model (the OSI import builds ids from the model's name, so a re-import
 * gives the same ids); the model's first metric holds the whole source model (every dataset,
 * relationship and field), which comes back with it. Any other metric is built from its formula (as
 * ANSI_SQL, its plain-SQL filters applied), sources (datasets) and dimensions (fields of its first
 * dataset), in the model named by `opts.name`, and carries its MDL id, name, datasets and the MDL
 * fields OSI cannot hold in an `MDL` custom extension (osi.ts reads them back).
 *
 * OSI requires an expression, so a metric without a formula cannot be written: it is left out, told to
 * `onOmit`, and listed with why in its model's `MDL` custom extension ({"omitted_metrics": [...]}), so
 * the document itself says what it lacks. Datasets and relationships are merged by name (first wins).
 */

export interface ToOsiOptions {
  /** Name of the semantic model that holds the metrics not imported from OSI. */
  name: string;
  description?: string;
  /** Told of each metric left out, as it is left out. */
  onOmit?: (omitted: OmittedMetric) => void;
}

export interface OmittedMetric {
  metric_id: string;
  reason: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export const OSI_VERSION = '0.2.0.dev0';
/** vendor_name of MDL's own custom extensions (metric id and name; a model's omitted metrics). */
export const MDL_VENDOR = 'MDL';
export const NO_FORMULA = 'no formula: an OSI metric requires an expression';

const sql = (expression: string) => ({ dialects: [{ dialect: 'ANSI_SQL', expression }] });

function datasetName(table: string): string {
  return table.replace(/[^A-Za-z0-9_]/g, '_');
}

interface Model {
  rest: Obj;
  /** Where rest came from: the model held by its first metric, or (older imports) any metric's copy. */
  restFrom?: 'held' | 'copy';
  order: string[];
  metricOrder: string[];
  datasets: Map<string, Obj>;
  relationships: Map<string, Obj>;
  metrics: Obj[];
  omitted: OmittedMetric[];
}

const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

export function toOsi(metrics: Iterable<Metric>, opts: ToOsiOptions): unknown {
  const models = new Map<string, Model>();
  const modelNamed = (name: string): Model => {
    let model = models.get(name);
    if (!model) models.set(name, (model = { rest: {}, order: [], metricOrder: [], datasets: new Map(), relationships: new Map(), metrics: [], omitted: [] }));
    return model;
  };
  const addDataset = (model: Model, ds: Obj) => {
    const key = String(ds.name);
    if (!model.datasets.has(key)) model.datasets.set(key, ds);
  };
  const addRelationships = (model: Model, rels: Obj[]) => {
    for (const r of rels) if (!model.relationships.has(String(r.name))) model.relationships.set(String(r.name), r);
  };
  for (const m of metrics) {
    const osi = m.extensions?.['/osi'] as OsiExtension | undefined;
    if (isObj(osi) && isObj(osi.metric)) {
      const held = isObj(osi.semantic_model) ? osi.semantic_model : undefined;
      const name = typeof osi.model === 'string' ? osi.model : typeof held?.name === 'string' ? held.name : opts.name;
      const model = modelNamed(name);
      model.metrics.push(osi.metric);
      if (held && Array.isArray(osi.metric_order)) {
        // The model's first metric holds the whole source model: every dataset and relationship of it.
        // Two files may each hold a model of one name: the first gives its fields, both their datasets.
        if (model.restFrom !== 'held') [model.restFrom, model.rest, model.order, model.metricOrder] = ['held', held, [], []];
        const add = (list: string[], names: string[]) => names.forEach((n) => !list.includes(n) && list.push(n));
        add(model.order, objs(held.datasets).map((d) => String(d.name)));
        add(model.metricOrder, strings(osi.metric_order));
        objs(held.datasets).forEach((ds) => addDataset(model, ds));
        addRelationships(model, objs(held.relationships));
      } else if (model.restFrom === undefined && Array.isArray(osi.dataset_order)) {
        model.restFrom = 'copy';
        model.rest = held ?? {};
        model.order = strings(osi.dataset_order);
      }
      objs(osi.datasets).forEach((ds) => addDataset(model, ds));
      addRelationships(model, objs(osi.relationships));
      continue;
    }
    const model = modelNamed(opts.name);
    const formula = m.definition?.formula;
    if (!formula) {
      const omitted = { metric_id: m.metric_id, reason: NO_FORMULA };
      model.omitted.push(omitted);
      opts.onOmit?.(omitted);
      continue;
    }
    model.metrics.push(builtMetric(m, formula));
    const sources = (m.data?.primary_sources ?? []).filter((s) => s.table_or_stream);
    sources.forEach((s, i) => {
      const table = String(s.table_or_stream);
      const ds: Obj = { name: datasetName(table), source: table };
      if (i === 0 && m.dimensions && m.dimensions.length > 0) {
        ds.fields = m.dimensions.map((d) => ({ name: d.name, expression: sql(d.name), dimension: {} }));
      }
      const existing = model.datasets.get(String(ds.name));
      if (existing && ds.fields) model.datasets.set(String(ds.name), mergeFields(existing, ds.fields as Obj[]));
      else addDataset(model, ds);
    });
  }
  if (models.size === 0) modelNamed(opts.name);
  const out = [...models].map(([name, model]) => writeModel(name, model, name === opts.name ? opts.description : undefined));
  return { version: OSI_VERSION, semantic_model: out };
}

/**
 * An OSI metric built from an MDL one. Its MDL id, display name, the datasets it uses (its formula need
 * not name them) and every MDL field OSI has no place for (its own dimensions, the definition's
 * numerator and denominator with their filters, metric type, governance...) have no OSI home: carried
 * in an `MDL` custom extension, which osi.ts reads back. Other tools' extensions stay in MDL's export.
 */
function builtMetric(m: Metric, formula: string): Obj {
  const expression = osiExpressionOf(m) ?? formula;
  const metric: Obj = { name: m.metric_id, expression: sql(expression) };
  if (m.description) metric.description = m.description;
  const note = filtersNote(m, expression !== formula);
  if (note) metric.ai_context = { instructions: note };
  const { metric_id, name, description: _d, extensions: _e, ...fields } = m;
  const datasets = (m.data?.primary_sources ?? []).filter((s) => s.table_or_stream).map((s) => datasetName(String(s.table_or_stream)));
  metric.custom_extensions = [{ vendor_name: MDL_VENDOR, data: JSON.stringify({ metric_id, name, datasets, ...fields }) }];
  return metric;
}

const AGGREGATE = /^\s*(SUM|COUNT|AVG|MIN|MAX)\s*\(\s*(DISTINCT\s+)?([\s\S]*)\)\s*$/i;

/** Plain SQL: a string without template syntax (a dbt filter is Jinja, `{{ Dimension(...) }}`, not SQL). */
const isPlainSql = (f: unknown): f is string => typeof f === 'string' && f.trim() !== '' && !/\{\{|\{%|\{#/.test(f);

/** Whether the parentheses of `text` balance without closing one it did not open. */
function balanced(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * The OSI expression of an MDL metric: its formula, with the numerator's filters applied when they are
 * plain SQL and the formula is one aggregate (`SUM(x)` → `SUM(CASE WHEN <filter> THEN x END)`), so a
 * filtered metric is not written as the unfiltered one. osi.ts compares with it to tell whether another
 * tool changed the expression.
 */
export function osiExpressionOf(m: { definition?: unknown }): string | undefined {
  const definition = isObj(m.definition) ? m.definition : {};
  const formula = typeof definition.formula === 'string' && definition.formula !== '' ? definition.formula : undefined;
  if (!formula) return undefined;
  const filters = isObj(definition.numerator) && Array.isArray(definition.numerator.filters) ? (definition.numerator.filters as unknown[]) : [];
  const call = AGGREGATE.exec(formula);
  if (filters.length === 0 || !filters.every(isPlainSql) || isObj(definition.denominator) || !call || !balanced(call[3]!)) return formula;
  const condition = filters.length === 1 ? filters[0] : filters.map((f) => `(${f})`).join(' AND ');
  const value = call[3]!.trim() === '*' ? '1' : call[3]!.trim();
  return `${call[1]}(${call[2] ?? ''}CASE WHEN ${condition} THEN ${value} END)`;
}

/** The filters the expression does not apply, said for OSI readers (the MDL extension keeps them exactly). */
function filtersNote(m: Metric, applied: boolean): string | undefined {
  const text = (f: unknown) => (typeof f === 'string' ? f.trim() : JSON.stringify(f));
  const parts: string[] = [];
  const numerator = applied ? [] : (m.definition?.numerator?.filters ?? []);
  if (numerator.length > 0) parts.push(`numerator filtered by ${numerator.map(text).join(' AND ')}`);
  const denominator = m.definition?.denominator?.filters ?? [];
  if (denominator.length > 0) parts.push(`denominator filtered by ${denominator.map(text).join(' AND ')}`);
  return parts.length > 0 ? `Not applied in the expression: ${parts.join('; ')}.` : undefined;
}

function writeModel(name: string, model: Model, description: string | undefined): Obj {
  // The schema requires at least one dataset per semantic model.
  if (model.datasets.size === 0) model.datasets.set('mdl', { name: 'mdl', source: 'mdl' });
  // The source model's own fields (ai_context, custom_extensions...) come back; name is the model's.
  const { datasets: _d, relationships: _r, metrics: _m, ...rest } = model.rest;
  const out: Obj = { ...rest, name };
  if (description) out.description = description;
  // A source model exported by MDL before listed its omitted metrics: this export says its own.
  const had = Array.isArray(out.custom_extensions) ? (out.custom_extensions as unknown[]) : undefined;
  const own = (had ?? []).filter((e) => !(isObj(e) && e.vendor_name === MDL_VENDOR));
  if (model.omitted.length > 0) own.push({ vendor_name: MDL_VENDOR, data: JSON.stringify({ omitted_metrics: model.omitted }) });
  if (own.length > 0 || had?.length === 0) out.custom_extensions = own;
  else delete out.custom_extensions;
  // Datasets in the source model's order, so a re-import lists each metric's datasets the same way.
  const rank = (n: string) => (model.order.includes(n) ? model.order.indexOf(n) : model.order.length);
  out.datasets = [...model.datasets.values()].sort((a, b) => rank(String(a.name)) - rank(String(b.name)));
  if (model.relationships.size > 0) out.relationships = [...model.relationships.values()];
  // Metrics in the source model's order (its first metric, which holds the model, first again).
  const place = (n: unknown) => (model.metricOrder.includes(String(n)) ? model.metricOrder.indexOf(String(n)) : model.metricOrder.length);
  out.metrics = [...model.metrics].sort((a, b) => place(a.name) - place(b.name));
  return out;
}

/** The metrics an OSI document MDL wrote lists as left out (each model's `MDL` custom extension). */
export function omittedInOsi(doc: unknown): OmittedMetric[] {
  const out: OmittedMetric[] = [];
  const models = isObj(doc) && Array.isArray(doc.semantic_model) ? doc.semantic_model : [];
  for (const model of models) {
    const extensions = isObj(model) && Array.isArray(model.custom_extensions) ? model.custom_extensions : [];
    for (const e of extensions) {
      if (!isObj(e) || e.vendor_name !== MDL_VENDOR || typeof e.data !== 'string') continue;
      try {
        const data: unknown = JSON.parse(e.data);
        if (isObj(data) && Array.isArray(data.omitted_metrics)) out.push(...(data.omitted_metrics as OmittedMetric[]));
      } catch {
        // Not MDL's JSON: nothing listed.
      }
    }
  }
  return out;
}

/** A copy: the dataset may be an imported metric's original, which stays untouched. */
function mergeFields(ds: Obj, fields: Obj[]): Obj {
  const have = Array.isArray(ds.fields) ? [...(ds.fields as Obj[])] : [];
  for (const f of fields) if (!have.some((h) => h.name === f.name)) have.push(f);
  return { ...ds, fields: have };
}
