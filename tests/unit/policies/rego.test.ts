import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPolicyBundle } from '../../../src/modules/policies/bundle.js';
import { REASONS } from '../../../src/modules/policies/evaluator.js';
import { POLICY_DATA_PATH, POLICY_PACKAGE } from '../../../src/modules/policies/module-source.js';
import { PolicyService } from '../../../src/modules/policies/service.js';
import { HOSTILE, REPO_ROOT, metric, moduleText } from './fixtures.js';
import { skippedBecause } from '../../helpers/skips.js';

const repoRoot = fileURLToPath(REPO_ROOT);
const opaFound = spawnSync('opa', ['version'], { encoding: 'utf8' }).status === 0;
if (!opaFound) console.warn('opa binary not found: Rego unit tests skipped');

describe.skipIf(!opaFound)(`Rego unit tests (opa)${skippedBecause(!opaFound, 'opa binary not found')}`, () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('opa test policy/ passes', () => {
    const run = spawnSync('opa', ['test', 'policy/', '-v'], { cwd: repoRoot, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toMatch(/PASS: \d+\/\d+/);
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });

  it('the built bundle loads in opa and decides', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mdl-opa-'));
    dirs.push(dir);
    const bundle = await buildPolicyBundle([metric('m1')]);
    await writeFile(join(dir, 'bundle.tar.gz'), bundle.body);
    const input = { metric_id: 'm1', action: 'change', user: { id: 'alice' } };
    await writeFile(join(dir, 'input.json'), JSON.stringify(input));
    const run = spawnSync(
      'opa',
      ['eval', '--bundle', 'bundle.tar.gz', '--input', 'input.json', '--format', 'raw', `data.${POLICY_PACKAGE}.allow`],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('true');
  });
});

describe('no interpolation: the module is fixed text', () => {
  const service = new PolicyService();
  const hostile = metric('m.hostile', {
    name: HOSTILE.join(' '),
    description: HOSTILE.join('\n'),
    governance: {
      owner_team: HOSTILE[0],
      technical_owner: HOSTILE[1],
      business_owner: HOSTILE[2],
      data_classification: 'restricted',
      pii_involved: true,
      status: 'active',
    },
  });

  it('is byte-identical to policy/mdl/metrics.rego for a metric full of hostile strings', () => {
    const policy = service.policyFor(hostile);
    expect(Buffer.from(policy.module).equals(Buffer.from(moduleText()))).toBe(true);
    expect(service.policyFor(metric('plain')).module).toBe(policy.module);
    for (const s of HOSTILE) expect(policy.module.includes(s)).toBe(false);
  });

  it('carries hostile strings as JSON that round-trips exactly', () => {
    const { data } = service.policyFor(hostile);
    const json = JSON.stringify(data);
    const back = JSON.parse(json);
    expect(back).toStrictEqual(data);
    expect([back.owner_team, back.technical_owner, back.business_owner]).toEqual([HOSTILE[0], HOSTILE[1], HOSTILE[2]]);
    // Raw newlines and quotes never appear unescaped in the serialized data.
    expect(json).not.toMatch(/[\n\r\u0000]/);
  });

  it('declares a package outside the data namespace, with v1 syntax for OPA 0.59+', () => {
    const text = moduleText();
    const packages = [...text.matchAll(/^package\s+(\S+)\s*$/gm)].map((m) => m[1]);
    expect(packages).toEqual([POLICY_PACKAGE]);
    const rules = `data.${POLICY_PACKAGE}`;
    expect(rules.startsWith(`${POLICY_DATA_PATH}.`) || POLICY_DATA_PATH.startsWith(`${rules}.`)).toBe(false);
    expect(text).toMatch(/^import rego\.v1$/m);
    expect(text).not.toMatch(/\$\{|\{\{/);
  });

  it('uses the same reason texts as the TypeScript evaluator', () => {
    const text = moduleText();
    for (const reason of Object.values(REASONS)) {
      const literal = typeof reason === 'string' ? reason : reason('%s', '%s');
      expect(text, literal).toContain(JSON.stringify(literal));
    }
  });
});
