import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { LineCounter, parseDocument, visit } from 'yaml';
import { classifyDocument, detectFormat, type CatalogMeta, type ImportFormat, type ImportRecord, type ImportShape, type ShapeResult } from './detect.js';
import { ImportSourceError } from './errors.js';
import { streamJsonRecords } from './json-reader.js';

/**
 * Reading an import file into raw records (normalization is a separate, per-record step).
 *
 *   const src = await readImportSource({ path: 'catalog.json' }, (read, total) => bar.update(read));
 *   for await (const { kind, path, raw } of src.records) { ...normalizeMetric(raw, path)... }
 *   const meta = await src.meta;   // catalog fields, or null for a single record / a list
 *
 * - Exactly one of `path`, `stream` or `text`. The format is `format`, else the file extension, else
 *   the first non-space character (`{`/`[` → JSON, anything else → YAML).
 * - JSON is streamed: records are assembled one at a time from the token stream, so a catalog of
 *   100k metrics is never held as one document; top-level keys may come in any order.
 * - YAML is parsed as one document (the `yaml` library has no streaming parser), then iterated:
 *   memory grows with the file. Use JSON for very large catalogs.
 * - `records` can be iterated once. `meta` and `shape` settle when it has been iterated to the end
 *   (catalog fields may follow the arrays in a JSON stream), so await them after the loop; they
 *   reject if iteration stopped early or the file is malformed. `close()` releases an unread source.
 * - Malformed input and unrecognized shapes raise ImportSourceError, with line/column for syntax
 *   errors (exact for paths and text; the region for one-shot JSON streams, marked `approximate`).
 * - `onProgress(bytesRead, totalBytes?)` is called per chunk read; totalBytes is known for paths and text.
 */

export interface ImportSourceInput {
  path?: string;
  stream?: Readable;
  text?: string;
  format?: ImportFormat;
}

export type ProgressFn = (bytesRead: number, totalBytes?: number) => void;

export interface ImportSource {
  format: ImportFormat;
  records: AsyncIterable<ImportRecord>;
  meta: Promise<CatalogMeta | null>;
  shape: Promise<ImportShape>;
  close(): void;
}

const TEXT_CHUNK = 256 * 1024;

export async function readImportSource(input: ImportSourceInput, onProgress?: ProgressFn): Promise<ImportSource> {
  const given = [input.path, input.stream, input.text].filter((v) => v !== undefined).length;
  if (given !== 1) throw new ImportSourceError('give exactly one of path, stream or text');

  let open: () => Readable;
  let totalBytes: number | undefined;
  let reopen: (() => Readable) | undefined;
  if (input.path !== undefined) {
    const path = input.path;
    totalBytes = (await stat(path)).size;
    open = reopen = () => createReadStream(path);
  } else if (input.text !== undefined) {
    const text = input.text;
    totalBytes = Buffer.byteLength(text);
    open = reopen = () => Readable.from(textChunks(text), { objectMode: false });
  } else {
    const stream = input.stream as Readable;
    open = () => stream;
  }

  let source = open();
  let format = input.format ?? (input.path ? detectFormatOrNull(input.path) : null);
  if (format === null) {
    const peeked = await peekHead(source);
    format = detectFormat({ head: peeked.head });
    source = peeked.stream;
  }

  const done =
    format === 'json'
      ? streamJsonRecords(source, { onProgress, totalBytes, reopen })
      : readYamlRecords(source, onProgress, totalBytes);
  const meta = done.done.then((r) => r.meta);
  const shape = done.done.then((r) => r.shape);
  meta.catch(() => undefined);
  shape.catch(() => undefined);
  return { format, records: done.records, meta, shape, close: done.close };
}

function detectFormatOrNull(path: string): ImportFormat | null {
  return /\.(json|ya?ml)$/i.test(path) ? detectFormat({ path }) : null;
}

