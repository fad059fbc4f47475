import { createHash } from 'node:crypto';

/** Strong ETag over the stored representation: any change to the document changes it. */
export function etagFor(docJson: string): string {
  return `"${createHash('sha256').update(docJson).digest('base64url').slice(0, 27)}"`;
}

/** RFC 9110 If-Match: `*`, or a list of entity tags compared strongly (weak tags never match). */
export function ifMatchSatisfied(header: string | undefined, current: string | undefined): boolean {
  if (header === undefined) return true;
  const value = header.trim();
  if (value === '*') return current !== undefined;
  if (current === undefined) return false;
  return value.split(',').map((t) => t.trim()).some((t) => !t.startsWith('W/') && t === current);
}
