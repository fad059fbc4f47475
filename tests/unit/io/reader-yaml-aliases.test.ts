import { describe, expect, it } from 'vitest';
import { ImportSourceError } from '../../../src/modules/io/errors.js';
import { MAX_ALIASES } from '../../../src/modules/io/yaml-units.js';
import { readAll } from './helpers.js';

/**
 * Aliases inside a YAML record. Each alias was checked by resolving it, which walks the whole record:
 * a 36 KB record of 12,000 aliases kept the server's event loop busy for 15 s before its 400. Now the
 * check is one pass, and a record holds at most MAX_ALIASES aliases.
 */
const record = (fields: string) => `metrics:\n  - metric_id: A1\n    name: a\n${fields}\n`;

async function refusal(text: string): Promise<ImportSourceError> {
  const err = await readAll({ text, format: 'yaml' }).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ImportSourceError);
  return err as ImportSourceError;
}

describe('YAML aliases in imported records', () => {
  it('keeps aliases to earlier anchors of the record, expanded', async () => {
    const { records } = await readAll({ text: record('    extensions:\n      owner: &o {team: finance}\n      backup: *o\n      tags: [&t kpi, *t]'), format: 'yaml' });
    expect(records[0]!.raw).toMatchObject({ extensions: { owner: { team: 'finance' }, backup: { team: 'finance' }, tags: ['kpi', 'kpi'] } });
  });

  it('refuses an alias to an anchor it cannot see, with the position', async () => {
    const err = await refusal(record('    extensions:\n      a: *later\n      b: &later x'));
    expect(err.message).toMatch(/alias \*later names no anchor/);
  });

  it(`refuses more than ${MAX_ALIASES} aliases in a record at once, whatever their number`, async () => {
    const many = (n: number) => record(`    extensions:\n      a: &b x\n      l: [${Array.from({ length: n }, () => '*b').join(',')}]`);
    const started = Date.now();
    const err = await refusal(many(12_000));
    expect(Date.now() - started).toBeLessThan(3_000); // was ~15 s
    expect(err.message).toMatch(new RegExp(`more than ${MAX_ALIASES} aliases in one record`));
    await expect(readAll({ text: many(MAX_ALIASES), format: 'yaml' })).rejects.toThrow(/alias/i); // one anchor 100 times: the expansion guard
    const { records } = await readAll({ text: many(10), format: 'yaml' });
    expect((records[0]!.raw as { extensions: { l: string[] } }).extensions.l).toHaveLength(10);
  });

  it('refuses a record whose alias names the collection it is inside (a cycle JSON cannot hold)', async () => {
    const err = await refusal(record('    extensions: &self\n      again: *self'));
    expect(err.message).toMatch(/alias|cycle|circular|record/i);
  });
});