function* textChunks(text: string): Generator<Buffer> {
  // Chunked so progress moves and the JSON parser works on bounded buffers. A chunk never ends between
  // the two halves of a surrogate pair: encoded apart, each half would become U+FFFD.
  for (let i = 0; i < text.length;) {
    let end = Math.min(i + TEXT_CHUNK, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    yield Buffer.from(text.slice(i, end));
    i = end;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Reads until the first non-space character, then hands back a stream that replays what was read. */
async function peekHead(stream: Readable): Promise<{ head: string; stream: Readable }> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const seen: Buffer[] = [];
  let head = '';
  while (!/[^\s\uFEFF]/.test(head)) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    seen.push(chunk);
    head += chunk.toString('utf8', 0, Math.min(chunk.length, 1024));
  }
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      yield* seen;
      for (let n = await iterator.next(); !n.done; n = await iterator.next()) {
        yield typeof n.value === 'string' ? Buffer.from(n.value) : n.value;
      }
    } finally {
      await iterator.return?.();
    }
  }
  return { head, stream: Readable.from(replay(), { objectMode: false }) };
}

/** YAML: read the whole text (reporting progress), parse once, then iterate the parsed document. */
function readYamlRecords(source: Readable, onProgress: ProgressFn | undefined, totalBytes: number | undefined) {
  let settle!: { resolve: (r: ShapeResult) => void; reject: (e: unknown) => void };
  const done = new Promise<ShapeResult>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => undefined);
  let settled = false;
  let started = false;

  async function* generate(): AsyncGenerator<ImportRecord> {
    try {
      const text = await readAll(source, onProgress, totalBytes);
      const iterator = classifyDocument(parseYaml(text));
      for (let step = iterator.next(); ; step = iterator.next()) {
        if (step.done) {
          settled = true;
          settle.resolve(step.value);
          return;
        }
        yield step.value;
      }
    } catch (error) {
      settled = true;
      settle.reject(error);
      throw error;
    } finally {
      if (!settled) settle.reject(new ImportSourceError('the import source was not read to the end'));
      source.destroy();
    }
  }
  const records: AsyncIterable<ImportRecord> = {
    [Symbol.asyncIterator]() {
      if (started) throw new Error('import records can be iterated only once');
      started = true;
      return generate();
    },
  };
  const close = (): void => {
    if (!started) settle.reject(new ImportSourceError('the import source was not read to the end'));
    source.destroy();
  };
  return { records, done, close };
}

async function readAll(source: Readable, onProgress: ProgressFn | undefined, totalBytes: number | undefined): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of source as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(buf);
    bytes += buf.length;
    onProgress?.(bytes, totalBytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseYaml(text: string): unknown {
  // resolveKnownTags: false keeps !!set, !!omap, !!pairs, !!binary and !!timestamp values as the plain
  // maps, lists and strings written; resolved, they become a Set, Map, Uint8Array or Date, which JSON
  // storage would silently turn into {}, {"0":…} or a rewritten date.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, resolveKnownTags: false, lineCounter });
  const error = doc.errors[0];
  if (error) {
    const reason = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
    const pos = error.linePos?.[0];
    throw new ImportSourceError(`malformed YAML: ${reason}`, pos ? { line: pos.line, column: pos.col } : undefined);
  }
  // .inf and .nan have no JSON form (they would be stored as null): refused, not changed.
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && !Number.isFinite(node.value)) {
        const pos = node.range ? lineCounter.linePos(node.range[0]) : undefined;
        throw new ImportSourceError(`YAML number ${node.source ?? String(node.value)} cannot be stored: JSON has no infinity or NaN (quote it to keep it as text)`, pos ? { line: pos.line, column: pos.col } : undefined);
      }
    },
  });
  try {
    return doc.toJS();
  } catch (e) {
    // e.g. the alias-expansion guard ("billion laughs")
    throw new ImportSourceError(`malformed YAML: ${e instanceof Error ? e.message : String(e)}`);
  }
}
