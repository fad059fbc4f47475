import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { detectFormat, type ImportShape } from '../../../src/modules/io/detect.js';
import { ImportSourceError } from '../../../src/modules/io/errors.js';
import { readAll } from './helpers.js';

describe('detectFormat', () => {
  it('uses the explicit format, then the extension, then the first non-space character', () => {
    expect(detectFormat({ format: 'yaml', path: 'a.json' })).toBe('yaml');
    expect(detectFormat({ path: '/x/catalog.JSON' })).toBe('json');
    expect(detectFormat({ path: 'c.yml', head: '{' })).toBe('yaml');
    expect(detectFormat({ path: 'c.yaml' })).toBe('yaml');
    expect(detectFormat({ head: '\uFEFF \n\t[1]' })).toBe('json');
    expect(detectFormat({ head: '  {"a":1}' })).toBe('json');
    expect(detectFormat({ head: '# comment\nmetric_id: x' })).toBe('yaml');
    expect(detectFormat({ path: 'notes.txt', head: 'metrics: []' })).toBe('yaml');
  });
});

const metric = (id: string) => ({ metric_id: id, name: id.toUpperCase() });

interface Case {
  name: string;
  doc: unknown;
  shape: ImportShape;
  paths: string[];
  kinds?: string[];
  meta?: unknown;
}

const CASES: Case[] = [
  {
    name: 'a catalog',
    doc: { catalog_version: '1', catalog_name: 'c', owner_team: 't', contacts: [{ name: 'a' }], objectives: [{ objective_id: 'o' }], metrics: [metric('a'), metric('b')], domains: [{ domain_id: 'd' }] },
    shape: 'catalog',
    paths: ['objectives[0]', 'metrics[0]', 'metrics[1]', 'domains[0]'],
    kinds: ['objective', 'metric', 'metric', 'domain'],
    meta: { catalog_version: '1', catalog_name: 'c', owner_team: 't', contacts: [{ name: 'a' }] },
  },
  {
    name: 'a catalog whose meta comes after the arrays',
    doc: { metrics: [metric('a')], catalog_name: 'late', x_custom: { any: 1 } },
    shape: 'catalog',
    paths: ['metrics[0]'],
    meta: { catalog_name: 'late', x_custom: { any: 1 } },
  },
  { name: 'a single metric', doc: metric('a'), shape: 'metric', paths: [''], kinds: ['metric'] },
  { name: 'a list of metrics', doc: [metric('a'), metric('b')], shape: 'metric-list', paths: ['[0]', '[1]'], kinds: ['metric', 'metric'] },
  { name: '{metrics}', doc: { metrics: [metric('a')] }, shape: 'collection', paths: ['metrics[0]'], meta: null },
  { name: '{domains}', doc: { domains: [{ id: 'd', key_metrics: [] }] }, shape: 'collection', paths: ['domains[0]'], kinds: ['domain'] },
  { name: '{objectives}', doc: { objectives: [{ title: 't', key_results: [] }] }, shape: 'collection', paths: ['objectives[0]'], kinds: ['objective'] },
  {
    name: 'a mix without catalog fields',
    doc: { domains: [{ domain_id: 'd' }], objectives: [], metrics: [metric('a')] },
    shape: 'collection',
    paths: ['domains[0]', 'metrics[0]'],
    kinds: ['domain', 'metric'],
  },
  { name: 'a canonical domain', doc: { domain_id: 'd', name: 'D', objective_ids: [] }, shape: 'domain', paths: [''] },
  {
    name: 'a file-form domain whose `objectives` (ids) come before `id`',
    doc: { objectives: ['OBJ-1'], id: 'd', name: 'D', key_metrics: ['m'] },
    shape: 'domain',
    paths: [''],
  },
  { name: 'a file-form domain with stakeholders only', doc: { id: 'd', name: 'D', stakeholders: [], objectives: [] }, shape: 'domain', paths: [''] },
  { name: 'a canonical objective', doc: { objective_id: 'o', name: 'O' }, shape: 'objective', paths: [''] },
  { name: 'a file-form objective', doc: { title: 'O', key_results: [{ metric_id: 'm' }] }, shape: 'objective', paths: [''] },
  { name: 'an empty collection', doc: { metrics: [] }, shape: 'collection', paths: [] },
  {
    name: 'non-object items in record arrays (reported later by normalization)',
    doc: { metrics: ['oops', metric('a'), 7] },
    shape: 'collection',
    paths: ['metrics[0]', 'metrics[1]', 'metrics[2]'],
  },
];

describe.each(['json', 'yaml'] as const)('shape detection (%s)', (format) => {
  const text = (doc: unknown) => (format === 'json' ? JSON.stringify(doc, null, 1) : stringify(doc));

  it.each(CASES)('$name', async (c) => {
    const { records, shape, meta } = await readAll({ text: text(c.doc), format });
    expect(shape).toBe(c.shape);
    expect(records.map((r) => r.path)).toEqual(c.paths);
    if (c.kinds) expect(records.map((r) => r.kind)).toEqual(c.kinds);
    if (c.meta !== undefined) expect(meta).toEqual(c.meta);
    if (c.paths[0] === '') expect(records[0]?.raw).toEqual(c.doc);
    if (Array.isArray(c.doc)) expect(records.map((r) => r.raw)).toEqual(c.doc);
  });

  it.each([
    [{ foo: 1, bar: [] }, /unrecognized file shape.*found top-level keys: foo, bar/],
    [{ metrics: { a: 1 } }, /"metrics" must be an array of records/],
    [{ catalog_name: 'c', metrics: [metric('a')], domains: 'x' }, /"domains" must be an array of records/],
    ['just a string', /expected an object or a list, got/],
    [42, /expected an object or a list, got/],
  ])('rejects an unrecognized shape: %j', async (doc, message) => {
    await expect(readAll({ text: text(doc), format })).rejects.toThrow(message);
    await expect(readAll({ text: text(doc), format })).rejects.toBeInstanceOf(ImportSourceError);
  });

  it('rejects an empty file', async () => {
    await expect(readAll({ text: '  \n', format })).rejects.toThrow(/empty/);
  });
});
