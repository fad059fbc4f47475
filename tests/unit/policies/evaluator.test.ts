import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluatePolicy,
  policyEvaluateBodySchema,
  policyInputSchema,
  REASONS,
  thresholdStatus,
} from '../../../src/modules/policies/evaluator.js';
import { policyEntrySchema } from '../../../src/modules/policies/policy-data.js';
import { caseTable } from './fixtures.js';

const table = caseTable();

describe('shared case table (same table as policy/mdl/metrics_test.rego)', () => {
  it('is large enough to mean something and has unique names', () => {
    expect(table.cases.length).toBeGreaterThan(100);
    expect(new Set(table.cases.map((c) => c.name)).size).toBe(table.cases.length);
  });

  it.each(table.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(evaluatePolicy(table.metrics, c.input)).toStrictEqual(c.expected);
  });

  it.each(table.cases.map((c) => [c.name, c] as const))('api schema validity: %s', (_name, c) => {
    expect(policyInputSchema.safeParse(c.input).success).toBe(c.api_valid);
  });

  it('holds only generator-shaped entries, except the deliberately malformed ones', () => {
    for (const [id, entry] of Object.entries(table.metrics)) {
      expect(policyEntrySchema.safeParse(entry).success, id).toBe(!id.startsWith('malformed.'));
    }
  });

  it('covers every action, status, classification pair and reason', () => {
    const inputs = table.cases.map((c) => c.input);
    for (const action of ['read_definition', 'read_values', 'change', 'check_value']) {
      expect(table.cases.some((c) => c.input['action'] === action && c.expected.allow)).toBe(true);
      expect(table.cases.some((c) => c.input['action'] === action && !c.expected.allow)).toBe(true);
    }
    for (const s of ['ok', 'warning', 'critical', 'unknown']) {
      expect(table.cases.some((c) => c.expected.threshold_status === s)).toBe(true);
    }
    const levels = ['public', 'internal', 'confidential', 'restricted'];
    for (const clearance of levels) {
      for (const cls of levels) {
        const hit = inputs.some(
          (i) => i['action'] === 'read_values' && i['metric_id'] === `m.${cls}` && (i['user'] as { clearance?: string }).clearance === clearance,
        );
        expect(hit, `${clearance} on ${cls}`).toBe(true);
      }
    }
    const allReasons = new Set(table.cases.flatMap((c) => c.expected.deny_reasons));
    for (const r of Object.values(REASONS)) if (typeof r === 'string') expect(allReasons.has(r), r).toBe(true);
    expect([...allReasons].some((r) => r.startsWith('clearance '))).toBe(true);
  });

  it('pins equality at every threshold as a breach', () => {
    const at = (id: string, value: number) =>
      table.cases.find((c) => c.input['metric_id'] === id && c.input['value'] === value)?.expected.threshold_status;
    expect([at('t.inc', 50), at('t.inc', 80)]).toEqual(['critical', 'warning']);
    expect([at('t.dec', 500), at('t.dec', 200)]).toEqual(['critical', 'warning']);
    expect([at('t.maint', 125), at('t.maint', 75), at('t.maint', 110), at('t.maint', 90)]).toEqual([
      'critical', 'critical', 'warning', 'warning',
    ]);
  });
});

