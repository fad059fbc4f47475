// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../web/src/api/client.js';
import { DropZone } from '../../web/src/pages/import-export/DropZone.js';
import { PlanView } from '../../web/src/pages/import-export/PlanView.js';
import { blockers, DEFAULT_OPTIONS, importBody, importUrl, runImport, type ImportReport, type UploadProgress } from '../../web/src/pages/import-export/upload.js';

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

  it('shows bidi controls in skipped file names and reasons as code points, so a name cannot read backwards', () => {
    renderPlan(report({ skipped_files: [{ source: 'evil\u202Elmay.sh', reason: 'not a catalog: \u2066odd\u2069' }] }));
    const item = screen.getByTestId('import-skipped').querySelector('li')!;
    expect(item.textContent).toBe('evil[U+202E]lmay.sh — not a catalog: [U+2066]odd[U+2069]');
    expect(item.textContent).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
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

describe('drop zone', () => {
  it('takes dropped files and chosen files as the batch, and lists them', () => {
    const batches: string[][] = [];
    const a = new File(['{}'], 'a.json');
    const b = new File(['x: 1'], 'b.yaml');
    const { rerender } = render(<MantineProvider><DropZone files={[]} onFiles={(f) => batches.push(f.map((x) => x.name))} /></MantineProvider>);
    const zone = screen.getByTestId('drop-zone');
    fireEvent.dragOver(zone, { dataTransfer: { files: [a, b] } });
    expect(zone.getAttribute('data-over')).toBe('true');
    fireEvent.drop(zone, { dataTransfer: { files: [a, b] } });
    expect(zone.getAttribute('data-over')).toBeNull();
    const input = screen.getByTestId('import-file-input') as HTMLInputElement;
    expect(input.multiple).toBe(true);
    expect(input.hidden).toBe(true);
    fireEvent.change(input, { target: { files: [b] } });
    expect(batches).toEqual([['a.json', 'b.yaml'], ['b.yaml']]);
    rerender(<MantineProvider><DropZone files={[a, b]} onFiles={() => {}} /></MantineProvider>);
    expect(within(screen.getByRole('list', { name: 'Chosen files' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['a.json (2 B)', 'b.yaml (4 B)']);
  });

  it('ignores a drop while an import runs', () => {
    const batches: File[][] = [];
    render(<MantineProvider><DropZone files={[]} onFiles={(f) => batches.push(f)} disabled /></MantineProvider>);
    fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: { files: [new File(['{}'], 'a.json')] } });
    expect(batches).toEqual([]);
    expect((screen.getByRole('button', { name: 'Choose files…' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

/** Just enough of XMLHttpRequest to see what runImport sends and to answer it. */
class FakeXhr {
  static last: FakeXhr | undefined;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  withCredentials = false;
  responseType = '';
  status = 0;
  statusText = '';
  responseText = '';
  aborted = false;
  upload: { onprogress?: (e: { loaded: number; total: number; lengthComputable: boolean }) => void; onload?: () => void } = {};
  onload?: () => void;
  onerror?: () => void;
  onabort?: () => void;
  constructor() { FakeXhr.last = this; }
  open(method: string, url: string) { this.method = method; this.url = url; }
  setRequestHeader(name: string, value: string) { this.headers[name] = value; }
  send(body: unknown) { this.body = body; }
  abort() { this.aborted = true; this.onabort?.(); }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

describe('runImport', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.cookie = 'mdl_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  });

  it('posts the files with the CSRF token and the cookies, reports upload progress, and resolves with the report', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    document.cookie = 'mdl_csrf=tok-123';
    const progress: UploadProgress[] = [];
    const done = runImport([new File(['{}'], 'a.json')], true, { ...DEFAULT_OPTIONS, strict: true }, (p) => progress.push(p));
    const xhr = FakeXhr.last!;
    expect([xhr.method, xhr.url, xhr.withCredentials]).toEqual(['POST', '/api/v1/import?dry_run=true&strict=true', true]);
    expect(xhr.headers).toEqual({ 'X-CSRF-Token': 'tok-123' });
    expect((xhr.body as FormData).getAll('file').map((f) => (f as File).name)).toEqual(['a.json']);
    xhr.upload.onprogress!({ loaded: 50, total: 100, lengthComputable: true });
    xhr.upload.onload!();
    xhr.answer(200, report());
    expect(await done).toEqual({ report: report(), refused: false });
    expect(progress).toEqual([{ loaded: 50, total: 100, sent: false }, { loaded: 1, total: 1, sent: true }]);
  });

  it('a refused import (422 IMPORT_REJECTED) resolves with its report; other failures reject with the server\'s message', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const refused = runImport([new File(['{}'], 'a.json')], false, DEFAULT_OPTIONS);
    FakeXhr.last!.answer(422, { error: { code: 'IMPORT_REJECTED', message: 'import refused: 1 invalid record(s)', details: report({ dry_run: false }) } });
    expect(await refused).toMatchObject({ refused: true, message: 'import refused: 1 invalid record(s)', report: { dry_run: false, errors_total: 1 } });

    const forbidden = runImport([new File(['{}'], 'a.json')], false, DEFAULT_OPTIONS);
    FakeXhr.last!.answer(403, { error: { code: 'FORBIDDEN', message: 'this credential lacks the scope import' } });
    await expect(forbidden).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN', message: 'this credential lacks the scope import' });

    const offline = runImport([new File(['{}'], 'a.json')], false, DEFAULT_OPTIONS);
    FakeXhr.last!.onerror!();
    const err = await offline.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).isNetwork).toBe(true);
  });

  it('aborts the request when its signal does', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const controller = new AbortController();
    const run = runImport([new File(['{}'], 'a.json')], true, DEFAULT_OPTIONS, undefined, controller.signal);
    controller.abort();
    expect(FakeXhr.last!.aborted).toBe(true);
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
