import type { DialectFile } from './types.js';

/**
 * Reading a dbt project's semantic YAML (MetricFlow) into one index, for formats/dbt.ts.
 *
 * Two specs, possibly mixed in one project:
 * - released (dbt Core 1.6–1.11): top-level `semantic_models:` with entities, dimensions and
 *   measures; `metrics:` whose settings sit under `type_params`.
 * - latest (dbt Fusion, Core 1.12): a model's entry in `models:` carries `semantic_model:`, its
 *   entities and dimensions on `columns:`, and simple metrics beside it (`metrics:`, also accepted
 *   under `semantic_model.metrics`); cross-model metrics under a top-level `metrics:` with no
 *   `type_params` (settings at the metric's top level, `input_metrics`, `input_metric`, …).
 */

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
/** A YAML scalar as SQL text (`expr: 1` parses as a number). */
export const text = (v: unknown): string | undefined => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : str(v));

export type Spec = 'released' | 'latest';

export interface SemanticModel {
  name: string;
  source: string;
  spec: Spec;
  /** The table it reads: `model: ref('x')` → x; the model's own name in the latest spec. */
  table?: string;
  /** The definition without its measures (released) or metrics (latest): kept with each metric using it. */
  context: Obj;
  dimensions: string[];
  /** Time dimension → its granularity. */
  grains: Map<string, string>;
  aggTime?: string;
  group?: string;
  /** Released spec only: name → measure, and its index in the file's list. */
  measures: Map<string, Obj>;
  measureIndex: Map<string, number>;
  /** Where its measures stood, for the skipped note about measures no metric uses. */
  path: string;
}

export interface MetricEntry {
  name: string;
  source: string;
  /** `${source}:metrics[i]`, `${source}:models[j].metrics[i]`, or the measure's path for `create_metric`. */
  path: string;
  spec: Spec;
  /** The whole entry as written. */
  metric: Obj;
  /** `type_params`, or the metric itself when it has none (latest spec). */
  params: Obj;
  /** The latest spec's model it sits beside. */
  model?: SemanticModel;
  /** A released measure with `create_metric: true` (MetricFlow makes a simple metric of it). */
  fromMeasure?: boolean;
}

export interface DbtProject {
  models: SemanticModel[];
  metrics: MetricEntry[];
  /** measure name → its measure and semantic model (measure names are unique in a project). */
  measures: Map<string, { measure: Obj; model: SemanticModel }>;
  groups: Map<string, { group: Obj; source: string }>;
  /** Saved queries as written, in project order (kept with the metrics they query). */
  savedQueries: Array<{ query: Obj; source: string }>;
  /** Files that held nothing semantic (a schema.yml with tests and sources only). */
  empty: string[];
  /** Parts seen and not imported (nameless entries), with why. */
  notes: Array<{ source: string; reason: string }>;
}

