import { createBrowserRouter } from 'react-router';
import { NAV } from '../shell/nav.js';
import { RouteError } from './RouteError.js';

/**
 * Every view is its own chunk (route `lazy`), so the first load carries only the frame: the sign-in
 * page does not download the catalog. The URL holds the view state (path and query).
 */
export function createRouter() {
  return createBrowserRouter([
    { path: '/sign-in', lazy: () => import('../pages/SignIn.js'), errorElement: <RouteError /> },
    { path: '/setup', lazy: () => import('../pages/Setup.js'), errorElement: <RouteError /> },
    {
      path: '/',
      lazy: () => import('../shell/Shell.js'),
      errorElement: <RouteError />,
      children: [
        { path: 'catalog', lazy: () => import('../pages/catalog/CatalogPage.js') },
        { index: true, lazy: () => import('../pages/overview/OverviewPage.js') },
        { path: 'domains', lazy: () => import('../pages/domains/DomainsPage.js') },
        { path: 'domains/:id', lazy: () => import('../pages/domains/DomainPage.js') },
        { path: 'objectives', lazy: () => import('../pages/objectives/ObjectivesPage.js') },
        { path: 'objectives/:id', lazy: () => import('../pages/objectives/ObjectivePage.js') },
        { path: 'import-export', lazy: () => import('../pages/import-export/ImportExportPage.js') },
        { path: 'policies', lazy: () => import('../pages/policies/PoliciesPage.js') },
        {
          path: 'admin',
          lazy: () => import('../pages/admin/AdminLayout.js'),
          children: [
            { index: true, lazy: () => import('../pages/admin/MembersPage.js') },
            { path: 'members', lazy: () => import('../pages/admin/MembersPage.js') },
            { path: 'invitations', lazy: () => import('../pages/admin/InvitationsPage.js') },
            { path: 'service-accounts', lazy: () => import('../pages/admin/ServiceAccountsPage.js') },
            { path: 'api-keys', lazy: () => import('../pages/admin/ApiKeysPage.js') },
            { path: 'security', lazy: () => import('../pages/admin/SecurityPage.js') },
            { path: 'sso', lazy: () => import('../pages/admin/SsoPage.js') },
            { path: 'audit', lazy: () => import('../pages/admin/AuditPage.js') },
          ],
        },
        { path: 'account', lazy: () => import('../pages/account/AccountPage.js') },
        { path: 'metrics/new', lazy: () => import('../pages/metric-edit/EditPage.js') },
        { path: 'metrics/:id/edit', lazy: () => import('../pages/metric-edit/EditPage.js') },
        // Admin is built: an unknown /admin/<tab> is the designed 404, not "coming soon".
        ...NAV.filter((item) => item.to !== '/admin').map((item) => (item.to === '/' ? { index: true, lazy: () => import('../pages/ComingSoon.js') } : { path: `${item.to.slice(1)}/*`, lazy: () => import('../pages/ComingSoon.js') })),
        { path: 'metrics/:id/*', lazy: () => import('../pages/metric/MetricPage.js') },
        { path: '*', lazy: () => import('../pages/NotFound.js') },
      ],
    },
  ]);
}