describe('evaluatePolicy: targeted', () => {
  const entry = table.metrics['t.inc']!;
  const viewer = { id: 'u1', roles: ['viewer'] };

  it('ignores prototype properties of the metrics object', () => {
    for (const id of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      const d = evaluatePolicy({ m1: entry }, { metric_id: id, action: 'read_definition', user: viewer });
      expect(d).toStrictEqual({ allow: false, deny_reasons: [REASONS.unknownMetric] });
    }
  });

  it('treats a metric id equal to a rule name as plain data', () => {
    const d = evaluatePolicy({ allow: entry }, { metric_id: 'allow', action: 'read_definition', user: viewer });
    expect(d.allow).toBe(true);
  });

  it('denies everything for an empty or non-object input', () => {
    expect(evaluatePolicy({ m1: entry }, {})).toStrictEqual({
      allow: false,
      deny_reasons: [REASONS.unknownAction, REASONS.unknownMetric].sort(),
    });
    expect(evaluatePolicy({ m1: entry }, { metric_id: 'm1', action: 'change', user: 'alice' }).allow).toBe(false);
  });

  it('does not let non-array teams or roles match by substring or iteration', () => {
    const asString = evaluatePolicy({ m1: entry }, { metric_id: 'm1', action: 'change', user: { id: 'x', teams: 'growth', roles: 'admin' } });
    expect(asString.deny_reasons).toEqual([REASONS.notApprover]);
  });

  it('compares owners and values by type: 1 is not "1"', () => {
    const e = { ...entry, technical_owner: '1' };
    expect(evaluatePolicy({ m1: e }, { metric_id: 'm1', action: 'change', user: { id: 1 } }).allow).toBe(false);
    expect(evaluatePolicy({ m1: e }, { metric_id: 'm1', action: 'change', user: { id: '1' } }).allow).toBe(true);
  });

  it('returns sorted, de-duplicated reasons and omits threshold_status when denied', () => {
    const d = evaluatePolicy({}, { metric_id: 'x', action: 'read_values', user: { id: 'u' } });
    expect(d.deny_reasons).toEqual([...d.deny_reasons].sort());
    expect(d.deny_reasons).toHaveLength(3);
    const denied = evaluatePolicy({ m1: entry }, { metric_id: 'm1', action: 'check_value', user: { id: 'u' }, value: 10 });
    expect('threshold_status' in denied).toBe(false);
  });
});

describe('thresholdStatus properties', () => {
  const int = fc.integer({ min: -1_000_000, max: 1_000_000 });

  it('decrease on v is increase on -v with negated thresholds', () => {
    fc.assert(
      fc.property(int, fc.option(int, { nil: null }), fc.option(int, { nil: null }), (v, w, c) => {
        const up = { expected_direction: 'increase', warning_threshold: w, critical_threshold: c };
        const down = { expected_direction: 'decrease', warning_threshold: w === null ? null : -w, critical_threshold: c === null ? null : -c };
        expect(thresholdStatus(down, -v)).toBe(thresholdStatus(up, v));
      }),
    );
  });

  it('maintain is symmetric around the target and never better farther away', () => {
    fc.assert(
      fc.property(int, fc.nat(1000), fc.nat(1000), fc.nat(1000), (target, d, w, extra) => {
        const m = { expected_direction: 'maintain', target_value: target, warning_threshold: w, critical_threshold: w + extra };
        const rank = { ok: 0, warning: 1, critical: 2, unknown: -1 };
        expect(thresholdStatus(m, target + d)).toBe(thresholdStatus(m, target - d));
        expect(rank[thresholdStatus(m, target + d + 1)]).toBeGreaterThanOrEqual(rank[thresholdStatus(m, target + d)]);
      }),
    );
  });
});

describe('input schemas', () => {
  const base = { metric_id: 'm1', action: 'check_value', user: { id: 'u1' }, value: 1.5 };

  it('accepts the minimal input and refuses unknown fields at every level', () => {
    expect(policyInputSchema.safeParse(base).success).toBe(true);
    expect(policyInputSchema.safeParse({ ...base, extra: 1 }).success).toBe(false);
    expect(policyInputSchema.safeParse({ ...base, user: { id: 'u1', is_admin: true } }).success).toBe(false);
  });

  it('refuses bad ids, empty user ids, unknown clearances and non-numeric values', () => {
    expect(policyInputSchema.safeParse({ ...base, metric_id: '../x' }).success).toBe(false);
    expect(policyInputSchema.safeParse({ ...base, user: { id: '' } }).success).toBe(false);
    expect(policyInputSchema.safeParse({ ...base, user: { id: 'u', clearance: 'secret' } }).success).toBe(false);
    expect(policyInputSchema.safeParse({ ...base, value: '1' }).success).toBe(false);
    expect(policyInputSchema.safeParse({ ...base, value: Number.POSITIVE_INFINITY }).success).toBe(false);
  });

  it('the route body makes metric_id optional but stays strict', () => {
    const { metric_id: _omit, ...body } = base;
    expect(policyEvaluateBodySchema.safeParse(body).success).toBe(true);
    expect(policyEvaluateBodySchema.safeParse({ ...body, extra: true }).success).toBe(false);
    expect(policyInputSchema.safeParse(body).success).toBe(false);
  });
});
