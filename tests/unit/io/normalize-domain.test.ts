import { describe, expect, it } from 'vitest';
import { restoreExtensions } from '../../../src/modules/io/extensions.js';
import { normalizeDomain } from '../../../src/modules/io/normalize-domain.js';

function ok(raw: unknown) {
  const res = normalizeDomain(raw, 'domains[0]');
  if (!res.ok) throw new Error(JSON.stringify(res.issues));
  return res.value;
}

describe('normalizeDomain', () => {
  it('maps the file form onto canonical fields; stakeholders and metadata pass as is', () => {
    const value = ok({
      id: 'growth',
      name: 'Growth',
      owner: 'growth-team',
      stakeholders: ['VP Marketing'],
      objectives: ['OBJ-1'],
      key_metrics: ['m1', 'm2'],
      metadata: { industry: 'SaaS', anything: { nested: 1 } },
    });
    expect(value).toEqual({
      domain_id: 'growth',
      name: 'Growth',
      owner_team: 'growth-team',
      stakeholders: ['VP Marketing'],
      objective_ids: ['OBJ-1'],
      key_metric_ids: ['m1', 'm2'],
      metadata: { industry: 'SaaS', anything: { nested: 1 } },
    });
  });

  it('accepts the canonical form unchanged, server-managed fields included', () => {
    const canonical = {
      domain_id: 'revenue', name: 'Revenue', description: 'd', owner_team: 't', contact_email: 'a@b.c', key_areas: ['x'],
      color: '#1f77b4', stakeholders: [], objective_ids: [], key_metric_ids: ['m'], metadata: null,
      version: '4', created_at: '2024-01-01T00:00:00Z', updated_at: '2024-02-01T00:00:00Z',
    };
    expect(ok(canonical)).toEqual(canonical);
  });

  it('canonical wins over a differing alias; the alias is kept in extensions and restored on export', () => {
    const raw = { domain_id: 'revenue', id: 'rev-old', name: 'Revenue', owner_team: 't', owner: 't', key_metric_ids: ['a'], key_metrics: ['b'] };
    const value = ok(raw);
    expect(value.domain_id).toBe('revenue');
    expect(value.key_metric_ids).toEqual(['a']);
    // `owner` repeated the canonical value: nothing to keep.
    expect(value.extensions).toEqual({ '/id': 'rev-old', '/key_metrics': ['b'] });
    expect(restoreExtensions(value)).toEqual({ domain_id: 'revenue', id: 'rev-old', name: 'Revenue', owner_team: 't', key_metric_ids: ['a'], key_metrics: ['b'] });
  });

  it('an alias fills a canonical field that is null', () => {
    expect(ok({ domain_id: 'd', name: 'D', owner_team: null, owner: 'team' }).owner_team).toBe('team');
  });

  it('moves unknown fields to extensions and reports invalid fields with the record path', () => {
    expect(ok({ id: 'd', name: 'D', tier: 'gold' }).extensions).toEqual({ '/tier': 'gold' });
    const res = normalizeDomain({ id: 'd', name: 'D', color: 'blue', key_metrics: ['ok', 'not ok'] }, 'domains[2]');
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues.map((i) => i.path)).toEqual(['domains[2].color', 'domains[2].key_metric_ids[1]']);
  });
});
