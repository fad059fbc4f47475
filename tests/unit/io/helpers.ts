import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { normalizeDomain } from '../../../src/modules/io/normalize-domain.js';
import { normalizeMetric } from '../../../src/modules/io/normalize-metric.js';
import { normalizeObjective } from '../../../src/modules/io/normalize-objective.js';
import { readImportSource, type ImportSourceInput, type ProgressFn } from '../../../src/modules/io/reader.js';
import type { CatalogMeta, ImportRecord, ImportShape } from '../../../src/modules/io/detect.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
/** The public blank templates, vendored under tests/fixtures/mdl-templates (MIT, see NOTICE.md there). */
export const TEMPLATES = fileURLToPath(new URL('../../fixtures/mdl-templates/', import.meta.url));

export interface ReadAll {
  records: ImportRecord[];
  meta: CatalogMeta | null;
  shape: ImportShape;
}

export async function readAll(input: ImportSourceInput, onProgress?: ProgressFn): Promise<ReadAll> {
  const src = await readImportSource(input, onProgress);
  const records: ImportRecord[] = [];
  for await (const r of src.records) records.push(r);
  return { records, meta: await src.meta, shape: await src.shape };
}

export function normalizeRecord(r: ImportRecord) {
  if (r.kind === 'metric') return normalizeMetric(r.raw, r.path);
  if (r.kind === 'domain') return normalizeDomain(r.raw, r.path);
  return normalizeObjective(r.raw, r.path);
}

/** Reads and normalizes a whole source, grouped by kind; throws with the issues if any record fails. */
export async function loadCanonical(input: ImportSourceInput) {
  const { records, meta, shape } = await readAll(input);
  const out = { meta, shape, domains: [] as unknown[], objectives: [] as unknown[], metrics: [] as unknown[] };
  for (const r of records) {
    const res = normalizeRecord(r);
    if (!res.ok) throw new Error(`${r.path}: ${JSON.stringify(res.issues)}`);
    out[`${r.kind}s`].push(res.value);
  }
  return out;
}

/** A writable that collects text, optionally slow (tiny buffer + async writes) to force backpressure. */
export class CollectingWritable extends Writable {
  text = '';
  drains = 0;
  constructor(private readonly slow = false) {
    super({ highWaterMark: slow ? 16 : 16 * 1024, decodeStrings: false });
    if (slow) this.on('drain', () => this.drains++);
  }
  override _write(chunk: string | Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.text += chunk.toString();
    if (this.slow) setImmediate(cb);
    else cb();
  }
}
