import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { DialectConverter, DialectFile } from '../../../src/modules/io/formats/types.js';
import { ImportSourceError, type ImportRecord } from '../../../src/modules/io/index.js';
import { prepareImportSources, readImportSources, type ImportInputs, type MultiSourceOptions } from '../../../src/modules/io/multi-source.js';
import { multipartBody, parseMultipart } from '../../../src/modules/import/multipart.js';

/** readImportSources: many files as one source (order, paths, progress, walking, skipping, dialects). */

const m = (id: string, extra: Record<string, unknown> = {}) => ({ metric_id: id, name: id, ...extra });

/** Claims documents with `fake_metrics: [names]`; records where the converter is told their file is. */
function fakeConverter(calls: DialectFile[][] = []): DialectConverter {
  return {
    dialect: 'dbt',
    detect: (doc) => typeof doc === 'object' && doc !== null && Array.isArray((doc as { fake_metrics?: unknown }).fake_metrics),
    convert(files, options) {
      calls.push(files);
      const records = files.flatMap((f) => ((f.doc as { fake_metrics?: string[] }).fake_metrics ?? []).map((name, i) => ({
        kind: 'metric' as const, path: `${f.source}:fake_metrics[${i}]`, raw: m(`${options?.idPrefix ?? ''}${name}`), provenance: { format: 'dbt' as const, source: f.source, name },
      })));
      const skipped = files.filter((f) => ((f.doc as { fake_metrics?: unknown[] }).fake_metrics ?? []).length === 0).map((f) => ({ source: f.source, reason: 'no fake metrics' }));
      return { records, skipped };
    },
  };
}

async function readAll(inputs: ImportInputs, opts: MultiSourceOptions = {}, onProgress?: (read: number, total?: number) => void) {
  const src = await readImportSources(inputs, { converters: [], ...opts }, onProgress);
  const records: ImportRecord[] = [];
  for await (const r of src.records) records.push(r);
  return { records, paths: records.map((r) => r.path), meta: await src.meta, shape: await src.shape, skipped: (await src.skipped) ?? [] };
}

