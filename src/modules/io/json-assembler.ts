import { depthMessage, DOCUMENT_MAX_DEPTH } from '../../shared/free-value.js';
import { formatPath } from '../../shared/zod-issues.js';
import type { ImportRecord, ShapeResult, ShapeTracker } from './detect.js';
import { ImportSourceError } from './errors.js';
import { setOwn, type PlainObject } from './json-pointer.js';

/**
 * Builds values from stream-json Parser tokens (packed values only: `streamValues: false`) without
 * ever holding the whole document: items of the top-level list and of record arrays under the top
 * object are handed to the ShapeTracker one by one and dropped; only other top-level values (the
 * catalog meta, or a single record) are kept.
 */

export interface JsonToken {
  name: string;
  value?: string | number | boolean | null;
}

type Role = 'top-object' | 'stream' | 'plain';

interface Frame {
  role: Role;
  container: PlainObject | unknown[];
  /** Object frames: the key whose value comes next. Stream frames: the top-level key being streamed. */
  key: string | null;
  index: number;
}

export class JsonRecordAssembler {
  private readonly stack: Frame[] = [];
  private started = false;
  private result: ShapeResult | null = null;

  constructor(
    private readonly tracker: ShapeTracker,
    private readonly emit: (record: ImportRecord) => void,
  ) {}

  consume(token: JsonToken): void {
    switch (token.name) {
      case 'startObject':
        this.open(false);
        return;
      case 'startArray':
        this.open(true);
        return;
      case 'endObject':
      case 'endArray':
        this.close();
        return;
      case 'keyValue':
        (this.stack[this.stack.length - 1] as Frame).key = token.value as string;
        return;
      case 'stringValue':
        this.deliver(token.value);
        return;
      case 'numberValue':
        this.deliver(numberOf(token.value as string));
        return;
      case 'nullValue':
        this.deliver(null);
        return;
      case 'trueValue':
        this.deliver(true);
        return;
      case 'falseValue':
        this.deliver(false);
        return;
      default:
        // start/end chunks of streamed strings are off (streamValues: false); nothing else to do.
        return;
    }
  }

  /** Called when the parser is done; returns the shape, emitting any records held back. */
  finish(): ShapeResult {
    if (!this.started || this.result === null) {
      throw new ImportSourceError('unrecognized file shape: the file is empty');
    }
    return this.result;
  }

  private open(isArray: boolean): void {
    // Refused as it is read: nothing deeper is built, nor reaches code that recurses over records.
    if (this.stack.length >= DOCUMENT_MAX_DEPTH) throw new ImportSourceError(`the file is ${depthMessage(DOCUMENT_MAX_DEPTH)} at ${formatPath(this.path())}`);
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      if (this.started) throw new ImportSourceError('unexpected data after the top-level value');
      this.started = true;
      if (isArray) {
        this.tracker.startList();
        this.stack.push({ role: 'stream', container: [], key: null, index: 0 });
      } else {
        this.stack.push({ role: 'top-object', container: {}, key: null, index: 0 });
      }
      return;
    }
    if (isArray && parent.role === 'top-object' && parent.key !== null && this.tracker.streamsArray(parent.key)) {
      this.tracker.startArray(parent.key);
      this.stack.push({ role: 'stream', container: [], key: parent.key, index: 0 });
      return;
    }
    this.stack.push({ role: 'plain', container: isArray ? [] : {}, key: null, index: 0 });
  }

  private close(): void {
    const frame = this.stack.pop() as Frame;
    if (frame.role === 'plain') {
      this.deliver(frame.container);
    } else if (this.stack.length === 0) {
      // End of the top-level value.
      this.result = this.tracker.finish();
      for (const record of this.result.records) this.emit(record);
    }
    // A closed stream frame under the top object: its items were already delivered.
  }

  /** Where the next value goes: `metrics[3].definition.example_calculation.a`. */
  private path(): Array<string | number> {
    return this.stack.map((f) => (f.role === 'stream' ? f.index : Array.isArray(f.container) ? f.container.length : (f.key ?? '')));
  }

  private deliver(value: unknown): void {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      if (this.started) throw new ImportSourceError('unexpected data after the top-level value');
      this.started = true;
      const got = value === null ? 'null' : typeof value;
      throw new ImportSourceError(`unrecognized file shape: expected an object or a list, got ${got}`);
    }
    switch (parent.role) {
      case 'plain':
        if (Array.isArray(parent.container)) parent.container.push(value);
        else setOwn(parent.container, parent.key as string, value);
        return;
      case 'stream':
        if (parent.key === null) this.emit(this.tracker.listItem(parent.index++, value));
        else for (const record of this.tracker.item(parent.key, parent.index++, value)) this.emit(record);
        return;
      case 'top-object':
        this.tracker.value(parent.key as string, value);
        return;
    }
  }
}

/**
 * An integer literal beyond ±(2^53 − 1) becomes a BigInt, exact, for validation to refuse with its path
 * (free-value.ts); Number() would round it silently. Other numbers, floats included, are read as usual.
 */
function numberOf(literal: string): number | bigint {
  const n = Number(literal);
  return !Number.isSafeInteger(n) && Number.isInteger(n) && /^-?\d+$/.test(literal) ? BigInt(literal) : n;
}
