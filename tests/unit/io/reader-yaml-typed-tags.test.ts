import { describe, expect, it } from 'vitest';
import { ImportSourceError } from '../../../src/modules/io/errors.js';
import { readAll } from './helpers.js';

/**
 * YAML 1.1 typed tags (!!set, !!omap, !!pairs, !!binary, !!timestamp) were resolved into JavaScript
 * values JSON cannot hold: a set or an ordered map stored as {} (its entries silently dropped), binary
 * data as {"0":104,…}, and a timestamp rewritten as "2024-01-01T00:00:00.000Z". And `.inf`/`.nan` were
 * stored as null. Nothing a file carries may be dropped or rewritten: the tagged values are kept as the
 * plain data they were written as, and a non-finite number is refused with its position.
 */

const yaml = (fields: string) => `metrics:\n  - metric_id: Y1\n    name: y\n${fields}`;

async function firstRecord(text: string): Promise<Record<string, unknown>> {
  const { records } = await readAll({ text, format: 'yaml' });
  return records[0]!.raw as Record<string, unknown>;
}

describe('YAML typed tags in imported files', () => {
  it('keeps !!set, !!omap, !!pairs, !!binary and !!timestamp values as the data written', async () => {
    const raw = await firstRecord(yaml([
      '    x_set: !!set {a, b}',
      '    x_omap: !!omap [ {p: 1}, {q: 2} ]',
      '    x_pairs: !!pairs [ {p: 1}, {p: 2} ]',
      '    x_bin: !!binary aGVsbG8=',
      '    x_ts: !!timestamp 2024-01-01',
      '    description: !!str 123',
      '',
    ].join('\n')));
    expect(raw).toEqual({
      metric_id: 'Y1', name: 'y',
      x_set: { a: null, b: null },
      x_omap: [{ p: 1 }, { q: 2 }],
      x_pairs: [{ p: 1 }, { p: 2 }],
      x_bin: 'aGVsbG8=',
      x_ts: '2024-01-01',
      description: '123',
    });
    // Everything read is plain JSON data: it survives storage unchanged.
    expect(JSON.parse(JSON.stringify(raw))).toEqual(raw);
  });

  for (const [value, line] of [['.inf', 4], ['-.Inf', 4], ['.nan', 4], ['!!float .NaN', 4]] as const) {
    it(`refuses ${value}, which JSON cannot hold, with its line`, async () => {
      const error = await readAll({ text: yaml(`    x_meta: ok\n    x_num: ${value}\n`), format: 'yaml' }).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(ImportSourceError);
      expect((error as ImportSourceError).location?.line).toBe(line + 1);
      expect((error as ImportSourceError).message).toMatch(/infinity or NaN/);
    });
  }
});
