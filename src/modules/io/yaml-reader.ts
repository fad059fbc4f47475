import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { CST } from 'yaml';
import { yaml } from './yaml-lib.js';
import { DomainError } from '../../shared/errors.js';
import { depthMessage, DOCUMENT_MAX_DEPTH } from '../../shared/free-value.js';
import { formatPath } from '../../shared/zod-issues.js';
import { classifyDocument, RECORD_ARRAYS, ShapeTracker, type ImportRecord, type ShapeResult } from './detect.js';
import { ImportSourceError, YamlRecordTooLargeError } from './errors.js';
import type { StreamedRecords } from './json-reader.js';
import { flowItemAlone, isMapToken, isSeqToken, openPath, YamlComposer, type Item } from './yaml-units.js';

/**
 * Streams records out of a YAML source in bounded memory. The `yaml` library's Parser builds the
 * concrete syntax tree (CST) incrementally as text arrives; after each chunk, the items that are
 * complete (every item of the root and of a record array but the one being parsed) are composed one
 * by one into plain values, handed to the ShapeTracker (the same one the JSON reader uses) and cut out
 * of the tree. Memory holds one chunk's tree and one record, not the file: the whole file's tree and
 * document model took about 34 and 15 times the text size (a 35.8 MB file ended the server).
 *
 * Limits, so no file can take the process down:
 * - one piece (a record, or a top-level value that is not a record array) may span YAML_RECORD_LIMIT
 *   characters of text and YAML_RECORD_TOKENS lexer tokens: YamlRecordTooLargeError, HTTP 413. Memory
 *   follows the tokens, not the characters: a catalog's text holds about one token per 4.5 characters,
 *   but `[1,1,1,…]` three per 2, and one 2 MB record of it took 8 s and 1.1 GB (a 50 MB file of them
 *   would have run for minutes at several GB);
 * - nesting deeper than DOCUMENT_MAX_DEPTH is refused while parsing, before anything recurses over it.
 * An alias must name an anchor of its own record; one file holds one YAML document.
 */

export const YAML_RECORD_LIMIT = 4 * 1024 * 1024;
/**
 * Lexer tokens one piece may hold. Reading a record takes up to about 320 bytes a token (its tree,
 * document model and value; measured on a flow sequence of one-digit numbers, where a catalog's records
 * take less), so one piece stays near 64 MB; a metric of the fixture catalog holds about 1,000 tokens.
 * At 500,000, a server importing records of that worst kind peaked near 800 MiB.
 */
export const YAML_RECORD_TOKENS = 200_000;
/** Tokens lexed between two harvests, so a piece's tokens are known to within this many. */
const HARVEST_TOKENS = 16_384;
/** Parser stack entries above the nesting depth: the document and a scalar being read. */
const STACK_SLACK = 2;
/** Characters parsed between two harvests: the tree in memory is about 34 times this, plus one record. */
const HARVEST_EVERY = 256 * 1024;

interface Streaming {
  /** The top-level entry (`metrics: …`) whose sequence is being streamed; null for a root list. */
  entry: Item | null;
  seq: CST.BlockSequence | CST.FlowCollection;
  key: string | null;
  /** Items already taken from the sequence (cut out of the tree) and elements emitted. */
  taken: number;
  emitted: number;
}

export class YamlRecordReader {
  private readonly lines = new (yaml().LineCounter)();
  private readonly lexer = new (yaml().Lexer)();
  private readonly parser = new (yaml().Parser)(this.lines.addNewLine);
  private readonly units = new YamlComposer(this.lines);
  private readonly tracker = new ShapeTracker();
  private doc: CST.Document | null = null;
  private started: CST.Document | null = null;
  private docDone = false;
  private root: CST.Token | null = null;
  private rootTaken = 0;
  private readonly keys = new Set<string>();
  private streaming: Streaming | null = null;
  private out: ImportRecord[] = [];
  private pending: string[] = [];
  /** Tokens lexed so far, and how many had been lexed at each recent harvest (oldest first). */
  private tokens = 0;
  private marks: Array<{ offset: number; tokens: number }> = [];

  constructor() {
    this.lines.addNewLine(0);
  }

