import type { CST, Document, LineCounter, YAMLError } from 'yaml';
import { yaml } from './yaml-lib.js';
import { ImportSourceError, type SourceLocation } from './errors.js';

/**
 * Composes pieces of a YAML concrete syntax tree (CST) into plain values, one piece at a time: a
 * top-level entry (`key: value`), one item of a sequence, or the whole root when it is a scalar. Each
 * piece becomes a small document of its own, so memory holds one record's nodes, never the file's.
 * Offsets in the CST are absolute, so positions in errors are those of the file.
 */

export type Collection = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;
export type Item = CST.CollectionItem;

// resolveKnownTags: false keeps !!set, !!omap, !!pairs, !!binary and !!timestamp values as the plain
// maps, lists and strings written; resolved, they become a Set, Map, Uint8Array or Date, which JSON
// storage would silently turn into {}, {"0":…} or a rewritten date. intAsBigInt: integers beyond
// 2^53 stay exact as BigInts, which the import then refuses with their path (free-value.ts).
export const YAML_OPTIONS = { resolveKnownTags: false, intAsBigInt: true } as const;
/** Aliases one record (or top-level piece) may hold; a catalog repeats an owner or a filter a few times. */
export const MAX_ALIASES = 100;

/**
 * A parsed scalar as JSON can store it: infinities and NaN are refused; integers read as BigInts
 * (YAML_OPTIONS) go back to numbers when they are safe, and stay BigInts (refused later with their
 * path) when they are not.
 */
export function storableScalar(node: { value: unknown; source?: string }, at?: SourceLocation): void {
  if (typeof node.value === 'number' && !Number.isFinite(node.value)) {
    throw new ImportSourceError(`YAML number ${node.source ?? String(node.value)} cannot be stored: JSON has no infinity or NaN (quote it to keep it as text)`, at);
  }
  if (typeof node.value === 'bigint' && node.value >= BigInt(Number.MIN_SAFE_INTEGER) && node.value <= BigInt(Number.MAX_SAFE_INTEGER)) node.value = Number(node.value);
}

export const isFlowSeq = (t: CST.Token | undefined): t is CST.FlowCollection => t?.type === 'flow-collection' && t.start.source === '[';
export const isFlowMap = (t: CST.Token | undefined): t is CST.FlowCollection => t?.type === 'flow-collection' && t.start.source === '{';
export const isSeqToken = (t: CST.Token | undefined): t is CST.BlockSequence | CST.FlowCollection => t?.type === 'block-seq' || isFlowSeq(t);
export const isMapToken = (t: CST.Token | undefined): t is CST.BlockMap | CST.FlowCollection => t?.type === 'block-map' || isFlowMap(t);

/**
 * The path of what the parser is inside (`metrics[3].definition.example_calculation[0]`), read from its
 * stack: for a map, the key of its last item; for a sequence, the index of its last item, plus `taken`
 * for items already cut out of the tree. Used to name where a file nests too deep, before anything is
 * composed; a key that is not a scalar is shown as `?`.
 */
export function openPath(stack: readonly CST.Token[], taken: (seq: CST.Token) => number): Array<string | number> {
  const path: Array<string | number> = [];
  for (let i = 1; i < stack.length - 1; i++) {
    const parent = stack[i] as CST.Token;
    if (isSeqToken(parent)) {
      path.push(Math.max(0, parent.items.length - 1) + taken(parent));
    } else if (isMapToken(parent)) {
      const key = parent.items[parent.items.length - 1]?.key;
      const scalar = key ? yaml().CST.resolveAsScalar(key) : null;
      path.push(scalar ? scalar.value : '?');
    }
  }
  return path;
}

export class YamlComposer {
  private readonly composer = new (yaml().Composer)(YAML_OPTIONS);
  /** The document's `---` marker, repeated in each piece so directives (%YAML 1.1) still apply. */
  private docStart: CST.SourceToken[] = [];

  constructor(private readonly lines: LineCounter) {}

  directive(token: CST.Directive): void {
    for (const _ of this.composer.next(token)) void _;
  }

  documentStarts(doc: CST.Document): void {
    const marker = doc.start.find((t) => t.type === 'doc-start');
    this.docStart = marker ? [marker, { type: 'newline', offset: marker.offset + marker.source.length, indent: 0, source: '\n' }] : [];
  }

