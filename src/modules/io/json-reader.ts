import { pipeline, Transform, type Readable } from 'node:stream';
import Parser from 'stream-json/Parser.js';
import Verifier from 'stream-json/utils/Verifier.js';
import { AsyncQueue } from './async-queue.js';
import { ShapeTracker, type ImportRecord, type ShapeResult } from './detect.js';
import { ImportSourceError, type SourceLocation } from './errors.js';
import { JsonRecordAssembler, type JsonToken } from './json-assembler.js';

export interface JsonReadOptions {
  onProgress?: (bytesRead: number, totalBytes?: number) => void;
  totalBytes?: number;
  /** Re-opens the source to pinpoint a syntax error (file or text); absent for one-shot streams. */
  reopen?: () => Readable;
}

export interface StreamedRecords {
  records: AsyncIterable<ImportRecord>;
  /** Settles after the last record; rejects on a read error or when iteration stopped early. */
  done: Promise<ShapeResult>;
  close(): void;
}

/** Streams records out of a JSON source; memory is bounded by the largest single record. */
export function streamJsonRecords(source: Readable, options: JsonReadOptions = {}): StreamedRecords {
  let bytes = 0;
  // For one-shot streams: line/column where the chunk under parse began (an error lies at or after it).
  let chunkStart: SourceLocation = { line: 1, column: 1 };
  let cursor = { line: 1, column: 1 };
  const counter = new Transform({
    transform(chunk: Buffer | string, _enc, cb) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytes += buf.length;
      if (!options.reopen) {
        chunkStart = cursor;
        cursor = advance(cursor, buf);
      }
      options.onProgress?.(bytes, options.totalBytes);
      cb(null, buf);
    },
  });
  const parser = new Parser({ streamValues: false });

  let settle!: { resolve: (r: ShapeResult) => void; reject: (e: unknown) => void };
  const done = new Promise<ShapeResult>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => undefined); // callers may only iterate; the same error reaches them through the queue

  let finished = false;
  let sawToken = false;
  const fail = (error: unknown): void => {
    if (finished) return;
    finished = true;
    const empty = !sawToken && error instanceof Error && error.message === 'Parser has expected a value';
    void (empty ? Promise.resolve(new ImportSourceError('the file is empty')) : toImportError(error, options.reopen, chunkStart)).then((err) => {
      queue.fail(err);
      settle.reject(err);
    });
    source.destroy();
    parser.destroy();
  };

  const cancel = (): void => {
    if (finished) return;
    finished = true;
    const error = new ImportSourceError('the import source was not read to the end');
    queue.fail(error);
    settle.reject(error);
    source.destroy();
    parser.destroy();
  };
  const queue = new AsyncQueue<ImportRecord>({
    highWater: 64,
    pause: () => parser.pause(),
    resume: () => parser.resume(),
    cancel,
  });

  const assembler = new JsonRecordAssembler(new ShapeTracker(), (record) => queue.push(record));
  parser.on('data', (token: JsonToken) => {
    if (finished) return;
    sawToken = true;
    try {
      assembler.consume(token);
    } catch (error) {
      fail(error);
    }
  });
  parser.on('end', () => {
    if (finished) return;
    try {
      const result = assembler.finish();
      finished = true;
      queue.end();
      settle.resolve(result);
    } catch (error) {
      fail(error);
    }
  });
  pipeline(source, counter, parser, (error) => {
    if (error) fail(error);
  });

  return { records: queue, done, close: cancel };
}

function advance(from: SourceLocation, buf: Buffer): SourceLocation {
  let line = from.line;
  let lastNewline = -1;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) {
    line++;
    lastNewline = i;
  }
  const column = lastNewline === -1 ? from.column + buf.length : buf.length - lastNewline;
  return { line, column };
}

async function toImportError(error: unknown, reopen: (() => Readable) | undefined, chunkStart: SourceLocation): Promise<unknown> {
  if (!(error instanceof Error) || !/^Parser (cannot parse input|has expected)/.test(error.message)) return error;
  const reason = error.message.replace(/^Parser (cannot parse input: )?/, '');
  const location = reopen ? await locateSyntaxError(reopen) : { ...chunkStart, approximate: true };
  return new ImportSourceError(`malformed JSON: ${reason}`, location);
}

/** Re-reads the source with stream-json's Verifier, which tracks exact line and column (error path only). */
function locateSyntaxError(reopen: () => Readable): Promise<SourceLocation | undefined> {
  return new Promise((resolve) => {
    const verifier = new Verifier();
    pipeline(reopen(), verifier, (error) => {
      const e = error as (Error & { line?: number; pos?: number }) | undefined;
      resolve(e && typeof e.line === 'number' && typeof e.pos === 'number' ? { line: e.line, column: e.pos } : undefined);
    });
  });
}