describe('readImportSources over texts', () => {
  const a = { name: 'a.json', text: JSON.stringify([m('A1'), m('A2')]) };
  const b = { name: 'b.yaml', text: stringify(m('B1')) };
  const c = { name: 'c.yaml', text: stringify({ catalog_name: 'C', owner_team: 'c-team', domains: [{ domain_id: 'd1', name: 'D1' }] }) };

  it('yields every file\'s records in order, each path prefixed with its file', async () => {
    const r = await readAll({ files: [a, b, c] });
    expect(r.paths).toEqual(['a.json:[0]', 'a.json:[1]', 'b.yaml', 'c.yaml:domains[0]']);
    expect(r.records.map((x) => x.kind)).toEqual(['metric', 'metric', 'metric', 'domain']);
    expect(r.shape).toBe('batch');
    expect(r.meta).toEqual({ catalog_name: 'C', owner_team: 'c-team' });
  });

  it('merges the catalog fields of the files, later files winning', async () => {
    const d = { name: 'd.json', text: JSON.stringify({ catalog_name: 'D', catalog_version: '2', metrics: [m('D1')] }) };
    expect((await readAll({ files: [c, d] })).meta).toEqual({ catalog_name: 'D', owner_team: 'c-team', catalog_version: '2' });
    expect((await readAll({ files: [a, b] })).meta).toBeNull();
  });

  it('reads one file exactly as a single import: its shape, its unprefixed paths', async () => {
    const r = await readAll({ files: [c] });
    expect(r).toMatchObject({ paths: ['domains[0]'], shape: 'catalog', meta: { catalog_name: 'C' } });
  });

  it('counts progress across all files, the total being the sum of their sizes', async () => {
    const calls: Array<[number, number | undefined]> = [];
    await readAll({ files: [a, b, c] }, {}, (read, total) => calls.push([read, total]));
    const total = [a, b, c].reduce((n, f) => n + Buffer.byteLength(f.text), 0);
    expect(calls.every(([, t]) => t === total)).toBe(true);
    expect(calls.at(-1)?.[0]).toBe(total);
    for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0]);
  });

  it('can be opened again (the importer reads twice) with the same records', async () => {
    const prepared = await prepareImportSources({ files: [a, b] }, { converters: [] });
    for (let i = 0; i < 2; i++) {
      const src = await prepared.open();
      const paths: string[] = [];
      for await (const r of src.records) paths.push(r.path);
      expect(paths).toEqual(['a.json:[0]', 'a.json:[1]', 'b.yaml']);
    }
  });

  it('names the file of an unreadable member of a batch, keeping the position', async () => {
    const bad = { name: 'bad.json', text: '{"metrics": [\n  {"metric_id": "x",, }\n]}' };
    const err = await readAll({ files: [a, bad] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportSourceError);
    expect((err as Error).message).toMatch(/^bad\.json: malformed JSON: .*\(at line 2, column \d+\)$/);
    const shape = await readAll({ files: [a, { name: 'odd.json', text: '{"hello": 1}' }] }).catch((e: unknown) => e);
    expect((shape as Error).message).toMatch(/^odd\.json: unrecognized file shape/);
  });

  it('refuses two files of one name, a Cube .js model, and an empty batch', async () => {
    await expect(readAll({ files: [a, a] })).rejects.toThrow(/a\.json is given twice/);
    await expect(readAll({ files: [{ name: 'model/orders.js', text: 'cube(`orders`, {})' }] })).rejects.toThrow(/^model\/orders\.js: Cube JavaScript model files are code/);
    await expect(readAll({ files: [] })).rejects.toThrow(/no files to import/);
  });

  it('refuses a Cube JavaScript model saved as .yml with the JavaScript reason naming it; other malformed YAML keeps the parser\'s message', async () => {
    const js = 'cube(`Orders`, {\n  sql: `SELECT * FROM public.orders`,\n  measures: {\n    count: {\n      type: `count`,\n    },\n  },\n});\n';
    const refused = /^model\/cubes\/Orders\.yml: Cube JavaScript model files are code[^\n]*$/;
    await expect(readAll({ files: [a, { name: 'model/cubes/Orders.yml', text: js }] })).rejects.toThrow(refused);
    await expect(readAll({ files: [{ name: 'model/cubes/Orders.yml', text: js }] })).rejects.toThrow(refused);
    const required = "const { x } = require('./x');\nview(`v`, {\n  cubes: [{ join_path: x }],\n});\n";
    await expect(readAll({ files: [{ name: 'v.yaml', text: required }] })).rejects.toThrow(/^v\.yaml: Cube JavaScript/);
    // Not code: the YAML error as before (a word `import` in a value does not make it JavaScript).
    const broken = await readAll({ files: [a, { name: 'bad.yml', text: 'a: [1,\nimport data from the lake: }\n' }] }).catch((e: unknown) => e);
    expect((broken as Error).message).toMatch(/^bad\.yml: malformed YAML/);
  });
});

