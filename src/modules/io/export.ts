import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { yaml } from './yaml-lib.js';
import { DOCUMENT_MAX_DEPTH, firstProblem } from '../../shared/free-value.js';
import { formatPath } from '../../shared/zod-issues.js';
import type { Domain } from '../domains/schema.js';
import type { Metric } from '../metrics/schema.js';
import type { Objective } from '../objectives/schema.js';
import type { CatalogMeta, ImportFormat } from './detect.js';
import { restoreExtensions } from './extensions.js';
import { toOsi, type OmittedMetric } from './formats/osi-export.js';

/**
 * Writes canonical records as one catalog file: meta keys (catalog_version, catalog_name,
 * owner_team, contacts, then any others, verbatim), then `domains`, `objectives`, `metrics`.
 * Records are pulled one at a time from the iterables and written as they come, waiting for
 * `drain` when the output is full, so an export of 100k metrics holds one record at a time.
 * Each record goes through restoreExtensions (unknown fields return where they stood).
 * Server-managed fields (version, created_at, updated_at) are written as they are.
 *
 * A record (or catalog field) nested deeper than DOCUMENT_MAX_DEPTH, stored before that limit existed,
 * is skipped, never written half-way: serializing it overflowed the stack mid-stream, which cut every
 * export of the workspace short. Each skip is reported through `onSkip` and in the result, and the
 * file stays a valid catalog of everything else (re-importing it could not accept such a record anyway).
 */

type Source<T> = AsyncIterable<T> | Iterable<T>;

export interface CatalogExport {
  meta: CatalogMeta | null;
  domains: Source<Domain>;
  objectives: Source<Objective>;
  metrics: Source<Metric>;
}

export interface WriteCatalogOptions {
  /** End `out` and wait for it to finish (default true). Pass false for process.stdout or a shared stream. */
  end?: boolean;
  /** Told of each record or catalog field left out (see above), as it is skipped. */
  onSkip?: (skipped: SkippedRecord) => void;
}

export interface SkippedRecord {
  /** `metrics`, `domains`, `objectives`, or `catalog` for a catalog field. */
  section: string;
  /** The record's id, or the catalog field's name. */
  id: string;
  reason: string;
}

export interface WriteCatalogResult {
  domains: number;
  objectives: number;
  metrics: number;
  skipped: SkippedRecord[];
}

/** What an export writes: MDL's own catalog file, or an Apache Ossie (OSI) document of the metrics. */
export type ExportTarget = 'mdl' | 'osi';

export interface WriteOsiResult extends WriteCatalogResult {
  /** Metrics left out because OSI cannot hold them (no formula), with why; also listed in the document. */
  omitted: OmittedMetric[];
}

const SECTIONS = ['domains', 'objectives', 'metrics'] as const;
const META_FIRST = ['catalog_version', 'catalog_name', 'owner_team', 'contacts'];
// Stringify with YAML 1.1 rules so strings such as dates, "yes" or "0123" are quoted: YAML 1.1
// readers (PyYAML, many tools) would otherwise turn them into timestamps, booleans or numbers.
// The output is read identically by 1.2 readers, ours included.
const YAML_OPTIONS = { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false } as const;

/** Plain scalars that could read as a number, boolean, null, date or octal in some YAML version. */
const MAYBE_TYPED = /^[-+.0-9~nNtTfFyYoO]/;

function readsAsOtherThan(s: string): boolean {
  if (!MAYBE_TYPED.test(s)) return false;
  try {
    return yaml().parse(s, { version: '1.1' }) !== s || yaml().parse(s, { version: '1.2' }) !== s;
  } catch {
    return true;
  }
}

/**
 * YAML text that reads back as the same data in YAML 1.1 and 1.2 readers alike: any string (value or
 * key) that either version would type differently (`yes`, `0123`, `0o0`, `2024-01-01`…) is quoted.
 */
