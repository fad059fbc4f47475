import { getOwn, isPlainObject, parsePointer, setOwn, type PlainObject } from './json-pointer.js';

/**
 * The inverse of the importer's unknown-field handling, for export: each `extensions` entry keyed by a
 * JSON Pointer is written back where it stood. Objects on the way are created when missing; an entry
 * whose place no longer exists (array item gone, a scalar or null in the way, the key already taken
 * by a canonical field) stays in `extensions`, so nothing is dropped. `extensions` is removed when
 * empty. The input is not modified.
 */
export function restoreExtensions<T extends object>(doc: T): PlainObject {
  const out = structuredClone(doc) as PlainObject;
  const ext = getOwn(out, 'extensions');
  if (!isPlainObject(ext)) {
    if (ext === undefined) delete out.extensions;
    return out;
  }
  delete out.extensions;
  const left: PlainObject = {};
  for (const pointer of Object.keys(ext)) {
    if (!place(out, pointer, ext[pointer])) setOwn(left, pointer, ext[pointer]);
  }
  if (Object.keys(left).length > 0) out.extensions = left;
  return out;
}

const INDEX = /^(0|[1-9]\d*)$/;

function place(root: PlainObject, pointer: string, value: unknown): boolean {
  const tokens = parsePointer(pointer);
  if (!tokens || tokens.length === 0) return false;
  // Never write into the extensions map itself (it was detached above).
  if (tokens[0] === 'extensions') return false;
  let node: unknown = root;
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i] as string;
    if (Array.isArray(node)) {
      if (!INDEX.test(token) || Number(token) >= node.length) return false;
      node = node[Number(token)];
    } else if (isPlainObject(node)) {
      let next = getOwn(node, token);
      if (next === undefined) {
        // Create the missing chain only when no array item is expected below it (those are gone).
        if (tokens.slice(i + 1, -1).some((t) => INDEX.test(t))) return false;
        next = {};
        setOwn(node, token, next);
      }
      node = next;
    } else {
      return false;
    }
  }
  const last = tokens[tokens.length - 1] as string;
  if (!isPlainObject(node) || Object.hasOwn(node, last)) return false;
  setOwn(node, last, value);
  return true;
}
