// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { withoutManaged } from '../../web/src/pages/metric/api.js';
import { diffRows } from '../../web/src/pages/metric/diff.js';
import { DiffView } from '../../web/src/pages/metric/DiffView.js';

/** The History tab's version diff (web/src/pages/metric/diff.ts, DiffView.tsx) and the restore body. */
afterEach(cleanup);

const v1 = {
  metric_id: 'M-1', name: 'Orders', tags: ['a', 'b'],
  definition: { unit: 'count' },
  governance: { version: '1.0.0', owner_team: 'x', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' },
  targets_and_alerts: { alert_rules: [{ rule_id: 'R1', severity: 'low' }, { rule_id: 'R2', severity: 'high' }] },
};
const v2 = {
  metric_id: 'M-1', name: 'Orders <b>placed</b>', tags: ['a', 'c'],
  definition: { unit: 'count', formula: 'count(orders)' },
  governance: { version: '2.0.0', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-02-01T00:00:00.000Z' },
  targets_and_alerts: { alert_rules: [{ rule_id: 'R1', severity: 'critical' }] },
};

describe('version diff', () => {
  it('lists each changed field with its path and both values', () => {
    const rows = diffRows(v1, v2);
    const by = Object.fromEntries(rows.map((r) => [r.path, r]));
    expect(by['name']).toEqual({ path: 'name', kind: 'changed', before: 'Orders', after: 'Orders <b>placed</b>' });
    expect(by['definition.formula']).toEqual({ path: 'definition.formula', kind: 'added', after: 'count(orders)' });
    expect(by['governance.owner_team']).toEqual({ path: 'governance.owner_team', kind: 'removed', before: 'x' });
    expect(by['governance.version']).toMatchObject({ kind: 'changed', before: '1.0.0', after: '2.0.0' });
    // Alert rules are matched by rule_id: R1's severity changed, R2 was removed (not "R2 became R1").
    expect(by['targets_and_alerts.alert_rules[0].severity']).toMatchObject({ kind: 'changed', before: 'low', after: 'critical' });
    expect(by['targets_and_alerts.alert_rules[1]']).toMatchObject({ kind: 'removed', before: { rule_id: 'R2', severity: 'high' } });
    expect(rows.some((r) => r.path.startsWith('tags'))).toBe(true);
    expect(by['definition.unit']).toBeUndefined();
    expect(by['metric_id']).toBeUndefined();
  });

  it('equal snapshots have no rows; the view says so', () => {
    expect(diffRows(v1, structuredClone(v1))).toEqual([]);
    render(<MantineProvider><DiffView left={v1} right={structuredClone(v1)} leftLabel="version 1.0.0" rightLabel="version 1.0.1" /></MantineProvider>);
    expect(screen.getByRole('status').textContent).toBe('No differences between version 1.0.0 and version 1.0.1.');
  });

  it('renders both sides as text with the kind of change in words', () => {
    const { container } = render(<MantineProvider><DiffView left={v1} right={v2} leftLabel="version 1.0.0" rightLabel="version 2.0.0" /></MantineProvider>);
    const table = screen.getByRole('table', { name: 'Differences from version 1.0.0 to version 2.0.0' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Field', 'Change', 'version 1.0.0', 'version 2.0.0']);
    const nameRow = within(table).getByText('name').closest('tr')!;
    expect([...nameRow.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['name', 'Changed', 'Orders', 'Orders <b>placed</b>']);
    expect(container.querySelector('b')).toBeNull();
    const added = within(table).getByText('definition.formula').closest('tr')!;
    expect(within(added).getByText('Added')).toBeTruthy();
    expect(within(added).getByText('(absent)')).toBeTruthy();
    expect(within(table).getAllByText('Removed').length).toBeGreaterThanOrEqual(2);
  });
});

describe('restore body', () => {
  it('drops the server-managed fields and keeps the rest of governance', () => {
    expect(withoutManaged(v1)).toEqual({ ...v1, governance: { owner_team: 'x' } });
    const bare = withoutManaged(v2) as Record<string, unknown>;
    expect('governance' in bare).toBe(false);
    expect(v2.governance.version).toBe('2.0.0');
  });
});
