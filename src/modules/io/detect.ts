import { ImportSourceError } from './errors.js';
import type { Provenance } from './formats/types.js';
import { getOwn, isPlainObject, setOwn, type PlainObject } from './json-pointer.js';

/**
 * Format and shape detection for import files.
 *
 * Shapes (top level):
 *   [ {...}, ... ]                                  → a list of metrics        (paths `[i]`)
 *   { metric_id, ... }                              → one metric               (path "")
 *   { domain_id, ... } | { id, key_metrics|stakeholders, ... } → one domain  (path "")
 *   { objective_id, ... } | { title, key_results, ... }        → one objective (path "")
 *   { metrics?: [...], domains?: [...], objectives?: [...], ...meta }
 *                                                   → a collection; a catalog when it also has catalog
 *                                                     fields. Other top-level keys are the catalog meta.
 * Anything else is an ImportSourceError.
 *
 * The same ordered-key state machine (ShapeTracker) serves the streaming JSON reader and the YAML
 * reader, so both classify identically: a record array (`metrics`, `domains`, `objectives`) is
 * streamed item by item as soon as one of its items is an object and no single-record id key
 * (`metric_id`, `domain_id`, `objective_id`) came before it. Arrays of non-objects (the domain file
 * form's `objectives: ["OBJ-1"]`) are held until the end, then the whole object is classified.
 */

export type ImportFormat = 'json' | 'yaml';
export type RecordKind = 'metric' | 'domain' | 'objective';
export type ImportShape = 'catalog' | 'collection' | 'metric-list' | RecordKind;

export interface ImportRecord {
  kind: RecordKind;
  /** Where the record stood, used as the issue path prefix: `metrics[12]`, `[3]`, or "" for a single-record file. */
  path: string;
  raw: unknown;
  /** The file of a batch the record came from (several files: a repeated id across files is a conflict, within one file an error). */
  source?: string;
  /** Set by the converters of other tools' files (formats/types.ts). */
  provenance?: Provenance;
}

/** Catalog-level fields other than the record arrays (catalog_version, catalog_name, owner_team, contacts, unknown keys), verbatim. */
export type CatalogMeta = PlainObject;

export const RECORD_ARRAYS: Readonly<Record<string, RecordKind>> = { domains: 'domain', objectives: 'objective', metrics: 'metric' };
const SINGLE_MARKERS = new Set(['metric_id', 'domain_id', 'objective_id']);
const CATALOG_MARKERS = ['catalog_version', 'catalog_name'];

/** Extension first, then the first non-space character (`{` or `[` → JSON), else YAML. */
export function detectFormat(opts: { format?: ImportFormat; path?: string; head?: string }): ImportFormat {
  if (opts.format) return opts.format;
  const ext = /\.([A-Za-z]+)$/.exec(opts.path ?? '')?.[1]?.toLowerCase();
  if (ext === 'json') return 'json';
  if (ext === 'yaml' || ext === 'yml') return 'yaml';
  const first = /[^\s\uFEFF]/.exec(opts.head ?? '')?.[0];
  return first === '{' || first === '[' ? 'json' : 'yaml';
}

/** Classifies a complete top-level object whose record arrays (if any) hold no object yet. */
export function classifySingle(obj: PlainObject): RecordKind | null {
  const has = (k: string) => Object.hasOwn(obj, k);
  if (has('metric_id')) return 'metric';
  if (has('domain_id') || (has('id') && (has('key_metrics') || has('stakeholders')))) return 'domain';
  if (has('objective_id') || (has('title') && has('key_results'))) return 'objective';
  return null;
}

export interface ShapeResult {
  shape: ImportShape;
  meta: CatalogMeta | null;
  /** Records held back until the end (single record, or record arrays without object items). */
  records: ImportRecord[];
}

export class ShapeTracker {
  private mode: 'undecided' | 'single' | 'collection' | 'list' = 'undecided';
  private readonly rest: PlainObject = {};
  /** Record-array keys streamed while undecided; their non-object items wait in `rest`. */
  private readonly heldArrays: string[] = [];

  /** A top-level array: every item is a metric. */
  startList(): void {
    this.mode = 'list';
  }

  listItem(index: number, value: unknown): ImportRecord {
    return { kind: 'metric', path: `[${index}]`, raw: value };
  }