describe('dialect dispatch', () => {
  const f1 = { name: 'one.yml', text: stringify({ fake_metrics: ['rev'] }) };
  const f2 = { name: 'two.yml', text: stringify({ fake_metrics: ['cost', 'margin'] }) };
  const mdl = { name: 'mdl.json', text: JSON.stringify({ metrics: [m('M1')] }) };

  it('converts every file of a dialect at once; its records stand where its first file does', async () => {
    const calls: DialectFile[][] = [];
    const r = await readAll({ files: [f1, mdl, f2] }, { converters: [fakeConverter(calls)], idPrefix: 'x.' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.map((f) => f.source)).toEqual(['one.yml', 'two.yml']);
    expect(r.paths).toEqual(['one.yml:fake_metrics[0]', 'two.yml:fake_metrics[0]', 'two.yml:fake_metrics[1]', 'mdl.json:metrics[0]']);
    expect(r.records.map((x) => (x.raw as { metric_id: string }).metric_id)).toEqual(['x.rev', 'x.cost', 'x.margin', 'M1']);
    expect((r.records[0] as { provenance?: unknown }).provenance).toEqual({ format: 'dbt', source: 'one.yml', name: 'rev' });
    expect(r.shape).toBe('batch');
  });

  it('one file of a dialect has the dialect as its shape; converters\' skipped files are listed', async () => {
    const r = await readAll({ files: [f1, { name: 'empty.yml', text: stringify({ fake_metrics: [] }) }] }, { converters: [fakeConverter()] });
    expect(r.skipped).toEqual([{ source: 'empty.yml', reason: 'no fake metrics' }]);
    expect((await readAll({ files: [f1] }, { converters: [fakeConverter()] })).shape).toBe('dbt');
  });

  it('--from forces the dialect (no detection) and --from mdl reads everything as MDL', async () => {
    const calls: DialectFile[][] = [];
    await readAll({ files: [{ name: 'x.yaml', text: stringify({ other: 1 }) }] }, { converters: [fakeConverter(calls)], from: 'dbt' });
    expect(calls[0]![0]!.doc).toEqual({ other: 1 });
    await expect(readAll({ files: [f1] }, { converters: [fakeConverter()], from: 'mdl' })).rejects.toThrow(/unrecognized file shape/);
    await expect(readAll({ files: [f1] }, { converters: [fakeConverter()], from: 'cube' })).rejects.toThrow(/no converter for --from cube/);
    await expect(readAll({ files: [{ name: 'bad.yml', text: 'a: [1,' }] }, { converters: [fakeConverter()], from: 'dbt' })).rejects.toThrow(/^bad\.yml: malformed YAML/);
  });

  it('parses dialect files with the reader\'s YAML rules: aliases bounded, no .inf, typed tags kept as written', async () => {
    const calls: DialectFile[][] = [];
    const aliases = `fake_metrics: &a [x]\n${Array.from({ length: 200 }, (_, i) => `k${i}: *a`).join('\n')}\n`;
    await expect(readAll({ files: [{ name: 'many.yml', text: aliases }] }, { converters: [fakeConverter()], from: 'dbt' })).rejects.toThrow(/alias/i);
    await expect(readAll({ files: [{ name: 'inf.yml', text: 'fake_metrics: [a]\nx: .inf\n' }] }, { converters: [fakeConverter()], from: 'dbt' })).rejects.toThrow(/infinity/);
    await readAll({ files: [{ name: 't.yml', text: 'fake_metrics: [a]\nwhen: !!timestamp 2024-01-01\n' }] }, { converters: [fakeConverter(calls)] });
    expect((calls[0]![0]!.doc as { when: unknown }).when).toBe('2024-01-01');
  });

  it('does not parse whole a YAML file of more tokens than one streamed record may hold: it is read as MDL, or refused under --from', async () => {
    const costly = { name: 'costly.yml', text: `fake_metrics: [${'1,'.repeat(210_000)}]\n` };
    const calls: DialectFile[][] = [];
    // The streaming reader's own record limit then answers.
    await expect(readAll({ files: [costly] }, { converters: [fakeConverter(calls)] })).rejects.toThrow(/holds more than 200,000 YAML tokens .*the limit for one record/);
    expect(calls).toEqual([]);
    await expect(readAll({ files: [costly] }, { converters: [fakeConverter()], from: 'dbt' })).rejects.toThrow(/^costly\.yml: holds more than 200,000 YAML tokens/);
  });
});

describe('directories', () => {
  let root: string;
  let outside: string;
  const put = (rel: string, text: string) => {
    const path = join(root, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'mdl-multi-'));
    outside = mkdtempSync(join(tmpdir(), 'mdl-multi-outside-'));
    writeFileSync(join(outside, 'secret.json'), JSON.stringify([m('OUT')]));
    put('cat/b.yaml', stringify(m('B')));
    put('cat/a.json', JSON.stringify([m('A')]));
    put('cat/sub/c.yml', stringify({ metrics: [m('C')] }));
    put('cat/sub/notes.txt', 'not read');
    put('cat/package.json', JSON.stringify({ name: 'not-a-catalog', version: '1.0.0' }));
    put('cat/.hidden/h.json', JSON.stringify([m('H')]));
    for (const d of ['node_modules', 'target', 'dbt_packages']) put(`cat/${d}/x.json`, JSON.stringify([m(`X-${d}`)]));
    put('cat/cube/orders.js', 'cube(`orders`, { sql: `SELECT 1` });');
    put('cat/cube/helper.js', 'export const x = 1;');
    symlinkSync(join(outside, 'secret.json'), join(root, 'cat/leak.json'));
    symlinkSync(join(root, 'cat/sub'), join(root, 'cat/zz-link'));
    symlinkSync(join(root, 'cat'), join(root, 'cat/sub/loop'));
    put('proj/dbt_project.yml', stringify({ name: 'p', 'model-paths': ['defs'] }));
    put('proj/defs/one.yml', stringify({ fake_metrics: ['rev'] }));
    put('proj/defs/nothing.yml', stringify({ version: 2, models: [{ name: 'orders' }] }));
    put('proj/models/ignored.yml', stringify({ fake_metrics: ['ignored'] }));
    put('proj/seeds/s.json', JSON.stringify([m('S')]));
    put('plain/dbt_project.yml', stringify({ name: 'q' }));
    put('plain/models/m.yml', stringify({ fake_metrics: ['m'] }));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('walks *.json, *.yaml and *.yml sorted, skipping dot-dirs, node_modules, target, dbt_packages and links out of the root', async () => {
    const r = await readAll([{ path: join(root, 'cat') }, { path: join(root, 'cat/a.json') }]);
    const name = (rel: string) => `${join(root, 'cat')}/${rel}`;
    // a.json named again is read once; links inside the root are followed, but a folder already
    // walked (zz-link is sub/, loop is cat/) is not walked twice.
    expect(r.paths).toEqual([name('a.json:[0]'), name('b.yaml'), name('sub/c.yml:metrics[0]')]);
    expect(r.skipped).toEqual([
      { source: name('cube/orders.js'), reason: expect.stringMatching(/Cube JavaScript model/) },
      { source: name('leak.json'), reason: expect.stringMatching(/symbolic link that leads outside/) },
      { source: name('package.json'), reason: expect.stringMatching(/^neither an MDL file nor a/) },
    ]);
  });

  it('names a Cube JavaScript model saved as .yml when it is the only file read from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdl-multi-js-'));
    try {
      const file = join(dir, 'Orders.yml');
      writeFileSync(file, 'cube(`Orders`, {\n  sql_table: `public.orders`,\n});\n');
      await expect(readAll([{ path: file }])).rejects.toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: Cube JavaScript model`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file named explicitly that is neither MDL nor a known dialect, and a missing path', async () => {
    await expect(readAll([{ path: join(root, 'cat/package.json') }])).rejects.toThrow(/unrecognized file shape/);
    await expect(readAll([{ path: join(root, 'nowhere.json') }])).rejects.toThrow(/no such file or directory/);
  });

  it('reads only the model-paths of a dbt project (default models)', async () => {
    const calls: DialectFile[][] = [];
    const r = await readAll([{ path: join(root, 'proj') }], { converters: [fakeConverter(calls)] });
    expect(r.paths).toEqual([`${join(root, 'proj')}/defs/one.yml:fake_metrics[0]`]);
    expect(r.skipped).toEqual([{ source: `${join(root, 'proj')}/defs/nothing.yml`, reason: expect.stringMatching(/^neither/) }]);
    const plain = await readAll([{ path: join(root, 'plain') }], { converters: [fakeConverter()] });
    expect(plain.paths).toEqual([`${join(root, 'plain')}/models/m.yml:fake_metrics[0]`]);
  });

  it('counts progress over the files read, in bytes', async () => {
    const calls: number[] = [];
    let total: number | undefined;
    await readAll([{ path: join(root, 'cat') }], {}, (read, t) => { calls.push(read); total = t; });
    expect(calls.at(-1)).toBe(total);
    expect(total).toBeGreaterThan(0);
  });
});

describe('multipart bodies', () => {
  it('round-trips files, names with quotes and a body with line breaks included; refuses control characters in names', () => {
    const parts = [{ filename: 'a "quoted".json', text: '{"metrics": []}\r\n', contentType: 'application/json' }, { filename: 'dir/b.yaml', text: 'x: 1\r\n--not-the-boundary' }];
    const { body, contentType } = multipartBody(parts);
    expect(parseMultipart(body, contentType)).toEqual([parts[0], { ...parts[1], contentType: 'application/octet-stream' }]);
    const odd = multipartBody([{ filename: 'b\n.yaml', text: '' }]);
    expect(() => parseMultipart(odd.body, odd.contentType)).toThrow(/control characters/);
  });

  it('reads a preamble, a quoted boundary and filename*, and refuses what is not a file part', () => {
    const body = 'preamble\r\n--XY\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8\'\'caf%C3%A9.yml\r\n\r\nx: 1\r\n--XY--\r\nepilogue';
    expect(parseMultipart(body, 'multipart/form-data; boundary="XY"')).toEqual([{ filename: 'café.yml', text: 'x: 1', contentType: undefined }]);
    expect(() => parseMultipart(body, 'multipart/form-data')).toThrow(/names no boundary/);
    expect(() => parseMultipart('--XY\r\nContent-Disposition: form-data; name="other"\r\n\r\nv\r\n--XY--', 'multipart/form-data; boundary=XY')).toThrow(/part named "other"/);
    expect(() => parseMultipart('--XY\r\nContent-Disposition: form-data; name="file"\r\n\r\nv\r\n--XY--', 'multipart/form-data; boundary=XY')).toThrow(/no filename/);
    expect(() => parseMultipart('--XY\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nv', 'multipart/form-data; boundary=XY')).toThrow(/before its closing boundary/);
  });
});
