import fc from 'fast-check';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ImportSourceError } from '../../../src/modules/io/errors.js';
import { readImportSource } from '../../../src/modules/io/reader.js';
import { FIXTURES, readAll } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'mdl-io-reader-'));

/** A one-shot stream delivering `text` in pieces of the given byte sizes (cycled). */
function chunked(text: string, sizes: number[] = [7]): Readable {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] as number);
    parts.push(bytes.subarray(at, at + size));
    at += size;
  }
  return Readable.from(parts, { objectMode: false });
}

function asNumbers(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(asNumbers);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asNumbers(x)]));
  return v;
}

async function errorOf(promise: Promise<unknown>): Promise<ImportSourceError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ImportSourceError);
    return e as ImportSourceError;
  }
  throw new Error('expected a failure');
}

describe('readImportSource: fixtures', () => {
  it('reads catalog.json and catalog.yaml to the same records and meta', async () => {
    const json = await readAll({ path: `${FIXTURES}catalog.json` });
    const yaml = await readAll({ path: `${FIXTURES}catalog.yaml` });
    expect(json.shape).toBe('catalog');
    expect(json.records.map((r) => r.path)).toEqual([
      'domains[0]', 'domains[1]', 'domains[2]', 'objectives[0]', 'objectives[1]',
      'metrics[0]', 'metrics[1]', 'metrics[2]', 'metrics[3]', 'metrics[4]', 'metrics[5]',
    ]);
    expect(json.meta).toEqual({
      catalog_version: '1.2.0',
      catalog_name: 'Acme Cloud Business Metrics',
      owner_team: 'analytics-platform',
      contacts: expect.any(Array),
      generated_by: 'hand-written fixture',
    });
    expect(yaml).toEqual(json);
    const whole = JSON.parse(readFileSync(`${FIXTURES}catalog.json`, 'utf8'));
    expect(json.records.filter((r) => r.kind === 'metric').map((r) => r.raw)).toEqual(whole.metrics);
  });

  it('detects the format of a one-shot stream or an unknown extension from its first character', async () => {
    const text = readFileSync(`${FIXTURES}catalog.json`, 'utf8');
    const fromStream = await readAll({ stream: chunked(`\n\n   ${text}`, [1, 2, 3, 4096]) });
    expect(fromStream.records).toHaveLength(11);
    const yamlPath = join(tmp, 'catalog.txt');
    writeFileSync(yamlPath, readFileSync(`${FIXTURES}catalog.yaml`));
    const src = await readImportSource({ path: yamlPath });
    expect(src.format).toBe('yaml');
    src.close();
  });
});

