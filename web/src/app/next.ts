/**
 * The page to come back to after sign-in travels in `?next=`. Only a path on this origin is followed
 * (never `//host` or a scheme), so a crafted sign-in link cannot send the user elsewhere. The check is
 * the browser's own URL parser: it drops tabs and newlines and reads `\` as `/`, so `/<TAB>/evil` is
 * `//evil` to it, and refused here too (a string test alone let such a link through to the router,
 * which then threw on the external navigation and left the user on sign-in).
 */
const BASE = 'http://next.invalid';

export function safeNext(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || /[\u0000-\u001F\u007F]/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  if (url.pathname.startsWith('/sign-in') || url.pathname.startsWith('/setup')) return '/';
  return value;
}

export function signInPath(next: string): string {
  const target = safeNext(next);
  return target === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(target)}`;
}