function toYaml(value: unknown): string {
  const doc = new (yaml().Document)(value, YAML_OPTIONS);
  yaml().visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && readsAsOtherThan(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString(YAML_OPTIONS);
}

/** A check that a record can be serialized (see above); the skips are counted and told. */
function exportableCheck(counts: WriteCatalogResult, options: WriteCatalogOptions) {
  return (section: string, id: string, value: unknown): boolean => {
    const problem = firstProblem(value, { maxDepth: DOCUMENT_MAX_DEPTH, reserved: new Set() });
    if (!problem) return true;
    const skipped = { section, id, reason: `${formatPath(problem.path)}: ${problem.message}` };
    counts.skipped.push(skipped);
    options.onSkip?.(skipped);
    return false;
  };
}

async function finish(out: Writable, options: WriteCatalogOptions): Promise<void> {
  if (options.end === false) return;
  out.end();
  await finished(out, { readable: false });
}

/**
 * Writes the metrics as one OSI document (formats/osi-export.ts; domains and objectives have no OSI
 * home). OSI nests metrics under their semantic models, so the document is built whole before it is
 * written, unlike the streamed MDL catalog. The model of the metrics not imported from OSI is named
 * after the catalog (`catalog_name`), else `mdl`.
 */
export async function writeOsi(
  out: Writable,
  data: Pick<CatalogExport, 'meta' | 'metrics'>,
  format: ImportFormat,
  options: WriteCatalogOptions & { onOmit?: (omitted: OmittedMetric) => void } = {},
): Promise<WriteOsiResult> {
  const sink = new Sink(out);
  const counts: WriteOsiResult = { domains: 0, objectives: 0, metrics: 0, skipped: [], omitted: [] };
  const exportable = exportableCheck(counts, options);
  try {
    const metrics: Metric[] = [];
    for await (const m of data.metrics) if (exportable('metrics', m.metric_id, m)) metrics.push(m);
    const catalogName = data.meta?.catalog_name;
    const doc = toOsi(metrics, {
      name: typeof catalogName === 'string' && catalogName.trim() !== '' ? catalogName : 'mdl',
      onOmit: (o) => (counts.omitted.push(o), options.onOmit?.(o)),
    });
    counts.metrics = metrics.length - counts.omitted.length;
    await sink.write(format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : toYaml(doc));
    await finish(out, options);
    return counts;
  } finally {
    sink.dispose();
  }
}

export async function writeCatalog(
  out: Writable,
  data: CatalogExport,
  format: ImportFormat,
  options: WriteCatalogOptions = {},
): Promise<WriteCatalogResult> {
  const sink = new Sink(out);
  const counts: WriteCatalogResult = { domains: 0, objectives: 0, metrics: 0, skipped: [] };
  const exportable = exportableCheck(counts, options);
  const records = async function* (section: (typeof SECTIONS)[number]): AsyncGenerator<object> {
    for await (const record of data[section] as Source<object>) if (exportable(section, idOf(record), record)) yield record;
  };
  try {
    const meta = orderedMeta(data.meta).filter(([key, value]) => exportable('catalog', key, value));
    if (format === 'json') {
      let first = true;
      const sep = (): string => (first ? ((first = false), '{\n') : ',\n');
      for (const [key, value] of meta) await sink.write(`${sep()}  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}`);
      for (const section of SECTIONS) {
        await sink.write(`${sep()}  ${JSON.stringify(section)}: [`);
        for await (const record of records(section)) {
          const json = indent(JSON.stringify(restoreExtensions(record), null, 2), '    ');
          await sink.write(`${counts[section]++ === 0 ? '\n' : ',\n'}    ${json}`);
        }
        await sink.write(counts[section] > 0 ? '\n  ]' : ']');
      }
      await sink.write('\n}\n');
    } else {
      if (meta.length > 0) await sink.write(toYaml(Object.fromEntries(meta)));
      for (const section of SECTIONS) {
        await sink.write(`${section}:`);
        for await (const record of records(section)) {
          await sink.write(`${counts[section]++ === 0 ? '\n' : ''}${asSequenceItem(toYaml(restoreExtensions(record)))}`);
        }
        if (counts[section] === 0) await sink.write(' []\n');
      }
    }
    await finish(out, options);
    return counts;
  } finally {
    sink.dispose();
  }
}

function idOf(record: object): string {
  const r = record as Record<string, unknown>;
  return String(r.metric_id ?? r.domain_id ?? r.objective_id ?? '?');
}

/** Meta entries in catalog order; the record arrays and undefined values are never meta. */
function orderedMeta(meta: CatalogMeta | null): Array<[string, unknown]> {
  if (!meta) return [];
  const keys = [...META_FIRST.filter((k) => Object.hasOwn(meta, k)), ...Object.keys(meta).filter((k) => !META_FIRST.includes(k))];
  return keys.filter((k) => !(SECTIONS as readonly string[]).includes(k) && meta[k] !== undefined).map((k) => [k, meta[k]]);
}

function indent(text: string, pad: string): string {
  // JSON.stringify escapes newlines inside strings, so every "\n" here is structural.
  return text.replace(/\n/g, `\n${pad}`);
}

/** A YAML mapping as an item of a block sequence nested under a top-level key. */
function asSequenceItem(block: string): string {
  const lines = (block.endsWith('\n') ? block.slice(0, -1) : block).split('\n');
  // Empty lines stay empty: inside block scalars, added spaces would become content.
  return `${lines.map((line, i) => (i === 0 ? `  - ${line}` : line === '' ? '' : `    ${line}`)).join('\n')}\n`;
}

/** Backpressure-aware writes that fail fast when the output errors or closes. */
class Sink {
  private failure: unknown = null;
  private readonly onError = (error: unknown): void => {
    this.failure ??= error;
  };

  constructor(private readonly out: Writable) {
    out.on('error', this.onError);
  }

  async write(chunk: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.out.destroyed || this.out.writableEnded) throw new Error('export output was closed before the export finished');
    if (!this.out.write(chunk)) await this.drained();
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        this.out.off('drain', onDrain);
        this.out.off('close', onClose);
        this.out.off('error', onFail);
      };
      const onDrain = (): void => (cleanup(), resolve());
      const onClose = (): void => (cleanup(), reject(new Error('export output was closed before the export finished')));
      const onFail = (error: unknown): void => (cleanup(), reject(error));
      this.out.on('drain', onDrain);
      this.out.on('close', onClose);
      this.out.on('error', onFail);
    });
  }

  dispose(): void {
    this.out.off('error', this.onError);
  }
}