describe('readImportSource: JSON streaming', () => {
  it('assembles records exactly as JSON.parse would, across arbitrary chunk boundaries (property)', async () => {
    const record = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { maxLength: 6 }),
        fc.dictionary(fc.constantFrom('catalog_name', 'owner_team', 'x', '__proto__', 'weird key'), fc.jsonValue({ maxDepth: 2 })),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        async (metrics, meta, sizes, metaFirst) => {
          const doc = metaFirst ? { ...meta, metrics } : { metrics, ...meta };
          const text = JSON.stringify(doc, null, sizes[0]! % 3);
          const { records, meta: gotMeta } = await readAll({ stream: chunked(text, sizes), format: 'json' });
          const expected = JSON.parse(text);
          // Integer literals beyond 2^53 are read exactly, as BigInts (validation refuses them by path):
          // rounded back here, they are what JSON.parse gives.
          expect(records.map((r) => asNumbers(r.raw))).toEqual(expected.metrics);
          delete expected.metrics;
          expect(asNumbers(gotMeta)).toEqual(Object.keys(expected).length > 0 ? expected : null);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('decodes multi-byte characters split across chunks, escapes and number forms', async () => {
    const doc = { metrics: [{ metric_id: 'm', name: 'Tomás ✓ 𝄞 "q" \\ \n', n: [0, -0.5, 1e21, 12345678901234567890, 2.5e-7] }] };
    const text = JSON.stringify(doc).replace('12345678901234567000', '12345678901234567890');
    const { records } = await readAll({ stream: chunked(text, [1]), format: 'json' });
    // Beyond 2^53 an integer literal is kept exact as a BigInt (Number() rounds it), for validation to refuse.
    expect(records[0]?.raw).toEqual({ ...doc.metrics[0], n: [0, -0.5, 1e21, 12345678901234567890n, 2.5e-7] });
  });

  it('keeps __proto__ keys as own properties, like JSON.parse', async () => {
    const text = '{"metrics":[{"metric_id":"m","__proto__":{"polluted":true}}]}';
    const { records } = await readAll({ text });
    expect(records[0]?.raw).toEqual(JSON.parse(text).metrics[0]);
    expect(Object.getPrototypeOf(records[0]?.raw)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('readImportSource: malformed input', () => {
  const bad = '{\n  "metrics": [\n    { "metric_id": "a", },\n    { "metric_id": "b" }\n  ]\n}\n';

  it('reports JSON syntax errors with the exact line and column for text and files', async () => {
    const fromText = await errorOf(readAll({ text: bad }));
    expect(fromText.location).toEqual({ line: 3, column: 25 });
    expect(fromText.message).toMatch(/^malformed JSON: .* \(at line 3, column 25\)$/);
    const path = join(tmp, 'bad.json');
    writeFileSync(path, bad);
    expect((await errorOf(readAll({ path }))).location).toEqual({ line: 3, column: 25 });
  });

  it('reports the region (approximate) for a one-shot JSON stream', async () => {
    const padding = `{"catalog_name": "x",${'\n'.repeat(500)}`;
    const err = await errorOf(readAll({ stream: chunked(`${padding}"metrics": [ {"a": tru} ]}`, [64]), format: 'json' }));
    expect(err.location?.approximate).toBe(true);
    // The error is on line 501; the reported region starts where the failing 64-byte chunk began.
    expect(err.location?.line).toBeLessThanOrEqual(501);
    expect(err.location?.line).toBeGreaterThan(501 - 64);
    expect(err.message).toMatch(/near line \d+, column \d+\)$/);
  });

  it('rejects data after the top-level JSON value', async () => {
    await expect(readAll({ text: '{"metrics": []} {"x": 1}' })).rejects.toThrow(/malformed JSON/);
  });

  it('reports YAML errors with line and column', async () => {
    const err = await errorOf(readAll({ text: 'metrics:\n  - metric_id: a\n    name: [unclosed\n  - metric_id: b\n', format: 'yaml' }));
    expect(err.message).toMatch(/^malformed YAML: /);
    expect(err.location?.line).toBeGreaterThanOrEqual(3);
    const dup = await errorOf(readAll({ text: 'metric_id: a\nname: x\nmetric_id: b\n', format: 'yaml' }));
    expect(dup.location).toEqual({ line: 3, column: 1 });
    expect(dup.message).toMatch(/unique/);
  });
});

describe('readImportSource: progress and lifecycle', () => {
  it('reports bytes read up to the file size', async () => {
    const path = `${FIXTURES}catalog.json`;
    const calls: Array<[number, number | undefined]> = [];
    await readAll({ path }, (read, total) => calls.push([read, total]));
    const size = statSync(path).size;
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.at(-1)).toEqual([size, size]);
    expect(calls.every(([read], i) => i === 0 || read > (calls[i - 1]?.[0] ?? 0))).toBe(true);
    const yamlCalls: number[] = [];
    const yamlText = 'metric_id: a\nname: b\n';
    await readAll({ stream: chunked(yamlText, [5]) }, (read, total) => {
      yamlCalls.push(read);
      expect(total).toBeUndefined();
    });
    expect(yamlCalls.at(-1)).toBe(Buffer.byteLength(yamlText));
  });

  it('stopping early releases the stream and rejects meta', async () => {
    const text = JSON.stringify({ metrics: Array.from({ length: 500 }, (_, i) => ({ metric_id: `m${i}`, name: 'x'.repeat(200) })) });
    const stream = chunked(text, [1024]);
    const src = await readImportSource({ stream, format: 'json' });
    let seen = 0;
    for await (const _ of src.records) if (++seen === 3) break;
    await expect(src.meta).rejects.toThrow(/not read to the end/);
    await new Promise((r) => setImmediate(r));
    expect(stream.destroyed).toBe(true);
  });

  it('records can be iterated only once; exactly one input is required', async () => {
    const src = await readImportSource({ text: '[]' });
    for await (const _ of src.records) void _;
    expect(() => src.records[Symbol.asyncIterator]()).toThrow(/only once/);
    await expect(readImportSource({})).rejects.toThrow(/exactly one/);
    await expect(readImportSource({ text: '[]', path: 'x.json' })).rejects.toThrow(/exactly one/);
  });

  it('YAML files give the same records as their parsed document', async () => {
    const text = readFileSync(`${FIXTURES}objective-file-form.yaml`, 'utf8');
    const { records, shape } = await readAll({ text, format: 'yaml' });
    expect(shape).toBe('objective');
    expect(records).toEqual([{ kind: 'objective', path: '', raw: parseYaml(text) }]);
  });
});
