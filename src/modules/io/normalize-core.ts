import type { z } from 'zod';
import type { FieldIssue } from '../../shared/errors.js';
import { documentProblem } from '../../shared/free-value.js';
import { formatPath, zodIssues } from '../../shared/zod-issues.js';
import { childPointer, getOwn, isPlainObject, jsonEqual, setOwn, type PlainObject } from './json-pointer.js';
import { splitUnknownFields } from './schema-walk.js';

/**
 * The shared import pipeline: copy → map aliases → move unknown fields into `extensions` → validate.
 * Per-entity alias rules live in normalize-metric/domain/objective.ts.
 */

export type NormalizeResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Mutates `doc` (a private copy) into canonical field names; conflicting aliases go to `ext`. */
export type AliasMapper = (doc: PlainObject, ext: PlainObject) => void;

export function normalizeWith<S extends z.ZodType>(
  schema: S,
  mapAliases: AliasMapper,
  raw: unknown,
  path: string,
): NormalizeResult<z.output<S>> {
  if (!isPlainObject(raw)) {
    const got = raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw;
    return { ok: false, issues: [{ path: path === '' ? '(root)' : path, message: `must be an object, got ${got}` }] };
  }
  // Before anything walks it by recursion (the copy below, alias mapping, validation): too deep a
  // record, a `__proto__` key or an integer beyond 2^53 (a BigInt from the reader) is refused here.
  const problem = documentProblem(raw);
  if (problem) return { ok: false, issues: [{ path: formatPath(problem.path, path), message: problem.message }] };
  // Private copy: alias mapping mutates, and callers may hold on to the raw record.
  const doc = structuredClone(raw);
  const collected: PlainObject = {};
  mapAliases(doc, collected);
  const stripped = splitUnknownFields(schema, doc, '', collected) as PlainObject;
  mergeExtensions(stripped, collected);

  const parsed = schema.safeParse(stripped);
  if (!parsed.success) return { ok: false, issues: firstPerPath(zodIssues(parsed.error, path)) };
  return { ok: true, value: parsed.data };
}

/** One issue per field: an empty id fails both `min(1)` and the id pattern; the first says it best. */
function firstPerPath(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issue.path) && seen.add(issue.path));
}

/**
 * Input `extensions` keys first, then the collected ones. A collected pointer replaces an input entry
 * with the same pointer: the field actually standing in the document is the fresher value.
 * A non-object `extensions` is left for validation to report.
 */
function mergeExtensions(doc: PlainObject, collected: PlainObject): void {
  const keys = Object.keys(collected);
  if (keys.length === 0) return;
  const existing = getOwn(doc, 'extensions');
  if (existing !== undefined && existing !== null && !isPlainObject(existing)) return;
  const merged: PlainObject = {};
  if (isPlainObject(existing)) for (const k of Object.keys(existing)) setOwn(merged, k, existing[k]);
  for (const k of keys) setOwn(merged, k, collected[k]);
  doc.extensions = merged;
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null;
}

/**
 * Renames `from[alias]` to `to[field]`. When both are set and differ, the canonical field wins and the
 * alias value is kept in `ext` at the alias's own pointer, so an export writes it back where it stood.
 */
export function moveAlias(from: PlainObject, alias: string, to: PlainObject, field: string, aliasPointer: string, ext: PlainObject): void {
  if (!Object.hasOwn(from, alias)) return;
  const value = from[alias];
  delete from[alias];
  const current = getOwn(to, field);
  if (isUnset(current)) setOwn(to, field, value);
  else if (!jsonEqual(current, value)) setOwn(ext, aliasPointer, value);
}

/** moveAlias within one object (the common case). */
export function renameField(obj: PlainObject, alias: string, field: string, objPointer: string, ext: PlainObject): void {
  moveAlias(obj, alias, obj, field, childPointer(objPointer, alias), ext);
}

/** Applies `fn` to each plain-object item of `obj[key]` when it is an array. */
export function forEachItem(obj: PlainObject, key: string, fn: (item: PlainObject, index: number) => void): void {
  const list = getOwn(obj, key);
  if (!Array.isArray(list)) return;
  list.forEach((item: unknown, i) => {
    if (isPlainObject(item)) fn(item, i);
  });
}
