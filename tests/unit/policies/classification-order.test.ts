import { describe, expect, it } from 'vitest';
import { buildPolicyBundle, bundleFiles } from '../../../src/modules/policies/bundle.js';
import { evaluatePolicy, policyEvaluateBodySchemaFor, REASONS } from '../../../src/modules/policies/evaluator.js';
import { DEFAULT_LEVELS, policyDataFor, policyDataForAll } from '../../../src/modules/policies/policy-data.js';
import { PolicyService } from '../../../src/modules/policies/service.js';
import { caseTable, metric } from './fixtures.js';

/**
 * Issue 8: classification levels are a workspace vocabulary, so the generated policies compare by the
 * workspace's order. With `sensitive` between confidential and restricted, sensitive clearance reads
 * confidential and sensitive metrics but not restricted ones; the default order decides as before.
 */
const WITH_SENSITIVE = ['public', 'internal', 'confidential', 'sensitive', 'restricted'];
const table = caseTable();
const entry = (classification: string) => ({ ...table.metrics['m.public']!, data_classification: classification });
const readValues = (clearance: string) => ({ metric_id: 'm', action: 'read_values', user: { id: 'u', roles: ['viewer'], clearance } });

describe('classification order', () => {
  it('ranks a level inserted between confidential and restricted accordingly', () => {
    const decide = (clearance: string, cls: string) => evaluatePolicy({ m: entry(cls) }, readValues(clearance), WITH_SENSITIVE);
    expect(decide('sensitive', 'confidential')).toStrictEqual({ allow: true, deny_reasons: [] });
    expect(decide('sensitive', 'sensitive')).toStrictEqual({ allow: true, deny_reasons: [] });
    expect(decide('sensitive', 'restricted')).toStrictEqual({ allow: false, deny_reasons: [REASONS.clearanceBelow('sensitive', 'restricted')] });
    expect(decide('confidential', 'sensitive')).toStrictEqual({ allow: false, deny_reasons: [REASONS.clearanceBelow('confidential', 'sensitive')] });
    expect(decide('restricted', 'sensitive').allow).toBe(true);
    // Without the workspace's order, `sensitive` is no clearance at all, and as a classification it fails closed.
    expect(evaluatePolicy({ m: entry('confidential') }, readValues('sensitive')).deny_reasons).toEqual([REASONS.clearanceMissing]);
    expect(evaluatePolicy({ m: entry('sensitive') }, readValues('restricted')).allow).toBe(true);
    expect(evaluatePolicy({ m: entry('sensitive') }, readValues('confidential')).deny_reasons).toEqual([REASONS.clearanceBelow('confidential', 'restricted')]);
  });

  it('treats an unknown classification as the highest level of the workspace\'s order', () => {
    const top = ['public', 'internal', 'secret'];
    expect(evaluatePolicy({ m: entry('restricted') }, readValues('internal'), top).deny_reasons).toEqual([REASONS.clearanceBelow('internal', 'secret')]);
    expect(evaluatePolicy({ m: entry('restricted') }, readValues('secret'), top).allow).toBe(true);
  });

  it('decides every case of the shared table the same when given the default order explicitly', () => {
    for (const c of table.cases) expect(evaluatePolicy(table.metrics, c.input, DEFAULT_LEVELS), c.name).toStrictEqual(c.expected);
  });

  it('carries a non-default order in the bundle data (and the default one not at all, so bundles stay the same)', async () => {
    const metrics = [metric('m1', { governance: { data_classification: 'sensitive', pii_involved: false } })];
    expect(policyDataForAll(metrics, WITH_SENSITIVE).mdl).toStrictEqual({ classification_levels: WITH_SENSITIVE, metrics: { m1: expect.objectContaining({ data_classification: 'sensitive' }) } });
    expect(Object.keys(policyDataForAll([metric('m1')]).mdl)).toEqual(['metrics']);
    expect(bundleFiles([metric('m1')], DEFAULT_LEVELS).revision).toBe((await buildPolicyBundle([metric('m1')])).revision);
    expect(bundleFiles([metric('m1')], WITH_SENSITIVE).revision).not.toBe(bundleFiles([metric('m1')]).revision);
    const data = JSON.parse(bundleFiles(metrics, WITH_SENSITIVE).files.find((f) => f.path === 'data.json')!.content.toString('utf8'));
    expect(data.mdl.classification_levels).toEqual(WITH_SENSITIVE);
  });

  it('gives an unclassified metric internal, or the highest level of an order without it', () => {
    const plain = metric('m1', { governance: { pii_involved: false } });
    expect(policyDataFor(plain, WITH_SENSITIVE).data_classification).toBe('internal');
    expect(policyDataFor(plain, ['open', 'closed']).data_classification).toBe('closed');
  });

  it('accepts the workspace\'s levels as a clearance on evaluate, and only those', () => {
    const schema = policyEvaluateBodySchemaFor(WITH_SENSITIVE as [string, ...string[]]);
    expect(schema.safeParse({ action: 'read_values', user: { id: 'u', clearance: 'sensitive' } }).success).toBe(true);
    expect(schema.safeParse({ action: 'read_values', user: { id: 'u', clearance: 'top-secret' } }).success).toBe(false);
    const service = new PolicyService();
    const m = metric('m1', { governance: { data_classification: 'restricted', pii_involved: false } });
    expect(service.evaluate(m, { action: 'read_values', user: { id: 'u', roles: ['viewer'], clearance: 'sensitive' } }, WITH_SENSITIVE).deny_reasons)
      .toEqual([REASONS.clearanceBelow('sensitive', 'restricted')]);
    expect(service.policyFor(m, WITH_SENSITIVE).classification_levels).toEqual(WITH_SENSITIVE);
    expect(service.policyFor(m)).not.toHaveProperty('classification_levels');
  });
});
