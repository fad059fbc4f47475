import { describe, expect, it } from 'vitest';
import { normalizeObjective } from '../../../src/modules/io/normalize-objective.js';

function ok(raw: unknown) {
  const res = normalizeObjective(raw, 'objectives[0]');
  if (!res.ok) throw new Error(JSON.stringify(res.issues));
  return res.value;
}

const krs = (raw: unknown[]) => ok({ objective_id: 'O1', name: 'Objective', key_results: raw }).key_results;

describe('normalizeObjective: file form', () => {
  it('maps title, owner, start_date/end_date and KR metric_id/progress_percentage', () => {
    const value = ok({
      objective_id: 'O1',
      title: 'Grow',
      owner: 'team',
      start_date: '2025-01-01',
      end_date: '2025-03-31',
      key_results: [{ kr_id: 'K1', metric_id: 'm1', progress_percentage: 40, target_value: 10 }],
    });
    expect(value).toEqual({
      objective_id: 'O1',
      name: 'Grow',
      owner_team: 'team',
      timeframe: { start: '2025-01-01', end: '2025-03-31' },
      key_results: [{ kr_id: 'K1', metric_ids: ['m1'], reported_progress_percentage: 40, target_value: 10 }],
    });
  });

  it('accepts the canonical form unchanged', () => {
    const canonical = {
      objective_id: 'O1', name: 'Grow', timeframe: { start: '2025-01-01', end: null }, owner_team: 't', metric_ids: ['m1'],
      key_results: [{ kr_id: 'K1', name: 'k', metric_ids: ['m1'], direction: 'increase' as const, baseline_value: 1, target_value: 2, current_value: 1.5, reported_progress_percentage: null }],
      metadata: { notes: 'n' }, version: '2', created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-02T00:00:00Z',
    };
    expect(ok(canonical)).toEqual(canonical);
  });

  it('merges KR metric_id into metric_ids without duplicates; blank metric_id means none', () => {
    expect(krs([{ kr_id: 'a', metric_id: 'm2', metric_ids: ['m1'] }])?.[0]?.metric_ids).toEqual(['m1', 'm2']);
    expect(krs([{ kr_id: 'a', metric_id: 'm1', metric_ids: ['m1'] }])?.[0]?.metric_ids).toEqual(['m1']);
    expect(krs([{ kr_id: 'a', metric_id: '' }])?.[0]?.metric_ids).toEqual([]);
    expect(krs([{ kr_id: 'a', metric_id: null, metric_ids: ['m3'] }])?.[0]?.metric_ids).toEqual(['m3']);
  });

  it('drops the server-computed progress; progress_percentage is the file form of reported_progress_percentage', () => {
    expect(krs([{ kr_id: 'a', reported_progress_percentage: null, progress: 80 }])?.[0]).toEqual({ kr_id: 'a', reported_progress_percentage: null });
    expect(krs([{ kr_id: 'a', progress_percentage: 80, progress: 12 }])?.[0]).toEqual({ kr_id: 'a', reported_progress_percentage: 80 });
    const value = ok({ objective_id: 'O1', name: 'n', key_results: [{ kr_id: 'a', reported_progress_percentage: 20, progress_percentage: 80 }] });
    expect(value.key_results?.[0]).toEqual({ kr_id: 'a', reported_progress_percentage: 20 });
    expect(value.extensions).toEqual({ '/key_results/0/progress_percentage': 80 });
  });

  it('assigns `${objective_id}-KR${n}` (1-based position) to KRs without a kr_id', () => {
    const list = krs([{ kr_id: 'first' }, { description: 'no id' }, { kr_id: '' }, { kr_id: null }]);
    expect(list?.map((k) => k.kr_id)).toEqual(['first', 'O1-KR2', 'O1-KR3', 'O1-KR4']);
  });

  it('reports a duplicate kr_id, including one produced by generation', () => {
    const res = normalizeObjective({ objective_id: 'O1', name: 'n', key_results: [{ kr_id: 'O1-KR2' }, {}] }, 'objectives[4]');
    expect(res).toEqual({ ok: false, issues: [{ path: 'objectives[4].key_results[1].kr_id', message: 'duplicate kr_id "O1-KR2" (also key_results[0])' }] });
  });

  it('does not generate KR ids from a blank objective_id: both are reported', () => {
    const res = normalizeObjective({ objective_id: '', title: 'T', key_results: [{ kr_id: '' }] }, 'objectives[1]');
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues.map((i) => i.path)).toEqual(['objectives[1].objective_id', 'objectives[1].key_results[0].kr_id']);
  });

  it('timeframe: created when null; the canonical date wins over a differing alias, which is kept', () => {
    expect(ok({ objective_id: 'O', name: 'n', timeframe: null, end_date: '2025-12-31' }).timeframe).toEqual({ end: '2025-12-31' });
    const value = ok({ objective_id: 'O', name: 'n', timeframe: { start: '2025-01-01' }, start_date: '2024-12-01', end_date: '2025-02-01' });
    expect(value.timeframe).toEqual({ start: '2025-01-01', end: '2025-02-01' });
    expect(value.extensions).toEqual({ '/start_date': '2024-12-01' });
  });

  it('keeps title in extensions when it differs from name, and unknown KR fields by pointer', () => {
    const value = ok({ objective_id: 'O', name: 'Canonical', title: 'Alias', key_results: [{ kr_id: 'k', confidence: 0.7 }] });
    expect(value.name).toBe('Canonical');
    expect(value.extensions).toEqual({ '/title': 'Alias', '/key_results/0/confidence': 0.7 });
  });

  it('reports a malformed metric_ids instead of merging a KR metric_id into it', () => {
    const res = normalizeObjective({ objective_id: 'O', name: 'n', key_results: [{ kr_id: 'k', metric_ids: 'm1', metric_id: 'm2' }] });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues.map((i) => i.path)).toEqual(['key_results[0].metric_ids']);
  });
});
