import type { Metric } from '../../metrics/schema.js';
import type { OsiExtension } from './osi.js';

/**
 * MDL metrics → one Apache Ossie document (vendor/osi/osi-schema.json, version 0.2.0.dev0).
 * A metric imported from OSI (extensions["/osi"]) writes back its original metric, datasets and
 * relationships, in a semantic model named like its source model (the OSI import builds ids from the
 * model's name, so a re-import gives the same ids). Any other metric is built from its formula (as
 * ANSI_SQL), sources (datasets) and dimensions (fields of its first dataset), in the model named by
 * `opts.name`, and carries its MDL id, name and datasets in an `MDL` custom extension (osi.ts reads
 * them back).
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
  order: string[];
  datasets: Map<string, Obj>;
  relationships: Map<string, Obj>;
  metrics: Obj[];
  omitted: OmittedMetric[];
}

export function toOsi(metrics: Iterable<Metric>, opts: ToOsiOptions): unknown {
  const models = new Map<string, Model>();
  const modelNamed = (name: string): Model => {
    let model = models.get(name);
    if (!model) models.set(name, (model = { rest: {}, order: [], datasets: new Map(), relationships: new Map(), metrics: [], omitted: [] }));
    return model;
  };
  const addDataset = (model: Model, ds: Obj) => {
    const key = String(ds.name);
    if (!model.datasets.has(key)) model.datasets.set(key, ds);
  };
  for (const m of metrics) {
    const osi = m.extensions?.['/osi'] as OsiExtension | undefined;
    if (isObj(osi) && isObj(osi.metric)) {
      const source = isObj(osi.semantic_model) ? osi.semantic_model : {};
      const model = modelNamed(typeof source.name === 'string' ? source.name : opts.name);
      model.metrics.push(osi.metric);
      if (model.order.length === 0 && Array.isArray(osi.dataset_order)) {
        model.order = osi.dataset_order;
        model.rest = source;
      }
      (osi.datasets ?? []).forEach((ds) => addDataset(model, ds));
      for (const r of osi.relationships ?? []) if (!model.relationships.has(String(r.name))) model.relationships.set(String(r.name), r);
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
    const metric: Obj = { name: m.metric_id, expression: sql(formula) };
    if (m.description) metric.description = m.description;
    const sources = (m.data?.primary_sources ?? []).filter((s) => s.table_or_stream);
    // The MDL id, display name and the datasets the metric uses (its formula need not name them) have
    // no OSI home; carried as a vendor extension.
    const identity = { metric_id: m.metric_id, name: m.name, datasets: sources.map((s) => datasetName(String(s.table_or_stream))) };
    metric.custom_extensions = [{ vendor_name: MDL_VENDOR, data: JSON.stringify(identity) }];
    model.metrics.push(metric);
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

function writeModel(name: string, model: Model, description: string | undefined): Obj {
  // The schema requires at least one dataset per semantic model.
  if (model.datasets.size === 0) model.datasets.set('mdl', { name: 'mdl', source: 'mdl' });
  // The source model's own fields (ai_context, custom_extensions...) come back; name is the model's.
  const out: Obj = { ...model.rest, name };
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
  out.metrics = model.metrics;
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
