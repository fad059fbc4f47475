import { sanitizeId } from './cube.js';
import { MDL_VENDOR } from './osi-export.js';
import type { ConvertedRecord, ConvertOptions, ConvertResult, DialectConverter } from './types.js';

/**
 * Apache Ossie / Open Semantic Interchange (vendor/osi/osi-schema.json) → MDL metrics.
 * A metric is model-level and spans datasets; the datasets it uses are those its expressions name
 * as `dataset.` (all of them when it names none and the model has one). The original metric, those
 * datasets, the relationships between them and the model's own fields go under extensions["/osi"],
 * so toOsi (osi-export.ts) writes the same pieces back.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export interface OsiExtension {
  version?: unknown;
  semantic_model: Obj;
  metric: Obj;
  datasets: Obj[];
  relationships: Obj[];
  /** All dataset names of the source model, in order (toOsi writes datasets back in that order). */
  dataset_order: string[];
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

/** The MDL id, name and dataset names an MDL export wrote in the metric's `MDL` custom extension, if any. */
function mdlIdentity(metric: Obj): { metric_id?: string; name?: string; datasets?: string[] } {
  for (const e of arr(metric.custom_extensions)) {
    if (!isObj(e) || e.vendor_name !== MDL_VENDOR || typeof e.data !== 'string') continue;
    try {
      const data: unknown = JSON.parse(e.data);
      if (isObj(data)) {
        const datasets = Array.isArray(data.datasets) ? data.datasets.filter((d): d is string => typeof d === 'string') : undefined;
        return { metric_id: str(data.metric_id), name: str(data.name), datasets };
      }
    } catch {
      // Not MDL's JSON: the metric is named as any other.
    }
  }
  return {};
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
      const before = records.length;
      arr(file.doc.semantic_model).forEach((model, si) => {
        if (!isObj(model)) return;
        const modelName = str(model.name) ?? `model${si}`;
        const datasets = arr(model.datasets).filter(isObj);
        const { datasets: _d, metrics: _m, relationships: _r, ...modelRest } = model;
        arr(model.metrics).forEach((metric, mi) => {
          if (!isObj(metric) || !str(metric.name)) return;
          const name = String(metric.name);
          // A metric MDL exported (osi-export.ts) names its MDL id, name and datasets: the same record comes back.
          const mdl = mdlIdentity(metric);
          const used = usedDatasets(metric, datasets, mdl.datasets);
          const usedNames = new Set(used.map((d) => d.name));
          const rels = arr(model.relationships).filter(isObj).filter((r) => usedNames.has(r.from) && usedNames.has(r.to));
          const raw: Obj = { metric_id: mdl.metric_id ?? sanitizeId(`${prefix}${modelName}.${name}`), name: mdl.name ?? name };
          if (str(metric.description)) raw.description = metric.description;
          const formula = osiFormula(metric.expression);
          if (formula) raw.definition = { formula };
          const sources = used.filter((d) => str(d.source)).map((d) => ({ system: 'osi', table_or_stream: String(d.source).slice(0, 500) }));
          if (sources.length > 0) raw.data = { primary_sources: sources };
          const dims: string[] = [];
          for (const ds of used) {
            for (const f of arr(ds.fields).filter(isObj)) {
              const n = str(f.name);
              if (n && isObj(f.dimension) && !dims.includes(n)) dims.push(n);
            }
          }
          if (dims.length > 0) raw.dimensions = dims.map((n) => ({ name: n }));
          const ext: OsiExtension = { semantic_model: modelRest, metric, datasets: used, relationships: rels, dataset_order: datasets.map((d) => String(d.name)) };
          if (file.doc && (file.doc as Obj).version !== undefined) ext.version = (file.doc as Obj).version;
          raw.extensions = { '/osi': ext };
          records.push({
            kind: 'metric',
            path: `${file.source}:semantic_model[${si}].metrics[${mi}]`,
            raw,
            provenance: { format: 'osi', source: file.source, name },
          });
        });
      });
      if (records.length === before) skipped.push({ source: file.source, reason: 'no OSI metrics' });
    }
    return { records, skipped };
  },
};