  /**
   * Parses more text (`final` at the end of input), yielding the records completed as it goes (after
   * every HARVEST_EVERY characters parsed, so a caller can let other work run in between).
   */
  *feed(more: string, final: boolean): Generator<ImportRecord[]> {
    // Only whole lines reach the lexer. It emits the indentation it has seen when text runs out, and
    // the parser takes that column as final: a chunk ending in "    " before "  key:" nested the key
    // wrongly. It also waits for a line's end before lexing a flow collection, and appending to its
    // buffer copies it, so a long line is gathered here, in pieces, and joined once.
    this.pending.push(more);
    if (!final && !more.includes('\n')) return;
    let text = this.pending.join('');
    this.pending = [];
    if (!final) {
      const cut = text.lastIndexOf('\n') + 1;
      this.pending.push(text.slice(cut));
      text = text.slice(0, cut);
    }
    let next = this.parser.offset + HARVEST_EVERY;
    let nextTokens = this.tokens + HARVEST_TOKENS;
    for (const lexeme of this.lexer.lex(text, !final)) {
      this.tokens++;
      for (const token of this.parser.next(lexeme)) this.top(token);
      if (this.parser.stack.length > DOCUMENT_MAX_DEPTH + STACK_SLACK) throw this.tooDeep();
      if (this.parser.offset >= next || this.tokens >= nextTokens) {
        yield this.harvest();
        next = this.parser.offset + HARVEST_EVERY;
        nextTokens = this.tokens + HARVEST_TOKENS;
      }
    }
    if (final) for (const token of this.parser.end()) this.top(token);
    yield this.harvest();
  }

  private tooDeep(): ImportSourceError {
    const path = openPath(this.parser.stack, (seq) => (this.streaming?.seq === seq ? this.streaming.taken : 0));
    return new ImportSourceError(`the file is ${depthMessage(DOCUMENT_MAX_DEPTH)} at ${formatPath(path)}`, this.units.locate(this.parser.offset));
  }

  /** After the final feed: the shape, and the records held back until the end. */
  finish(): { result: ShapeResult; records: ImportRecord[] } {
    if (!this.doc || !this.root) return this.classifyWhole(null);
    for (const t of [...this.doc.start, ...(this.doc.end ?? [])] as CST.Token[]) {
      if (t.type === 'error') throw new ImportSourceError(`malformed YAML: ${t.message}`, this.units.locate(t.offset));
    }
    if (!isMapToken(this.root) && !isSeqToken(this.root)) return this.classifyWhole(this.units.value(this.root));
    const result = this.tracker.finish();
    return { result, records: result.records };
  }

  private classifyWhole(value: unknown): { result: ShapeResult; records: ImportRecord[] } {
    // A scalar or empty document: classifyDocument says why it is not a catalog.
    const it = classifyDocument(value);
    const records: ImportRecord[] = [];
    for (let step = it.next(); ; step = it.next()) {
      if (step.done) return { result: step.value, records };
      records.push(step.value);
    }
  }

  private top(token: CST.Token): void {
    switch (token.type) {
      case 'directive':
        this.units.directive(token);
        return;
      case 'document':
        if (this.docDone) throw this.secondDocument(token.offset);
        this.doc = token;
        this.docDone = true;
        return;
      case 'error':
        throw new ImportSourceError(`malformed YAML: ${token.message}`, this.units.locate(token.offset));
      default:
        // Comments, blank lines, a byte-order mark or a `...` end marker between documents.
        return;
    }
  }

  private secondDocument(offset: number): ImportSourceError {
    return new ImportSourceError('malformed YAML: the file holds more than one document; an import file holds one', this.units.locate(offset));
  }

  /** Takes every complete piece out of the tree; returns the records they completed. */
  private harvest(): ImportRecord[] {
    this.takeComplete();
    this.mark();
    const out = this.out;
    this.out = [];
    return out;
  }

  private takeComplete(): void {
    const active = this.parser.stack[0];
    if (active?.type === 'document' && active !== this.doc) {
      if (this.docDone) throw this.secondDocument(active.offset);
      this.doc = active;
    }
    const doc = this.doc;
    if (!doc) return;
    if (doc !== this.started) {
      this.started = doc;
      this.units.documentStarts(doc);
    }
    const rootOpen = !this.docDone && this.parser.stack[0] === doc && this.parser.stack[1] !== undefined;
    const root = rootOpen ? (this.parser.stack[1] as CST.Token) : doc.value;
    if (!root) return;
    if (this.root && root !== this.root && (this.rootTaken > 0 || this.streaming)) {
      // A collection read item by item turned out to be the key of a map (`[…]: x`): not a catalog.
      throw new ImportSourceError('unrecognized file shape: expected a catalog, {metrics|domains|objectives: [...]}, a list of metrics, or a single metric, domain or objective');
    }
    this.root = root;
    if (isMapToken(root)) this.harvestMap(root, rootOpen);
    else if (isSeqToken(root)) this.harvestList(root, rootOpen);
    else if (rootOpen) this.checkSize(root.offset, 'the top-level value');
  }

