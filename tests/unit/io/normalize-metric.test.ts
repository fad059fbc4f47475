import { describe, expect, it } from 'vitest';
import { normalizeMetric } from '../../../src/modules/io/normalize-metric.js';

const base = () => ({ metric_id: 'm1', name: 'Metric one' });

function ok(raw: unknown, path = '') {
  const res = normalizeMetric(raw, path);
  if (!res.ok) throw new Error(JSON.stringify(res.issues));
  return res.value;
}

describe('normalizeMetric: unknown fields', () => {
  it('moves unknown fields at any depth into extensions keyed by JSON Pointer, values verbatim', () => {
    const note = { text: 'kept', nested: [1, { deep: true }] };
    const value = ok({
      ...base(),
      x_top: 'top',
      definition: { unit: 'percent', numerator: { event_name: 'e', custom_note: note } },
      data: { primary_sources: [{ system: 's' }, { system: 't', owner_slack: '#data' }] },
      targets_and_alerts: { alert_rules: [{ rule_id: 'r', runbook: 'https://runbook' }] },
      dimensions: [{ name: 'region', sort: 'asc' }],
    });
    expect(value.extensions).toEqual({
      '/x_top': 'top',
      '/definition/numerator/custom_note': note,
      '/data/primary_sources/1/owner_slack': '#data',
      '/targets_and_alerts/alert_rules/0/runbook': 'https://runbook',
      '/dimensions/0/sort': 'asc',
    });
    expect(value.extensions?.['/definition/numerator/custom_note']).toEqual(note);
    expect(value.definition?.numerator).toEqual({ event_name: 'e' });
    expect(value.data?.primary_sources).toEqual([{ system: 's' }, { system: 't' }]);
    expect(value).not.toHaveProperty('x_top');
  });

  it('keeps free-form (record) fields and union object members whole', () => {
    const value = ok({
      ...base(),
      definition: {
        example_calculation: { anything: 1, nested: { goes: 'here' } },
        numerator: { filters: ['a = 1', { field: 'plan', op: 'in', odd: true }] },
      },
      metadata: { change_history: [{ date: '2025-01-01', whatever: 'x' }] },
      relationships: { tradeoffs: [{ with: 'm2', note: 'n' }] },
    });
    expect(value.extensions).toBeUndefined();
    expect(value.definition?.example_calculation).toEqual({ anything: 1, nested: { goes: 'here' } });
    expect(value.definition?.numerator?.filters?.[1]).toEqual({ field: 'plan', op: 'in', odd: true });
  });

  it('escapes "/" and "~" in pointer tokens (RFC 6901)', () => {
    const value = ok({ ...base(), definition: { 'a/b~c': 1 } });
    expect(value.extensions).toEqual({ '/definition/a~1b~0c': 1 });
  });

  it('merges an existing extensions object: input keys first; a field standing in the document wins', () => {
    const value = ok({ ...base(), extensions: { '/z_old': 1, '/x_new': 'stale' }, x_new: 'fresh', a_field: 2 });
    expect(Object.keys(value.extensions ?? {})).toEqual(['/z_old', '/x_new', '/a_field']);
    expect(value.extensions).toEqual({ '/z_old': 1, '/x_new': 'fresh', '/a_field': 2 });
  });

  it('refuses a __proto__ key anywhere in a record, with its path (it used to vanish silently in free objects)', () => {
    for (const [text, path] of [
      ['{"metric_id":"m1","name":"n","definition":{"__proto__":{"polluted":true}}}', 'metrics[0].definition.__proto__'],
      ['{"metric_id":"m1","name":"n","definition":{"example_calculation":{"a":[{"__proto__":1}]}}}', 'metrics[0].definition.example_calculation.a[0].__proto__'],
    ] as const) {
      const res = normalizeMetric(JSON.parse(text), 'metrics[0]');
      expect(res).toEqual({ ok: false, issues: [{ path, message: expect.stringMatching(/^the key "__proto__" is not allowed/) }] });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not modify the raw input', () => {
    const raw = { ...base(), x: 1, targets_and_alerts: { alert_rules: [{ name: 'n', notification_channels: ['#a'] }] } };
    const copy = structuredClone(raw);
    ok(raw);
    expect(raw).toEqual(copy);
  });
});

describe('normalizeMetric: alert rule aliases', () => {
  const rules = (value: ReturnType<typeof ok>) => value.targets_and_alerts?.alert_rules;

  it('maps notification_channels → notify_channels and copies name → rule_id, keeping name', () => {
    const value = ok({ ...base(), targets_and_alerts: { alert_rules: [{ name: 'drop', notification_channels: ['#a'] }] } });
    expect(rules(value)).toEqual([{ rule_id: 'drop', name: 'drop', notify_channels: ['#a'] }]);
    expect(value.extensions).toBeUndefined();
  });

  it('keeps an explicit rule_id and does not invent one from an empty name', () => {
    const value = ok({
      ...base(),
      targets_and_alerts: { alert_rules: [{ rule_id: 'r1', name: 'drop' }, { name: '' }, { rule_id: '', name: 'fill' }] },
    });
    expect(rules(value)).toEqual([{ rule_id: 'r1', name: 'drop' }, { name: '' }, { rule_id: 'fill', name: 'fill' }]);
  });

  it('on conflict the canonical field wins and the alias is kept in extensions at its own pointer', () => {
    const value = ok({
      ...base(),
      targets_and_alerts: { alert_rules: [{ notify_channels: ['#canon'], notification_channels: ['#alias'] }, { notify_channels: ['#same'], notification_channels: ['#same'] }] },
    });
    expect(rules(value)).toEqual([{ notify_channels: ['#canon'] }, { notify_channels: ['#same'] }]);
    expect(value.extensions).toEqual({ '/targets_and_alerts/alert_rules/0/notification_channels': ['#alias'] });
  });
});

describe('normalizeMetric: validation', () => {
  it('reports empty metric_id and name, prefixed by the record path', () => {
    const res = normalizeMetric({ metric_id: '', name: '' }, 'metrics[3]');
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.issues.map((i) => i.path)).toEqual(['metrics[3].metric_id', 'metrics[3].name']);
    expect(res.issues.every((i) => /empty/.test(i.message))).toBe(true);
  });

  it('reports wrong types at depth with the full path', () => {
    const res = normalizeMetric({ ...base(), definition: { unit: 42 }, dimensions: [{ name: 'a' }, { name: 7 }] }, 'metrics[3]');
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues.map((i) => i.path).sort()).toEqual(['metrics[3].definition.unit', 'metrics[3].dimensions[1].name']);
  });

  it('leaves a section of the wrong type for validation instead of failing inside the walker', () => {
    const res = normalizeMetric({ ...base(), definition: 'oops', tags: 'a,b' });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues.map((i) => i.path).sort()).toEqual(['definition', 'tags']);
  });

  it('refuses a record that is not an object', () => {
    expect(normalizeMetric(['x'], '[2]')).toEqual({ ok: false, issues: [{ path: '[2]', message: 'must be an object, got an array' }] });
    expect(normalizeMetric(null, '')).toEqual({ ok: false, issues: [{ path: '(root)', message: 'must be an object, got null' }] });
  });

  it('accepts and keeps the blank-template empties (nothing a file carries is dropped)', () => {
    const value = ok({
      ...base(),
      business_domain: '',
      definition: { expected_direction: '', unit: '' },
      governance: { data_classification: '', status: 'draft' },
      targets_and_alerts: { target_value: null, alert_rules: [{ severity: '', condition: '' }] },
    });
    expect(value.business_domain).toBe('');
    expect(value.definition?.expected_direction).toBe('');
    expect(value.governance?.data_classification).toBe('');
    expect(value.targets_and_alerts?.alert_rules?.[0]?.severity).toBe('');
    expect(value.definition?.unit).toBe('');
    expect(value.governance?.status).toBe('draft');
  });
});
