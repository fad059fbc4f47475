/**
 * JSON with object keys sorted at every depth, so equal data always serializes to equal
 * bytes (the bundle revision and ETag depend on it). Arrays keep their order.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((k): [string, unknown] => [k, sortKeys((value as Record<string, unknown>)[k])]);
    // fromEntries defines own properties: a "__proto__" key stays data.
    return Object.fromEntries(entries);
  }
  return value;
}