  /** Whether the array under top-level `key` should be delivered item by item. */
  streamsArray(key: string): boolean {
    return Object.hasOwn(RECORD_ARRAYS, key) && this.mode !== 'single';
  }

  startArray(key: string): void {
    if (this.mode === 'collection') return;
    setOwn(this.rest, key, []);
    if (!this.heldArrays.includes(key)) this.heldArrays.push(key); // duplicate JSON keys: last wins
  }

  /** An item of a streamed record array; returns the records that can be emitted now. */
  item(key: string, index: number, value: unknown): ImportRecord[] {
    const record: ImportRecord = { kind: RECORD_ARRAYS[key] as RecordKind, path: `${key}[${index}]`, raw: value };
    if (this.mode === 'collection') return [record];
    if (!isPlainObject(value)) {
      (this.rest[key] as unknown[]).push(value);
      return [];
    }
    this.mode = 'collection';
    return [...this.releaseHeld(), record];
  }

  /** A fully assembled top-level value. */
  value(key: string, value: unknown): void {
    if (this.mode === 'undecided' && SINGLE_MARKERS.has(key)) this.mode = 'single';
    setOwn(this.rest, key, value);
  }

  finish(): ShapeResult {
    if (this.mode === 'list') return { shape: 'metric-list', meta: null, records: [] };
    if (this.mode !== 'collection') {
      const kind = classifySingle(this.rest);
      if (kind) return { shape: kind, meta: null, records: [{ kind, path: '', raw: this.rest }] };
      if (this.heldArrays.length === 0) {
        // Record arrays that were not arrays (`metrics: {}`) land here too; say so.
        const bad = Object.keys(RECORD_ARRAYS).find((k) => Object.hasOwn(this.rest, k));
        throw new ImportSourceError(
          bad
            ? `"${bad}" must be an array of records`
            : `unrecognized file shape: expected a catalog, {metrics|domains|objectives: [...]}, a list of metrics, or a single metric, domain or objective; found top-level keys: ${describeKeys(this.rest)}`,
        );
      }
    }
    const records = this.releaseHeld();
    for (const key of Object.keys(RECORD_ARRAYS)) {
      const v = getOwn(this.rest, key);
      if (v !== undefined && !Array.isArray(v)) throw new ImportSourceError(`"${key}" must be an array of records`);
    }
    const meta = this.rest;
    const isCatalog = CATALOG_MARKERS.some((k) => Object.hasOwn(meta, k));
    return { shape: isCatalog ? 'catalog' : 'collection', meta: Object.keys(meta).length > 0 ? meta : null, records };
  }

  /** Emits held non-object items (they will fail validation with their path) and drops them from meta. */
  private releaseHeld(): ImportRecord[] {
    const out: ImportRecord[] = [];
    for (const key of this.heldArrays.splice(0)) {
      const items = this.rest[key] as unknown[];
      delete this.rest[key];
      items.forEach((raw, i) => out.push({ kind: RECORD_ARRAYS[key] as RecordKind, path: `${key}[${i}]`, raw }));
    }
    return out;
  }
}

function describeKeys(obj: PlainObject): string {
  const keys = Object.keys(obj);
  if (keys.length === 0) return '(none)';
  return keys.slice(0, 12).join(', ') + (keys.length > 12 ? `, … (${keys.length} keys)` : '');
}

/** Runs the tracker over an already parsed document (YAML, or tests). */
export function* classifyDocument(doc: unknown, tracker: ShapeTracker = new ShapeTracker()): Generator<ImportRecord, ShapeResult> {
  if (Array.isArray(doc)) {
    tracker.startList();
    for (let i = 0; i < doc.length; i++) yield tracker.listItem(i, doc[i]);
    return tracker.finish();
  }
  if (!isPlainObject(doc)) {
    const got = doc === null || doc === undefined ? 'an empty document' : `a ${typeof doc}`;
    throw new ImportSourceError(`unrecognized file shape: expected an object or a list, got ${got}`);
  }
  for (const key of Object.keys(doc)) {
    const value = doc[key];
    if (Array.isArray(value) && tracker.streamsArray(key)) {
      tracker.startArray(key);
      for (let i = 0; i < value.length; i++) yield* tracker.item(key, i, value[i]);
    } else {
      tracker.value(key, value);
    }
  }
  const result = tracker.finish();
  yield* result.records;
  return result;
}
