import { Outlet } from 'react-router';

// Placeholder layout (issue 9, view 11): the tabs come with the admin views.
export function Component() {
  return <Outlet />;
}