/** `ref('x')`, `ref("pkg", "x")`, `{{ ref('x') }}` → x; anything else as written. */
export function refTarget(model: unknown): string | undefined {
  const s = str(model);
  if (!s) return undefined;
  const m = /ref\(\s*['"]([^'"]+)['"](?:\s*,\s*['"]([^'"]+)['"])?/.exec(s);
  return m ? (m[2] ?? m[1]) : s;
}

const groupOf = (o: Obj): string | undefined => str(o.group) ?? (isObj(o.config) ? str(o.config.group) : undefined);

function released(sm: Obj, source: string, path: string): SemanticModel {
  const { measures, ...context } = sm;
  const grains = new Map<string, string>();
  const dimensions: string[] = [];
  for (const d of arr(sm.dimensions).filter(isObj)) {
    const n = str(d.name);
    if (!n) continue;
    if (!dimensions.includes(n)) dimensions.push(n);
    const g = isObj(d.type_params) ? str(d.type_params.time_granularity) : undefined;
    if (d.type === 'time' && g) grains.set(n, g);
  }
  const defaults = isObj(sm.defaults) ? sm.defaults : {};
  const byName = new Map<string, Obj>();
  const measureIndex = new Map<string, number>();
  arr(measures).forEach((m, i) => {
    if (!isObj(m) || !str(m.name) || byName.has(String(m.name))) return;
    byName.set(String(m.name), m);
    measureIndex.set(String(m.name), i);
  });
  return {
    name: String(sm.name), source, spec: 'released', table: refTarget(sm.model), context, dimensions, grains,
    aggTime: str(defaults.agg_time_dimension), group: groupOf(sm), measures: byName, measureIndex, path,
  };
}

function latest(model: Obj, source: string, path: string): SemanticModel {
  const { metrics: _m, ...context } = model;
  const sem = isObj(model.semantic_model) ? model.semantic_model : {};
  if (isObj(model.semantic_model) && 'metrics' in sem) {
    const { metrics: _sm, ...semRest } = sem;
    context.semantic_model = semRest;
  }
  const grains = new Map<string, string>();
  const dimensions: string[] = [];
  const add = (n: string | undefined, type: unknown, grain: string | undefined) => {
    if (!n) return;
    if (!dimensions.includes(n)) dimensions.push(n);
    if (type === 'time' && grain) grains.set(n, grain);
  };
  const grainOf = (d: Obj) => str(d.granularity) ?? (isObj(d.type_params) ? str(d.type_params.time_granularity) : undefined);
  for (const c of arr(model.columns).filter(isObj)) {
    // `dimension: {type, name?}`, or the shorthand `dimension: categorical`.
    if (isObj(c.dimension)) add(str(c.dimension.name) ?? str(c.name), c.dimension.type, str(c.granularity) ?? grainOf(c.dimension));
    else if (str(c.dimension)) add(str(c.name), c.dimension, str(c.granularity));
  }
  // Dimensions that are expressions rather than columns.
  const derived = isObj(model.derived_semantics) ? model.derived_semantics : {};
  for (const d of arr(derived.dimensions).filter(isObj)) add(str(d.name), d.type, grainOf(d));
  return {
    name: str(sem.name) ?? String(model.name), source, spec: 'latest', table: str(model.name), context, dimensions, grains,
    aggTime: str(model.agg_time_dimension) ?? str(sem.agg_time_dimension), group: groupOf(model) ?? groupOf(sem), measures: new Map(), measureIndex: new Map(), path,
  };
}

const isSemanticModelEntry = (m: Obj) => m.semantic_model === true || (isObj(m.semantic_model) && m.semantic_model.enabled !== false);

/** Every file of a batch into one index (a metric names measures and metrics of other files). */
export function readProject(files: DialectFile[]): DbtProject {
  const project: DbtProject = { models: [], metrics: [], measures: new Map(), groups: new Map(), savedQueries: [], empty: [], notes: [] };
  const note = (source: string, reason: string) => project.notes.push({ source, reason });
  const pushMetric = (m: unknown, source: string, path: string, model?: SemanticModel) => {
    if (!isObj(m)) return;
    if (!str(m.name)) return note(source, `${path} has no name (not imported)`);
    const params = isObj(m.type_params) ? m.type_params : m;
    project.metrics.push({ name: String(m.name), source, path, spec: isObj(m.type_params) ? 'released' : 'latest', metric: m, params, model });
  };
  for (const { source, doc } of files) {
    if (!isObj(doc)) {
      project.empty.push(source);
      continue;
    }
    let found = false;
    arr(doc.semantic_models).forEach((sm, i) => {
      if (!isObj(sm) || !str(sm.name)) return;
      const model = released(sm, source, `${source}:semantic_models[${i}]`);
      project.models.push(model);
      for (const [name, measure] of model.measures) if (!project.measures.has(name)) project.measures.set(name, { measure, model });
      found = true;
    });
    arr(doc.models).forEach((entry, j) => {
      if (!isObj(entry) || !str(entry.name)) return;
      const sem = isObj(entry.semantic_model) ? entry.semantic_model : {};
      const listed = [...arr(entry.metrics), ...arr(sem.metrics)];
      if (!isSemanticModelEntry(entry) && listed.length === 0) return;
      const model = latest(entry, source, `${source}:models[${j}]`);
      project.models.push(model);
      arr(entry.metrics).forEach((m, i) => pushMetric(m, source, `${source}:models[${j}].metrics[${i}]`, model));
      arr(sem.metrics).forEach((m, i) => pushMetric(m, source, `${source}:models[${j}].semantic_model.metrics[${i}]`, model));
      found = true;
    });
    arr(doc.metrics).forEach((m, i) => {
      pushMetric(m, source, `${source}:metrics[${i}]`);
      found = true;
    });
    for (const g of arr(doc.groups).filter(isObj)) {
      if (str(g.name)) project.groups.set(String(g.name), { group: g, source });
      found = true;
    }
    for (const query of arr(doc.saved_queries).filter(isObj)) {
      project.savedQueries.push({ query, source });
      found = true;
    }
    if (!found) project.empty.push(source);
  }
  // MetricFlow makes a simple metric of a measure marked create_metric, unless a metric has its name.
  const names = new Set(project.metrics.map((m) => m.name));
  for (const model of project.models) {
    for (const [name, measure] of model.measures) {
      if (measure.create_metric !== true || names.has(name)) continue;
      names.add(name);
      project.metrics.push({
        name, source: model.source, path: `${model.path}.measures[${model.measureIndex.get(name)}]`, spec: 'released',
        metric: measure, params: { measure: name }, fromMeasure: true,
      });
    }
  }
  return project;
}
