/**
 * The page to come back to after sign-in travels in `?next=`. Only a path on this origin is followed
 * (never `//host` or a scheme), so a crafted sign-in link cannot send the user elsewhere.
 */
export function safeNext(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.startsWith('/sign-in') || value.startsWith('/setup')) return '/';
  return value;
}

export function signInPath(next: string): string {
  const target = safeNext(next);
  return target === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(target)}`;
}
