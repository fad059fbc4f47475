import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REASONS } from '../../../src/modules/policies/evaluator.js';
import { POLICY_MODULE_URL, policyModuleText } from '../../../src/modules/policies/module-source.js';
import { DEFAULT_CLASSIFICATION, policyDataFor, policyDataForAll } from '../../../src/modules/policies/policy-data.js';
import { PolicyService } from '../../../src/modules/policies/service.js';
import { BadRequestError, ValidationError } from '../../../src/shared/errors.js';
import { metricSchema } from '../../../src/modules/metrics/schema.js';
import { MODULE_PATH, REPO_ROOT, metric, moduleText } from './fixtures.js';

const service = new PolicyService();
const repoRoot = fileURLToPath(REPO_ROOT);

describe('module location', () => {
  it('resolves to policy/mdl/metrics.rego at the repository root', () => {
    expect(fileURLToPath(POLICY_MODULE_URL)).toBe(fileURLToPath(MODULE_PATH));
    expect(policyModuleText()).toBe(moduleText());
  });

  it('sits at the same depth under src/ and under the build output', () => {
    const build = JSON.parse(readFileSync(resolve(repoRoot, 'tsconfig.build.json'), 'utf8'));
    const srcDir = resolve(repoRoot, 'src/modules/policies');
    const outDir = resolve(repoRoot, build.compilerOptions.outDir, relative(resolve(repoRoot, build.compilerOptions.rootDir), srcDir));
    for (const dir of [srcDir, outDir]) {
      expect(relative(repoRoot, dir).split(sep)).toHaveLength(3);
      expect(fileURLToPath(new URL('../../../policy/mdl/metrics.rego', `file://${dir}/x.js`))).toBe(fileURLToPath(MODULE_PATH));
    }
  });
});

describe('policyDataFor', () => {
  it('keeps exactly the facts the module reads', () => {
    expect(policyDataFor(metric('m1'))).toStrictEqual({
      business_owner: 'bob',
      critical_threshold: 50,
      data_classification: 'confidential',
      expected_direction: 'increase',
      owner_team: 'growth',
      pii_involved: true,
      status: 'active',
      target_value: 100,
      technical_owner: 'alice',
      warning_threshold: 80,
    });
  });

  it('fills defaults that fail closed and never guesses a direction', () => {
    const bare = metricSchema.parse({ metric_id: 'bare', name: 'Bare', governance: { technical_owner: '', owner_team: '' } });
    expect(policyDataFor(bare)).toStrictEqual({
      business_owner: null,
      critical_threshold: null,
      data_classification: DEFAULT_CLASSIFICATION,
      expected_direction: null,
      owner_team: null,
      pii_involved: false,
      status: null,
      target_value: null,
      technical_owner: null,
      warning_threshold: null,
    });
    expect(DEFAULT_CLASSIFICATION).toBe('internal');
  });

  it('keys all metrics by id in sorted order and refuses duplicates', () => {
    const data = policyDataForAll([metric('z'), metric('a'), metric('constructor')]);
    expect(Object.keys(data.mdl.metrics)).toEqual(['a', 'constructor', 'z']);
    expect(Object.hasOwn(data.mdl.metrics, 'constructor')).toBe(true);
    expect(() => policyDataForAll([metric('a'), metric('a')])).toThrow(ValidationError);
  });
});

describe('PolicyService', () => {
  it('policyFor returns the fixed module, this metric data and where to query', () => {
    const p = service.policyFor(metric('m1'));
    expect(p).toStrictEqual({
      package: 'mdl.policy.metrics',
      module: moduleText(),
      data: policyDataFor(metric('m1')),
      query: 'data.mdl.policy.metrics',
      data_path: 'data.mdl.metrics["m1"]',
    });
  });

  it('evaluate decides with the metric facts', () => {
    const m = metric('m1', { governance: { data_classification: 'confidential', pii_involved: false, owner_team: 'growth' } });
    const user = { id: 'u', roles: ['viewer'], clearance: 'internal' as const };
    expect(service.evaluate(m, { action: 'read_values', user })).toStrictEqual({
      allow: false,
      deny_reasons: [REASONS.clearanceBelow('internal', 'confidential')],
    });
    expect(service.evaluate(m, { action: 'change', user: { id: 'x', teams: ['growth'] } }).allow).toBe(true);
    expect(service.evaluate(metric('m2'), { action: 'check_value', user, value: 50 })).toStrictEqual({
      allow: true,
      deny_reasons: [],
      threshold_status: 'critical',
    });
  });

  it('evaluate refuses a body naming another metric, accepts the same one', () => {
    const user = { id: 'u', roles: ['viewer'] };
    expect(() => service.evaluate(metric('m1'), { metric_id: 'm2', action: 'read_definition', user })).toThrow(BadRequestError);
    expect(service.evaluate(metric('m1'), { metric_id: 'm1', action: 'read_definition', user }).allow).toBe(true);
  });

  it('bundle delegates to the deterministic bundle builder', async () => {
    const a = await service.bundle([metric('m1')]);
    const b = await service.bundle([metric('m1')]);
    expect(a.body.equals(b.body)).toBe(true);
    expect(a.etag).toMatch(/^"[0-9a-f]{64}"$/);
  });
});

describe('blank enum values from templates', () => {
  it('are read as "not set" by the policy data (safe defaults, no guessed direction)', async () => {
    const { policyDataFor } = await import('../../../src/modules/policies/policy-data.js');
    const entry = policyDataFor({ metric_id: 'BLANK', name: 'b', definition: { expected_direction: '' }, governance: { data_classification: '', status: '' } });
    expect(entry).toMatchObject({ data_classification: 'internal', expected_direction: null, status: null });
  });
});
