import type { Metric } from '../../metrics/schema.js';
import type { OsiExtension } from './osi.js';

/**
 * MDL metrics → one Apache Ossie document (vendor/osi/osi-schema.json, version 0.2.0.dev0).
 * A metric imported from OSI (extensions["/osi"]) writes back its original metric, datasets and
 * relationships; any other metric is built from its formula (as ANSI_SQL), sources (datasets) and
 * dimensions (fields of its first dataset). Metrics without a formula are left out: OSI requires an
 * expression. Datasets and relationships are merged by name (first one wins).
 */

export interface ToOsiOptions {
  /** semantic_model name. */
  name: string;
  description?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export const OSI_VERSION = '0.2.0.dev0';

const sql = (expression: string) => ({ dialects: [{ dialect: 'ANSI_SQL', expression }] });

function datasetName(table: string): string {
  return table.replace(/[^A-Za-z0-9_]/g, '_');
}

export function toOsi(metrics: Metric[], opts: ToOsiOptions): unknown {
  const datasets = new Map<string, Obj>();
  let order: string[] = [];
  let modelRest: Obj = {};
  const relationships = new Map<string, Obj>();
  const out: Obj[] = [];
  const addDataset = (ds: Obj) => {
    const key = String(ds.name);
    if (!datasets.has(key)) datasets.set(key, ds);
  };
  for (const m of metrics) {
    const osi = m.extensions?.['/osi'] as OsiExtension | undefined;
    if (isObj(osi) && isObj(osi.metric)) {
      out.push(osi.metric);
      if (order.length === 0 && Array.isArray(osi.dataset_order)) {
        order = osi.dataset_order;
        modelRest = isObj(osi.semantic_model) ? osi.semantic_model : {};
      }
      (osi.datasets ?? []).forEach(addDataset);
      for (const r of osi.relationships ?? []) if (!relationships.has(String(r.name))) relationships.set(String(r.name), r);
      continue;
    }
    const formula = m.definition?.formula;
    if (!formula) continue;
    const metric: Obj = { name: m.metric_id, expression: sql(formula) };
    if (m.description) metric.description = m.description;
    // The MDL display name has no OSI home; carried as a vendor extension.
    metric.custom_extensions = [{ vendor_name: 'MDL', data: JSON.stringify({ metric_id: m.metric_id, name: m.name }) }];
    out.push(metric);
    const sources = (m.data?.primary_sources ?? []).filter((s) => s.table_or_stream);
    sources.forEach((s, i) => {
      const table = String(s.table_or_stream);
      const ds: Obj = { name: datasetName(table), source: table };
      if (i === 0 && m.dimensions && m.dimensions.length > 0) {
        ds.fields = m.dimensions.map((d) => ({ name: d.name, expression: sql(d.name), dimension: {} }));
      }
      const existing = datasets.get(String(ds.name));
      if (existing && ds.fields) datasets.set(String(ds.name), mergeFields(existing, ds.fields as Obj[]));
      else addDataset(ds);
    });
  }
  // The schema requires at least one dataset per semantic model.
  if (datasets.size === 0) datasets.set('mdl', { name: 'mdl', source: 'mdl' });
  // The source model's own fields (ai_context, custom_extensions...) come back; name is the caller's.
  const model: Obj = { ...modelRest, name: opts.name };
  if (opts.description) model.description = opts.description;
  // Datasets in the source model's order, so a re-import lists each metric's datasets the same way.
  const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : order.length);
  model.datasets = [...datasets.values()].sort((a, b) => rank(String(a.name)) - rank(String(b.name)));
  if (relationships.size > 0) model.relationships = [...relationships.values()];
  model.metrics = out;
  return { version: OSI_VERSION, semantic_model: [model] };
}

/** A copy: the dataset may be an imported metric's original, which stays untouched. */
function mergeFields(ds: Obj, fields: Obj[]): Obj {
  const have = Array.isArray(ds.fields) ? [...(ds.fields as Obj[])] : [];
  for (const f of fields) if (!have.some((h) => h.name === f.name)) have.push(f);
  return { ...ds, fields: have };
}
