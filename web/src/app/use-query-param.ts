import { useSearchParams } from 'react-router';

/**
 * One query-string parameter as view state (`?q=` of a list): read from the URL, written back in place
 * (replace, so typing does not stack history entries), removed when empty.
 */
export function useQueryParam(name: string): [string, (value: string) => void] {
  const [search, setSearch] = useSearchParams();
  const set = (value: string) => setSearch((prev) => {
    const next = new URLSearchParams(prev);
    if (value) next.set(name, value); else next.delete(name);
    return next;
  }, { replace: true });
  return [search.get(name) ?? '', set];
}
