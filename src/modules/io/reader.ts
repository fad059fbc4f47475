import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { detectFormat, type CatalogMeta, type ImportFormat, type ImportRecord, type ImportShape } from './detect.js';
import { ImportSourceError } from './errors.js';
import { streamJsonRecords } from './json-reader.js';
import { streamYamlRecords } from './yaml-reader.js';

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
 * - YAML is streamed too (yaml-reader.ts): the syntax tree is built as text arrives and each record
 *   is composed and handed over as soon as it is complete. One YAML record may span at most
 *   YAML_RECORD_LIMIT of text (413 YAML_RECORD_TOO_LARGE), and an alias must name an anchor of its own record.
 * - Nesting deeper than DOCUMENT_MAX_DEPTH is refused while reading (either format), so nothing deeper
 *   reaches code that recurses; integers beyond ±(2^53 − 1) are read as BigInts, which validation refuses.
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

/** A file's shape; 'batch' for several files read as one (multi-source.ts), a dialect for one file of another tool. */
export type SourceShape = ImportShape | 'batch' | 'dbt' | 'cube' | 'osi';

export interface ImportSource {
  format: ImportFormat;
  records: AsyncIterable<ImportRecord>;
  meta: Promise<CatalogMeta | null>;
  shape: Promise<SourceShape>;
  /** Files of a batch left out, with why (a walked file that is no catalog file, a Cube .js model). */
  skipped?: Promise<Array<{ source: string; reason: string }>>;
  close(): void;
}

/** One file's source: its shape is one of the file shapes. */
export interface FileSource extends ImportSource {
  shape: Promise<ImportShape>;
}

const TEXT_CHUNK = 256 * 1024;

export async function readImportSource(input: ImportSourceInput, onProgress?: ProgressFn): Promise<FileSource> {
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
      : streamYamlRecords(source, { onProgress, totalBytes });
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
