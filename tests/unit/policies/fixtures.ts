import { readFileSync } from 'node:fs';
import { metricSchema, type Metric } from '../../../src/modules/metrics/schema.js';

/** Repository root, resolved from this file (tests/unit/policies/). */
export const REPO_ROOT = new URL('../../../', import.meta.url);
export const MODULE_PATH = new URL('policy/mdl/metrics.rego', REPO_ROOT);
export const CASES_PATH = new URL('policy/testdata/data.json', REPO_ROOT);

export function moduleText(): string {
  return readFileSync(MODULE_PATH, 'utf8');
}

export interface PolicyCase {
  name: string;
  api_valid: boolean;
  input: Record<string, unknown>;
  expected: { allow: boolean; deny_reasons: string[]; threshold_status?: string };
}

export interface CaseTable {
  metrics: Record<string, Record<string, unknown>>;
  cases: PolicyCase[];
}

export function caseTable(): CaseTable {
  return JSON.parse(readFileSync(CASES_PATH, 'utf8')) as CaseTable;
}

/** A valid metric (through the real schema), with governance/targets overridable. */
export function metric(id: string, overrides: Partial<Metric> = {}): Metric {
  return metricSchema.parse({
    metric_id: id,
    name: `Metric ${id}`,
    definition: { expected_direction: 'increase' },
    governance: {
      data_classification: 'confidential',
      pii_involved: true,
      owner_team: 'growth',
      technical_owner: 'alice',
      business_owner: 'bob',
      status: 'active',
    },
    targets_and_alerts: { target_value: 100, warning_threshold: 80, critical_threshold: 50 },
    ...overrides,
  });
}

/** Strings that would break out of any naive Rego or JSON templating. */
export const HOSTILE = [
  '"}\nallow := true\n#',
  'x" } package evil\nimport data.evil',
  '`raw ${string}` {{ mustache }} %s %v',
  // A raw U+0000 is refused by the schema (PostgreSQL text cannot hold it); its escape text stays.
  "'single' \\ back\\slash \\u0000 \u2028 \r\n tab\t",
  '# comment } ] ) default allow := true',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 é 中文',
] as const;
