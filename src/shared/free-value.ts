import { z } from 'zod';

/**
 * The one rule for free-form data: free objects (example calculations, filters, trade-offs, change
 * history, metadata blocks, `extensions`) and the documents that carry them (request bodies, import
 * files, catalog fields). Every check walks iteratively, never by recursion: the value may be nested
 * arbitrarily deep, and a check that overflowed the stack would be the very failure it guards against.
 */

/** Objects and arrays a free object may nest, counting itself: `{}` is 1 level, `{"a": []}` 2. */
export const FREE_OBJECT_MAX_DEPTH = 64;

/**
 * Nesting of a whole document (a request body, an import file): the free-object limit plus room for
 * the fixed structure around free objects (catalog → metrics → metric → definition → numerator →
 * filters). Checked as the document is read, so nothing deeper reaches code that recurses over it.
 */
export const DOCUMENT_MAX_DEPTH = FREE_OBJECT_MAX_DEPTH + 16;

/**
 * Keys refused inside free objects. `__proto__` replaces an object's prototype when assigned (a schema
 * dropped it silently), and `constructor`/`prototype` are the rest of the prototype-pollution chain;
 * no metric data needs them. `__proto__` is refused anywhere in a document (see documentProblem).
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const PROTO_ONLY: ReadonlySet<string> = new Set(['__proto__']);

export type ValuePath = Array<string | number>;

export interface ValueProblem {
  /** Where, relative to the value checked: `['definition', 'example_calculation', 'a', 0]`. */
  path: ValuePath;
  message: string;
}

export const depthMessage = (max: number): string => `nested deeper than ${max} levels of objects and arrays`;
export const reservedKeyMessage = (key: string): string => `the key "${key}" is not allowed (a reserved JavaScript property name)`;
/** Integers beyond ±(2^53 − 1) cannot be held exactly by JSON readers; refused rather than rounded. */
export const unsafeIntegerMessage = (literal: string): string =>
  `the integer ${literal} is beyond ±${Number.MAX_SAFE_INTEGER} (2^53 − 1) and would lose precision; write it as a string`;

export interface WalkRules {
  maxDepth: number;
  reserved: ReadonlySet<string>;
  /** Extra checks (the request-body guard's NUL and integer-literal checks): a message, or undefined. */
  key?: (key: string) => string | undefined;
  leaf?: (value: unknown) => string | undefined;
}

interface Frame {
  value: unknown;
  key: string | number | null;
  parent: Frame | null;
  depth: number;
}

function pathOf(frame: Frame): ValuePath {
  const out: ValuePath = [];
  for (let f: Frame | null = frame; f && f.key !== null; f = f.parent) out.push(f.key);
  return out.reverse();
}

/**
 * The first problem in document order: a container nested deeper than `maxDepth`, a reserved key, an
 * integer read as a BigInt (the import readers turn integers beyond 2^53 into BigInts so they can be
 * refused here) or a number JSON cannot hold. Undefined when there is none.
 */
export function firstProblem(root: unknown, rules: WalkRules): ValueProblem | undefined {
  const stack: Frame[] = [{ value: root, key: null, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const { value } = frame;
    if (typeof value === 'bigint') return { path: pathOf(frame), message: unsafeIntegerMessage(value.toString()) };
    if (typeof value === 'number' && !Number.isFinite(value)) return { path: pathOf(frame), message: 'must be a finite number' };
    if (value === null || typeof value !== 'object') {
      const message = rules.leaf?.(value);
      if (message !== undefined) return { path: pathOf(frame), message };
      continue;
    }
    const depth = frame.depth + 1;
    if (depth > rules.maxDepth) return { path: pathOf(frame), message: depthMessage(rules.maxDepth) };
    // Children are pushed last-first so they are visited in document order.
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: frame, depth });
      continue;
    }
    const keys = Object.keys(value);
    for (const key of keys) {
      const message = rules.reserved.has(key) ? reservedKeyMessage(key) : rules.key?.(key);
      if (message !== undefined) return { path: [...pathOf(frame), key], message };
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      stack.push({ value: (value as Record<string, unknown>)[key], key, parent: frame, depth });
    }
  }
  return undefined;
}

/** The free-object rule: FREE_OBJECT_MAX_DEPTH, RESERVED_KEYS, no BigInt or non-finite numbers. */
export function freeValueProblem(value: unknown): ValueProblem | undefined {
  return firstProblem(value, { maxDepth: FREE_OBJECT_MAX_DEPTH, reserved: RESERVED_KEYS });
}

/**
 * The rule for a whole document before any other code walks it: DOCUMENT_MAX_DEPTH, no `__proto__`
 * key anywhere, no BigInt or non-finite numbers. Free objects inside it are held to the stricter rule
 * by their schema.
 */
export function documentProblem(value: unknown, extra: Pick<WalkRules, 'key' | 'leaf'> = {}): ValueProblem | undefined {
  return firstProblem(value, { maxDepth: DOCUMENT_MAX_DEPTH, reserved: PROTO_ONLY, ...extra });
}

/**
 * Wraps a schema for free data so the rule sees the input as sent: z.record alone assigns each key,
 * so a `__proto__` key was swallowed (it set the copy's prototype) before any refinement could see it.
 * The issue carries the full path (`definition.example_calculation.a[0]…`).
 */
export function freeValue<S extends z.ZodType>(schema: S) {
  return z.preprocess((value, ctx) => {
    const problem = freeValueProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path, input: value });
    return value;
  }, schema);
}
