/**
 * RFC 7396 JSON Merge Patch: objects merge recursively, null deletes, anything else replaces.
 * Recursion follows the patch, whose nesting the request-body guard bounds (DOCUMENT_MAX_DEPTH).
 * Only own members are read and written, so a key such as `constructor` never reaches Object.prototype.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const base: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete base[key];
    else Object.defineProperty(base, key, { value: applyMergePatch(Object.hasOwn(base, key) ? base[key] : undefined, value), enumerable: true, writable: true, configurable: true });
  }
  return base;
}
