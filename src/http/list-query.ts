import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../modules/catalog/pagination.js';

/** `?tag=a&tag=b` and `?tag=a,b` both give ['a', 'b']. */
export const multiValue = z
  .preprocess((v) => {
    const list = Array.isArray(v) ? v : v === undefined ? undefined : [v];
    return list?.flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter((x) => x !== '');
  }, z.array(z.string().max(200)).max(100).optional())
  .describe('repeat the parameter or separate values with commas; values are OR-ed');

export const pagingQuery = {
  sort: z.string().max(64).optional().describe('a sortable field, prefixed with - for descending (e.g. -updated_at)'),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50).describe(`page size, at most ${MAX_PAGE_SIZE}`),
  cursor: z.string().max(2000).optional().describe('the next_cursor of the previous page'),
};

export function pageSchema<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().describe('rows matching the filters, across all pages: counted on the first page and carried by next_cursor, so the pages of one chain repeat the first page\'s count (exact as of that page); a page fetched without a cursor, or with other filters, counts again'),
    limit: z.number().int(),
    next_cursor: z.string().nullable(),
    links: z.object({ self: z.string(), next: z.string().nullable() }),
  });
}

/** The `next` link repeats the request's own query with the new cursor. */
export function pageLinks(url: string, nextCursor: string | null): { self: string; next: string | null } {
  if (!nextCursor) return { self: url, next: null };
  const u = new URL(url, 'http://x');
  u.searchParams.set('cursor', nextCursor);
  return { self: url, next: `${u.pathname}?${u.searchParams.toString()}` };
}
