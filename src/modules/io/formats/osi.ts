import { sanitizeId } from './cube.js';
import { MDL_VENDOR, osiExpressionOf } from './osi-export.js';
import type { ConvertedRecord, ConvertOptions, ConvertResult, DialectConverter } from './types.js';

/**
 * Apache Ossie / Open Semantic Interchange (vendor/osi/osi-schema.json) → MDL metrics.
 * A metric is model-level and spans datasets; the datasets it uses are those its expressions name
 * as `dataset.` (all of them when it names none and the model has one). The original metric goes
 * under extensions["/osi"]; the source model itself (every dataset, relationship and field of it, used
 * by a metric or not) is held once, by the model's first metric, and the others name that metric, so
 * toOsi (osi-export.ts) writes the whole model back without one copy of it per metric.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export interface OsiExtension {
  version?: unknown;
  /** The source model's name (every metric of it). */
  model?: string;
  metric: Obj;
  /** The source model without its metrics (datasets, relationships, ai_context...): in its first metric only. */
  semantic_model?: Obj;
  /** The source model's metric names, in order (first metric only; toOsi writes them back in that order). */
  metric_order?: string[];
  /** The other metrics of the model: the metric_id of the one holding semantic_model. */
  semantic_model_in?: string;
  /** Before the model was held once: each metric's own datasets and relationships, and the dataset order. */
  datasets?: Obj[];
  relationships?: Obj[];
  dataset_order?: string[];
}

/** The ANSI_SQL expression, else the first dialect's. */
export function osiFormula(expression: unknown): string | undefined {
  const dialects = isObj(expression) ? arr(expression.dialects).filter(isObj) : [];
  const ansi = dialects.find((d) => d.dialect === 'ANSI_SQL') ?? dialects[0];
  return ansi ? str(ansi.expression) : undefined;
}

function expressionsOf(metric: Obj): string[] {
  const e = metric.expression;
  return (isObj(e) ? arr(e.dialects) : []).filter(isObj).map((d) => String(d.expression ?? ''));
}

function usedDatasets(metric: Obj, datasets: Obj[], named?: string[]): Obj[] {
  if (named) return datasets.filter((ds) => named.includes(String(ds.name)));
  const texts = expressionsOf(metric);
  const used = datasets.filter((ds) => {
    const name = str(ds.name);
    if (!name) return false;
    const re = new RegExp(`(^|[^A-Za-z0-9_])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`);
    return texts.some((t) => re.test(t));
  });
  return used.length === 0 && datasets.length === 1 ? datasets : used;
}

interface MdlData {
  metric_id?: string;
  name?: string;
  datasets?: string[];
  /** The MDL fields an OSI metric has no place for (definition, dimensions, metric_type...), as MDL held them. */
  fields?: Obj;
}

/** What an MDL export (osi-export.ts) wrote in the metric's `MDL` custom extension, if any. */
function mdlData(metric: Obj): MdlData {
  for (const e of arr(metric.custom_extensions)) {
    if (!isObj(e) || e.vendor_name !== MDL_VENDOR || typeof e.data !== 'string') continue;
    try {
      const data: unknown = JSON.parse(e.data);
      if (isObj(data)) {
        const { metric_id, name, datasets, ...fields } = data;
        const named = Array.isArray(datasets) ? datasets.filter((d): d is string => typeof d === 'string') : undefined;
        return { metric_id: str(metric_id), name: str(name), datasets: named, fields: Object.keys(fields).length > 0 ? fields : undefined };
      }
    } catch {
      // Not MDL's JSON: the metric is named as any other.
    }
  }
  return {};
}

/** The dimension fields of the datasets, once each, in order. */
function dimensionsOf(datasets: Obj[]): Array<{ name: string }> {
  const dims: string[] = [];
  for (const ds of datasets) {
    for (const f of arr(ds.fields).filter(isObj)) {
      const n = str(f.name);
      if (n && isObj(f.dimension) && !dims.includes(n)) dims.push(n);
    }
  }
  return dims.map((name) => ({ name }));
}

/**
 * The MDL record of one OSI metric. A metric an MDL export wrote gets back the MDL fields it carried
 * (its own dimensions, filters, metric type...); the expression still wins when another tool changed it.
 */
function recordOf(metric: Obj, used: Obj[], mdl: MdlData, id: string, name: string): Obj {
  const carried = mdl.fields ?? {};
  const raw: Obj = { ...carried, metric_id: id, name: mdl.name ?? name };
  delete raw.description;
  if (str(metric.description)) raw.description = metric.description;
  const formula = osiFormula(metric.expression);
  const definition = isObj(carried.definition) ? { ...carried.definition } : {};
  const asWritten = mdl.fields && formula === osiExpressionOf(carried);
  if (!asWritten) {
    if (formula) definition.formula = formula;
    else delete definition.formula;
  }
  if (Object.keys(definition).length > 0) raw.definition = definition;
  else delete raw.definition;
  if (!isObj(carried.data)) {
    const sources = used.filter((d) => str(d.source)).map((d) => ({ system: 'osi', table_or_stream: String(d.source).slice(0, 500) }));
    if (sources.length > 0) raw.data = { primary_sources: sources };
  }
  if (!Array.isArray(carried.dimensions)) {
    const dims = dimensionsOf(used);
    if (dims.length > 0) raw.dimensions = dims;
  }
  return raw;
}

export const osiConverter: DialectConverter = {
  dialect: 'osi',
  detect(doc) {
    return isObj(doc) && Array.isArray(doc.semantic_model);
  },
  convert(files, options?: ConvertOptions): ConvertResult {
    const prefix = options?.idPrefix ?? '';
    const records: ConvertedRecord[] = [];
    const skipped: ConvertResult['skipped'] = [];
    for (const file of files) {
      if (!isObj(file.doc)) continue;
      const version = file.doc.version;
      const before = records.length;
      arr(file.doc.semantic_model).forEach((model, si) => {
        if (!isObj(model)) return;
        const modelName = str(model.name) ?? `model${si}`;
        const datasets = arr(model.datasets).filter(isObj);
        const { metrics: _m, ...modelRest } = model;
        const metrics = arr(model.metrics).filter((m): m is Obj => isObj(m) && str(m.name) !== undefined);
        let holder: string | undefined;
        arr(model.metrics).forEach((metric, mi) => {
          if (!isObj(metric) || !str(metric.name)) return;
          const name = String(metric.name);
          // A metric MDL exported (osi-export.ts) names its MDL id, name and datasets: the same record comes back.
          const mdl = mdlData(metric);
          const used = usedDatasets(metric, datasets, mdl.datasets);
          const id = mdl.metric_id ?? sanitizeId(`${prefix}${modelName}.${name}`);
          const raw = recordOf(metric, used, mdl, id, name);
          const ext: OsiExtension = { model: modelName, metric };
          if (holder === undefined) {
            holder = id;
            ext.semantic_model = modelRest;
            ext.metric_order = metrics.map((m) => String(m.name));
          } else {
            ext.semantic_model_in = holder;
          }
          if (version !== undefined) ext.version = version;
          raw.extensions = { ...(isObj(raw.extensions) ? raw.extensions : {}), '/osi': ext };
          records.push({
            kind: 'metric',
            path: `${file.source}:semantic_model[${si}].metrics[${mi}]`,
            raw,
            // The model's name too: two models' `revenue` are two definitions.
            provenance: { format: 'osi', source: file.source, name: `${modelName}.${name}` },
          });
        });
      });
      if (records.length === before) skipped.push({ source: file.source, reason: 'no OSI metrics' });
    }
    return { records, skipped };
  },
};
