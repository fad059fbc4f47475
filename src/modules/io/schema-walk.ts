import type { z } from 'zod';
import { childPointer, isPlainObject, setOwn, type PlainObject } from './json-pointer.js';

/**
 * Moves fields the schema does not know into an extensions map, at any depth, by walking the Zod
 * schema alongside the value. Driven by the schema itself so new canonical fields need no change here.
 */

/** The parts of zod v4's internal `def` this walker reads (kept loose: `_zod.def` is a tagged union). */
interface LooseDef {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  getter?: () => z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  catchall?: z.core.$ZodType;
  element?: z.core.$ZodType;
  options?: readonly z.core.$ZodType[];
}

function defOf(schema: z.core.$ZodType): LooseDef {
  return schema._zod.def as unknown as LooseDef;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

// Schemas are module-level constants: unwrap each once (imports walk 100k records through them).
const unwrapped = new WeakMap<z.core.$ZodType, z.core.$ZodType>();

/** Strips wrappers down to the schema that describes the *input* structure. */
export function unwrapSchema(schema: z.core.$ZodType): z.core.$ZodType {
  let found = unwrapped.get(schema);
  if (!found) {
    found = unwrapUncached(schema);
    unwrapped.set(schema, found);
  }
  return found;
}

function unwrapUncached(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (let guard = 0; guard < 64; guard++) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type) && def.innerType) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in && def.out) {
      // z.preprocess(fn, s) is pipe(transform, s): the structure lives in `out`.
      // s.transform(fn) is pipe(s, transform): the structure lives in `in`.
      current = defOf(def.in).type === 'transform' ? def.out : def.in;
    } else if (def.type === 'lazy' && def.getter) {
      current = def.getter();
    } else {
      return current;
    }
  }
  return current;
}

/**
 * Returns a copy of `value` without the unknown fields, which are recorded in `ext` keyed by their
 * JSON Pointer. Values of the wrong type are returned untouched: validation reports them.
 */
export function splitUnknownFields(schema: z.core.$ZodType, value: unknown, pointer: string, ext: PlainObject): unknown {
  const inner = unwrapSchema(schema);
  const def = defOf(inner);
  switch (def.type) {
    case 'object': {
      if (!isPlainObject(value)) return value;
      const shape = def.shape ?? {};
      // strictObject has a `never` catchall; looseObject an `unknown` one (keeps everything).
      const catchall = def.catchall && defOf(def.catchall).type !== 'never' ? def.catchall : undefined;
      const out: PlainObject = {};
      for (const key of Object.keys(value)) {
        const child = Object.hasOwn(shape, key) ? shape[key] : catchall;
        if (!child) setOwn(ext, childPointer(pointer, key), value[key]);
        else if (isLeaf(child)) setOwn(out, key, value[key]);
        else setOwn(out, key, splitUnknownFields(child, value[key], childPointer(pointer, key), ext));
      }
      return out;
    }
    case 'array': {
      if (!Array.isArray(value) || !def.element) return value;
      const element = def.element;
      return value.map((item, i) => splitUnknownFields(element, item, childPointer(pointer, i), ext));
    }
    case 'union': {
      const option = pickUnionOption(def.options ?? [], value);
      return option ? splitUnknownFields(option, value, pointer, ext) : value;
    }
    default:
      // Records (free-form sub-documents), scalars, enums: kept verbatim.
      return value;
  }
}

/** Schemas that cannot hold unknown fields (scalars, enums, records): copied without walking. */
function isLeaf(schema: z.core.$ZodType): boolean {
  const type = defOf(unwrapSchema(schema)).type;
  return type !== 'object' && type !== 'array' && type !== 'union';
}

/** The union member whose structure matches the value's JSON type; records win (they keep everything). */
function pickUnionOption(options: readonly z.core.$ZodType[], value: unknown): z.core.$ZodType | undefined {
  const wanted = Array.isArray(value) ? ['array'] : isPlainObject(value) ? ['record', 'object'] : [];
  for (const type of wanted) {
    const found = options.find((o) => defOf(unwrapSchema(o)).type === type);
    if (found) return found;
  }
  return undefined;
}
