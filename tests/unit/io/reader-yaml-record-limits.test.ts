import { describe, expect, it } from 'vitest';
import { YamlRecordTooLargeError } from '../../../src/modules/io/errors.js';
import { YAML_RECORD_LIMIT, YAML_RECORD_TOKENS } from '../../../src/modules/io/yaml-reader.js';
import { readAll } from './helpers.js';

/**
 * One YAML record is held whole while it is parsed, so its size is bounded, in tokens as well as in
 * characters: memory follows the tokens. `[1,1,1,…]` is three lexer tokens per two characters; one
 * record of it, well under the 4 MiB character limit, took 2.6 GB and 31 s to read (a 50 MB file of
 * such records would have run for minutes at that size). Tokens are counted at each harvest, so a
 * record is known to within 16,384 tokens: the cases keep clear of that margin.
 */

/** A flow sequence of `items` one-digit numbers (about 3 tokens each). */
const flow = (items: number) => `[${'1,'.repeat(items - 1)}1]`;
const metric = (id: string, calc: string) => `metric_id: ${id}\nname: Big\nbusiness_domain: revenue\ndefinition:\n  example_calculation:\n    v: ${calc}\n`;
const indent = (text: string, by: string) => text.replace(/\n(?!$)/g, `\n${by}`);

const overTokens = flow(Math.ceil(YAML_RECORD_TOKENS / 3) + 20_000); // ~260k tokens in ~0.17 MB
const underTokens = flow(Math.floor((YAML_RECORD_TOKENS - 40_000) / 3)); // ~160k tokens

async function refusal(text: string): Promise<YamlRecordTooLargeError> {
  const err = await readAll({ text, format: 'yaml' }).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(YamlRecordTooLargeError);
  return err as YamlRecordTooLargeError;
}

describe('YAML record limits', () => {
  it('refuses a record of more tokens than the limit with 413 YAML_RECORD_TOO_LARGE, naming it, in a catalog, a list and a single metric', async () => {
    expect(overTokens.length).toBeLessThan(YAML_RECORD_LIMIT / 8);
    const cases: Array<[string, RegExp]> = [
      [`catalog_name: c\nmetrics:\n  - ${indent(metric('ok', '1'), '    ')}  - ${indent(metric('big', overTokens), '    ')}`, /^metrics\[1\] \(from line \d+\) holds more than 200,000 YAML tokens/],
      [`- ${indent(metric('big', overTokens), '  ')}`, /^\[0\] \(from line 1\) holds more than 200,000 YAML tokens/],
      [metric('big', overTokens), /^a top-level value \(from line 4\) holds more than 200,000 YAML tokens/],
    ];
    for (const [text, message] of cases) {
      const err = await refusal(text);
      expect(err.code).toBe('YAML_RECORD_TOO_LARGE');
      expect(err.message).toMatch(message);
      expect(err.message).toContain('split it, or send the file as JSON');
      expect(err.details).toMatchObject({ limit_bytes: YAML_RECORD_LIMIT, limit_tokens: YAML_RECORD_TOKENS });
    }
  });

  it('reads a record just under the token limit, and the records around it', async () => {
    const text = `metrics:\n${['a', 'b', 'c'].map((id) => `  - ${indent(metric(id, id === 'b' ? underTokens : '2'), '    ')}`).join('')}`;
    const { records } = await readAll({ text, format: 'yaml' });
    expect(records.map((r) => [r.path, (r.raw as { metric_id: string }).metric_id])).toEqual([['metrics[0]', 'a'], ['metrics[1]', 'b'], ['metrics[2]', 'c']]);
    const calc = (records[1]!.raw as { definition: { example_calculation: { v: number[] } } }).definition.example_calculation.v;
    expect(calc.length).toBe(Math.floor((YAML_RECORD_TOKENS - 40_000) / 3));
  });

  it('refuses a record of few tokens but more than 4 MiB of text', async () => {
    const long = 'x'.repeat(YAML_RECORD_LIMIT + 1024);
    const err = await refusal(`metrics:\n  - metric_id: long\n    description: ${long}\n`);
    expect(err.message).toMatch(/^metrics\[0\] \(from line 2\) spans more than 4 MiB of YAML, the limit for one record/);
  });
});
