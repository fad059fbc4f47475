/** The dashboard's views, in navigation order; `soon` says what each will hold until it is built. */
export interface NavItem {
  to: string;
  label: string;
  mark: string;
  soon: string;
}

export const NAV: NavItem[] = [
  { to: '/', label: 'Overview', mark: '◎', soon: 'Counts by tier, domain, status and classification, recent changes and governance gaps will be shown here.' },
  { to: '/catalog', label: 'Catalog', mark: '▤', soon: 'Search the metrics as you type, filter by facets and open any definition.' },
  { to: '/domains', label: 'Domains', mark: '◇', soon: 'Business domains and the metrics in each.' },
  { to: '/objectives', label: 'Objectives', mark: '◆', soon: 'Objectives with their key results and progress.' },
  { to: '/import-export', label: 'Import/Export', mark: '⇅', soon: 'Drop files for a dry-run import plan, and download the catalog as JSON or YAML.' },
  { to: '/policies', label: 'Policies', mark: '§', soon: 'Each metric\'s Rego and data, the bundle, and a "would this be allowed?" check.' },
  { to: '/admin', label: 'Admin', mark: '⚙', soon: 'Members, API keys, sessions, MFA, single sign-on and the audit log.' },
];
