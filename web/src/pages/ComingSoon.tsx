import { useMatches } from 'react-router';
import { EmptyState } from '../components/States.js';
import { NAV, type NavItem } from '../shell/nav.js';

/** The views of later releases: a designed placeholder that says what will be here, never a blank page. */
export function Component() {
  const matches = useMatches();
  const path = matches[matches.length - 1]?.pathname ?? '/';
  const item: NavItem | undefined = NAV.find((n) => (n.to === '/' ? path === '/' : path.startsWith(n.to)));
  return (
    <EmptyState title={`${item?.label ?? 'This view'} is coming in a later release`} mark={item?.mark}>
      {item?.soon ?? 'This part of the dashboard is not built yet.'} Until then, the same data is in the API
      (see the API documentation at /api-docs) and in the mdl command-line tool.
    </EmptyState>
  );
}