  private harvestMap(root: CST.BlockMap | CST.FlowCollection, open: boolean): void {
    const items = root.items;
    const complete = open ? items.length - 1 : items.length;
    for (let i = 0; i < complete; i++) this.takeEntry(root, items[i] as Item, this.rootTaken + i, !open && i === items.length - 1);
    items.splice(0, complete);
    this.rootTaken += complete;
    if (open && items.length > 0) this.followOpenEntry(root, items[0] as Item);
  }

  /** A composable copy of a top-level entry (flow maps: its comma checked and removed), or null. */
  private piece(parent: CST.BlockMap | CST.BlockSequence | CST.FlowCollection, item: Item, index: number, isLast: boolean): Item | null {
    if (parent.type !== 'flow-collection') return item;
    const alone = flowItemAlone(parent, item, index, isLast);
    if (alone?.error) throw new ImportSourceError(`malformed YAML: ${alone.error}`, this.units.locate(offsetOf(item, parent.offset)));
    return alone ? alone.item : null;
  }

  private keyOf(parent: CST.BlockMap | CST.FlowCollection, piece: Item): string | null {
    const entry = this.units.entry(parent, piece, false);
    if (!entry) return null;
    if (this.keys.has(entry[0])) throw new ImportSourceError('malformed YAML: Map keys must be unique', this.units.locate(offsetOf(piece, parent.offset)));
    this.keys.add(entry[0]);
    return entry[0];
  }

  private takeEntry(root: CST.BlockMap | CST.FlowCollection, item: Item, index: number, isLast: boolean): void {
    if (this.streaming && this.streaming.entry === item) {
      this.streamItems(false);
      this.streaming = null;
      return;
    }
    const piece = this.piece(root, item, index, isLast);
    if (!piece) return;
    const key = this.keyOf(root, piece);
    if (key === null) return;
    if (this.startStreaming(item, key, piece.value)) {
      this.streamItems(false);
      this.streaming = null;
      return;
    }
    const entry = this.units.entry(root, piece) as [string, unknown];
    this.tracker.value(key, entry[1]);
  }

  /** The last top-level entry, still being parsed: its record array streams as it grows. */
  private followOpenEntry(root: CST.BlockMap | CST.FlowCollection, item: Item): void {
    if (this.streaming && this.streaming.entry === item) {
      this.streamItems(this.parser.stack[2] === this.streaming.seq);
      return;
    }
    const value = this.parser.stack[2];
    const keyed = Boolean(item.key) && item.value === undefined && Boolean(item.sep?.some((t) => t.type === 'map-value-ind'));
    if (keyed && isSeqToken(value)) {
      const piece = this.piece(root, item, this.rootTaken, false);
      const key = piece ? this.keyOf(root, { start: piece.start, key: piece.key, sep: piece.sep }) : null;
      if (key !== null && this.startStreaming(item, key, value)) {
        this.streamItems(true);
        return;
      }
      // Not streamed after all: its key was taken, so let takeEntry find it by identity.
      if (key !== null) this.keys.delete(key);
    }
    this.checkSize(offsetOf(item, root.offset), 'a top-level value');
  }

  private startStreaming(entry: Item, key: string, value: CST.Token | undefined): boolean {
    if (!isSeqToken(value) || !Object.hasOwn(RECORD_ARRAYS, key) || !this.tracker.streamsArray(key)) return false;
    this.tracker.startArray(key);
    this.streaming = { entry, seq: value, key, taken: 0, emitted: 0 };
    return true;
  }

  private harvestList(root: CST.BlockSequence | CST.FlowCollection, open: boolean): void {
    if (!this.streaming) {
      this.tracker.startList();
      this.streaming = { entry: null, seq: root, key: null, taken: 0, emitted: 0 };
    }
    this.streamItems(open);
  }