  locate(offset: number): SourceLocation {
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  /** The value of a CST node (the root scalar). */
  value(token: CST.Token): unknown {
    return this.toJs(token);
  }

  /** The one key and value of a top-level map entry, as toJS would give them in the whole map. */
  entry(parent: CST.BlockMap | CST.FlowCollection, item: Item, withValue = true): [string, unknown] | null {
    const one = withValue ? item : { start: item.start, key: item.key, sep: item.sep };
    const js = this.toJs(single(parent, one)) as Record<string, unknown>;
    const keys = Object.keys(js);
    return keys.length === 0 ? null : [keys[0] as string, js[keys[0] as string]];
  }

  /** The elements an item of a sequence holds: none (a comment line, a trailing comma) or one. */
  element(parent: CST.BlockSequence | CST.FlowCollection, item: Item): unknown[] {
    return this.toJs(single(parent, item)) as unknown[];
  }

  private toJs(token: CST.Token): unknown {
    const doc = this.compose({ type: 'document', offset: token.offset, start: this.docStart, value: token });
    const error = doc.errors[0];
    if (error) throw this.sourceError(error);
    // .inf and .nan have no JSON form (they would be stored as null): refused, not changed. An alias
    // can only name an anchor of the same piece (the reader holds one record at a time).
    // Anchors seen so far, in document order: an alias must name one of them. Resolving each alias
    // instead walks the whole piece, and a 36 KB record of 12,000 aliases took 15 s of a blocked server.
    const anchors = new Set<string>();
    let aliases = 0;
    const anchored = (node: { anchor?: string }) => { if (node.anchor) anchors.add(node.anchor); };
    yaml().visit(doc, {
      Map: (_key, node) => { anchored(node); },
      Seq: (_key, node) => { anchored(node); },
      Scalar: (_key, node) => {
        anchored(node);
        storableScalar(node, node.range ? this.locate(node.range[0]) : undefined);
      },
      Alias: (_key, node, path) => {
        // Expanding one still walks the piece (the library's toJS), so their number is bounded.
        if (++aliases > MAX_ALIASES) {
          throw new ImportSourceError(`malformed YAML: more than ${MAX_ALIASES} aliases in one record (repeat the values, or send JSON)`, node.range ? this.locate(node.range[0]) : undefined);
        }
        // An alias inside the very collection it names would make a cycle, which JSON cannot hold.
        if (path.some((p) => (p as { anchor?: string }).anchor === node.source)) {
          throw new ImportSourceError(`malformed YAML: the alias *${node.source} is inside the value it names (a cycle, which JSON cannot hold)`, node.range ? this.locate(node.range[0]) : undefined);
        }
        if (!anchors.has(node.source)) {
          throw new ImportSourceError(`malformed YAML: the alias *${node.source} names no anchor of the same record (an import reads one record at a time: repeat the value, or send JSON)`, node.range ? this.locate(node.range[0]) : undefined);
        }
      },
    });
    try {
      return doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (e) {
      // The alias-expansion guard ("billion laughs") is the one error toJS raises on parsed input.
      const message = e instanceof Error && /alias/i.test(e.message) ? e.message : 'the document could not be read';
      throw new ImportSourceError(`malformed YAML: ${message}`, this.locate(token.offset));
    }
  }

  private compose(token: CST.Document): Document.Parsed {
    const docs = [...this.composer.next(token), ...this.composer.end()];
    return docs[0] as Document.Parsed;
  }

  sourceError(error: YAMLError): ImportSourceError {
    // The library's own wording, without its code frame; the position is the file's.
    const reason = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
    return new ImportSourceError(`malformed YAML: ${reason}`, this.locate(error.pos[0]));
  }
}

/**
 * `parent` holding `item` only (same type, indentation and brackets), so the piece composes alone.
 * It starts where the item does: the library measures some limits (a key's 1024 characters) from there.
 */
function single(parent: Collection, item: Item): Collection {
  const offset = item.start[0]?.offset ?? item.key?.offset ?? item.value?.offset ?? parent.offset;
  if (parent.type === 'flow-collection') {
    const closing: CST.SourceToken = { type: parent.start.source === '[' ? 'flow-seq-end' : 'flow-map-end', offset, indent: parent.indent, source: parent.start.source === '[' ? ']' : '}' };
    return { type: 'flow-collection', offset: Math.max(0, offset - 1), indent: parent.indent, start: parent.start, items: [item], end: [closing] };
  }
  return { ...parent, offset, items: [item] } as Collection;
}

/**
 * One item of a flow collection, made to compose alone: its comma removed (the library checks commas
 * between the items of one collection, which a piece no longer has, so they are checked here) and,
 * while the collection is still being parsed, the item fixed up as the parser does when it closes it.
 */
export function flowItemAlone(fc: CST.FlowCollection, item: Item, index: number, isLast: boolean): { item: Item; error?: string } | null {
  const name = fc.start.source === '[' ? 'flow sequence' : 'flow map';
  const copy: Item = { ...item, start: [...item.start] };
  if (name === 'flow sequence') fixFlowSeqItem(copy);
  // The first item keeps a stray leading comma: composed alone, the library reports it.
  if (index === 0) return { item: copy };
  const comma = copy.start.findIndex((t) => t.type === 'comma');
  const empty = !copy.key && !copy.sep && !copy.value && !copy.start.some((t) => t.type === 'anchor' || t.type === 'tag' || t.type === 'explicit-key-ind');
  if (comma === -1) return empty ? null : { item: copy, error: `Missing , between ${name} items` };
  if (empty) return isLast ? null : { item: copy, error: `Unexpected empty item in ${name}` };
  copy.start.splice(comma, 1);
  return { item: copy };
}

const FLOW_TOKENS = new Set(['alias', 'scalar', 'single-quoted-scalar', 'double-quoted-scalar', 'flow-collection']);

/** The parser's fixFlowSeqItems for one item (a copy): a plain entry of a flow sequence is a value, not a key. */
function fixFlowSeqItem(it: Item): void {
  const has = (list: CST.SourceToken[] | undefined, type: string) => Boolean(list?.some((t) => t.type === type));
  if (!it.sep || it.value || has(it.start, 'explicit-key-ind') || has(it.sep, 'map-value-ind')) return;
  const sep = it.sep;
  const value = it.key ?? undefined;
  delete it.key;
  delete it.sep;
  if (value && FLOW_TOKENS.has(value.type)) {
    const end = (value as { end?: CST.SourceToken[] }).end ?? [];
    it.value = { ...value, end: [...end, ...sep] } as CST.Token;
  } else {
    if (value) it.value = value;
    it.start = [...it.start, ...sep];
  }
}
