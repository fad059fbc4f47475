// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PlanView } from '../../web/src/pages/import-export/PlanView.js';
import { blockers, DEFAULT_OPTIONS, importBody, importUrl, type ImportReport } from '../../web/src/pages/import-export/upload.js';

/** The Import/Export view's plan (web/src/pages/import-export/PlanView.tsx) and the request it sends (upload.ts). */
afterEach(cleanup);

const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const counts = (created = 0, updated = 0, unchanged = 0, invalid = 0) => ({ created, updated, unchanged, invalid });

function report(over: Partial<ImportReport> = {}): ImportReport {
  return {
    dry_run: true, mode: 'all-or-nothing', shape: 'batch', committed: false,
    counts: { domain: counts(1), objective: counts(), metric: counts(2, 1, 3, 1) },
    errors: [{ kind: 'metric', path: 'b.yaml:metrics[1]', id: 'M-BAD', issues: [{ path: 'definition.unit', message: `must be a string ${HOSTILE}` }, { path: 'tier', message: 'unknown tier "Gold"' }] }],
    errors_total: 1,
    changes: [{ kind: 'metric', id: 'M-1', outcome: 'created', version: '1.0.0', changed: [] }],
    changes_truncated: false, catalog_meta: null,
    unresolved: [{ kind: 'metric', id: 'M-1', path: 'a.json:metrics[0]', field: 'relationships.upstream_metric_ids[0]', target_type: 'metric', target_id: 'M-NOWHERE' }],
    unresolved_total: 1, reference_policy: 'warn',
    conflicts: [{
      kind: 'metric', id: 'shop.revenue', reason: 'defined-twice', current: { source: 'a.yml', format: 'cube' }, incoming: { source: 'b.yml', format: 'cube', name: 'revenue' },
      diff: [{ path: 'definition.formula', before: 'SUM(amount)', after: 'SUM(net)' }, { path: 'tags', before: undefined, after: ['x', HOSTILE] }],
      resolution: 'refused',
    }],
    conflicts_total: 1, on_conflict: 'fail',
    skipped_files: [{ source: 'schema.yml', reason: 'a dbt schema file with tests only' }],
    duration_ms: 12,
    ...over,
  };
}

const renderPlan = (r: ImportReport, stage: 'plan' | 'done' | 'refused' = 'plan') => render(<MantineProvider><PlanView report={r} stage={stage} /></MantineProvider>);

describe('import plan', () => {
  it('counts every kind and outcome in a table', () => {
    renderPlan(report());
    const table = screen.getByRole('table', { name: 'Records by kind and outcome' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Kind', 'Created', 'Updated', 'Unchanged', 'Invalid']);
    const metrics = within(table).getByRole('rowheader', { name: 'Metrics' }).closest('tr')!;
    expect(within(metrics).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2', '1', '3', '1']);
    const domains = within(table).getByRole('rowheader', { name: 'Domains' }).closest('tr')!;
    expect(within(domains).getAllByRole('cell').map((c) => c.textContent)).toEqual(['1', '0', '0', '0']);
    expect(screen.getByText('Dry run: the plan. Nothing has been written yet.')).toBeTruthy();
  });

  it('lists each invalid record with its record path, field path and message, as text', () => {
    const { container } = renderPlan(report());
    const table = screen.getByRole('table', { name: 'Invalid records' });
    const rows = within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows).toEqual([
      ['b.yaml:metrics[1]metric M-BAD', 'definition.unit', `must be a string ${HOSTILE}`],
      ['b.yaml:metrics[1]metric M-BAD', 'tier', 'unknown tier "Gold"'],
    ]);
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows unresolved references with the field they stand at and their target', () => {
    renderPlan(report());
    const table = screen.getByRole('table', { name: 'Unresolved references' });
    const cells = within(table).getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual(['a.json:metrics[0]metric M-1', 'relationships.upstream_metric_ids[0]', 'metric “M-NOWHERE”']);
  });

  it('shows each conflict with its reason, resolution and field diff', () => {
    const { container } = renderPlan(report());
    const conflict = screen.getByTestId('import-conflict');
    expect(within(conflict).getByText('Defined twice in this batch')).toBeTruthy();
    expect(within(conflict).getByText('Refused')).toBeTruthy();
    expect(within(conflict).getByText('Current: a.yml, cube. Incoming: b.yml, cube, as “revenue”.')).toBeTruthy();
    const diff = within(conflict).getByRole('table', { name: 'Differences for metric shop.revenue' });
    const rows = within(diff).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows[0]).toEqual(['definition.formula', 'SUM(amount)', 'SUM(net)']);
    expect(rows[1]![0]).toBe('tags');
    expect(rows[1]![1]).toBe('(absent)');
    expect(JSON.parse(rows[1]![2]!)).toEqual(['x', HOSTILE]);
    expect(container.querySelector('img')).toBeNull();
  });

  it('names skipped files, and leaves out empty parts', () => {
    renderPlan(report());
    expect(within(screen.getByTestId('import-skipped')).getByText('schema.yml')).toBeTruthy();
    cleanup();
    renderPlan(report({ errors: [], errors_total: 0, unresolved: [], unresolved_total: 0, conflicts: [], conflicts_total: 0, skipped_files: [], committed: true, dry_run: false }), 'done');
    expect(screen.queryByTestId('import-errors')).toBeNull();
    expect(screen.queryByTestId('import-unresolved')).toBeNull();
    expect(screen.queryByTestId('import-conflicts')).toBeNull();
    expect(screen.queryByTestId('import-skipped')).toBeNull();
    expect(screen.getByText('Imported.')).toBeTruthy();
    expect(within(screen.getByRole('table', { name: 'Changes' })).getByText('metric M-1')).toBeTruthy();
  });

  it('says when the lists were capped', () => {
    renderPlan(report({ errors_total: 1500 }));
    expect(screen.getByText('Showing the first 1 of 1500 invalid records.')).toBeTruthy();
  });
});

describe('import request', () => {
  it('asks only for what differs from the defaults', () => {
    expect(importUrl(true, DEFAULT_OPTIONS)).toBe('/api/v1/import?dry_run=true');
    expect(importUrl(false, DEFAULT_OPTIONS)).toBe('/api/v1/import');
    expect(importUrl(false, { continueOnError: true, strict: true, onConflict: 'overwrite' })).toBe('/api/v1/import?continue_on_error=true&strict=true&on_conflict=overwrite');
  });

  it('sends one `file` part per file, named by its file name', async () => {
    const form = importBody([new File(['{"metrics":[]}'], 'a.json'), new File(['metrics: []'], 'b.yaml')]);
    const parts = form.getAll('file') as File[];
    expect(parts.map((p) => p.name)).toEqual(['a.json', 'b.yaml']);
    expect(await parts[1]!.text()).toBe('metrics: []');
    expect([...form.keys()]).toEqual(['file', 'file']);
  });

  it('says why confirming would be refused', () => {
    expect(blockers(report(), DEFAULT_OPTIONS)).toHaveLength(2);
    expect(blockers(report(), { ...DEFAULT_OPTIONS, continueOnError: true, onConflict: 'skip' })).toEqual([]);
    expect(blockers(report({ conflicts_total: 0 }), DEFAULT_OPTIONS)[0]).toMatch(/^1 invalid record\(s\)/);
  });
});