  /** Takes the complete items of the sequence being streamed (all of them once it is closed). */
  private streamItems(open: boolean): void {
    const s = this.streaming as Streaming;
    const items = s.seq.items;
    const complete = open ? items.length - 1 : items.length;
    for (let i = 0; i < complete; i++) {
      const piece = this.piece(s.seq, items[i] as Item, s.taken + i, !open && i === items.length - 1);
      if (!piece) continue;
      for (const value of this.units.element(s.seq, piece)) {
        const index = s.emitted++;
        if (s.key === null) this.out.push(this.tracker.listItem(index, value));
        else this.out.push(...this.tracker.item(s.key, index, value));
      }
    }
    items.splice(0, complete);
    s.taken += complete;
    if (open && items.length > 0) this.checkSize(offsetOf(items[0] as Item, s.seq.offset), s.key === null ? `[${s.emitted}]` : `${s.key}[${s.emitted}]`);
  }

  /**
   * Remembers how many tokens had been lexed by here. Marks older than YAML_RECORD_LIMIT characters are
   * dropped but the newest of them: a piece that started before it is refused by its length anyway.
   */
  private mark(): void {
    this.marks.push({ offset: this.parser.offset, tokens: this.tokens });
    const cutoff = this.parser.offset - YAML_RECORD_LIMIT;
    let old = 0;
    while (old + 1 < this.marks.length && (this.marks[old + 1] as { offset: number }).offset < cutoff) old++;
    if (old > 0) this.marks.splice(0, old);
  }

  /** Tokens lexed since `from`, counted from the last harvest before it (at most HARVEST_TOKENS more). */
  private tokensSince(from: number): number {
    for (let i = this.marks.length - 1; i >= 0; i--) {
      const m = this.marks[i] as { offset: number; tokens: number };
      if (m.offset <= from) return this.tokens - m.tokens;
    }
    return this.tokens;
  }

  private checkSize(from: number, what: string): void {
    const long = this.parser.offset - from > YAML_RECORD_LIMIT;
    if (!long && this.tokensSince(from) <= YAML_RECORD_TOKENS) return;
    const at = this.units.locate(from);
    const size = long ? `spans more than ${YAML_RECORD_LIMIT / 1024 / 1024} MiB of YAML` : `holds more than ${YAML_RECORD_TOKENS.toLocaleString('en')} YAML tokens (keys, values and punctuation)`;
    throw new YamlRecordTooLargeError(
      `${what} (from line ${at.line}) ${size}, the limit for one record: the YAML reader holds one record at a time; split it, or send the file as JSON`,
      { limit_bytes: YAML_RECORD_LIMIT, limit_tokens: YAML_RECORD_TOKENS, location: at },
    );
  }
}

/** Where an item starts in the file. */
function offsetOf(item: Item, fallback: number): number {
  return item.start[0]?.offset ?? item.key?.offset ?? item.value?.offset ?? fallback;
}

/** StreamedRecords over a YAML source (reader.ts): records as chunks are parsed, never the whole file. */
export function streamYamlRecords(source: Readable, options: { onProgress?: (read: number, total?: number) => void; totalBytes?: number } = {}): StreamedRecords {
  let settle!: { resolve: (r: ShapeResult) => void; reject: (e: unknown) => void };
  const done = new Promise<ShapeResult>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => undefined);
  let settled = false;
  let started = false;

  async function* generate(): AsyncGenerator<ImportRecord> {
    try {
      const reader = new YamlRecordReader();
      const decoder = new StringDecoder('utf8');
      let bytes = 0;
      for await (const chunk of source as AsyncIterable<Buffer | string>) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        bytes += buf.length;
        options.onProgress?.(bytes, options.totalBytes);
        yield* parsed(reader.feed(decoder.write(buf), false));
      }
      yield* parsed(reader.feed(decoder.end(), true));
      const { result, records } = guarded(() => reader.finish());
      yield* records;
      settled = true;
      settle.resolve(result);
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

/**
 * Records as the reader yields them. Parsing is CPU-bound: the event loop gets a turn after each
 * batch, so a large import does not stall the server's other requests.
 */
async function* parsed(batches: Generator<ImportRecord[]>): AsyncGenerator<ImportRecord> {
  for (;;) {
    const step = guarded(() => batches.next());
    if (step.done) return;
    yield* step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Our errors pass; anything else the parser throws is reported without its internals. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new ImportSourceError('malformed YAML: the document could not be read');
  }
}
