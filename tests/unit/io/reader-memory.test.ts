import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, expect, it } from 'vitest';
import { normalizeMetric } from '../../../src/modules/io/normalize-metric.js';
import { readImportSource } from '../../../src/modules/io/reader.js';
import { FIXTURES } from './helpers.js';

// A forced GC makes the baseline and the samples comparable (the worker does not run with --expose-gc).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const COUNT = 20_000;
const dir = mkdtempSync(join(tmpdir(), 'mdl-io-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a catalog of COUNT variants of the richest fixture metric, record by record (never held whole). */
async function writeBigCatalog(path: string): Promise<void> {
  const catalog = JSON.parse(readFileSync(`${FIXTURES}catalog.json`, 'utf8'));
  const template = catalog.metrics[0];
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('{\n  "metrics": [\n');
  for (let i = 0; i < COUNT; i++) {
    const m = { ...template, metric_id: `metric_${i}`, description: `${template.description} #${i}` };
    await write(`${i ? ',\n' : ''}    ${JSON.stringify(m, null, 2).replace(/\n/g, '\n    ')}`);
  }
  // Catalog meta after the records: the reader must not need it first.
  await write(`\n  ],\n  "catalog_version": "1.0.0",\n  "catalog_name": "big",\n  "owner_team": "t",\n  "contacts": []\n}\n`);
  out.end();
  await once(out, 'finish');
}

it(`streams a ${COUNT}-metric JSON catalog with heap growth far below the file size`, async () => {
  const path = join(dir, 'big.json');
  await writeBigCatalog(path);
  const fileSize = statSync(path).size;

  gc();
  const baseline = process.memoryUsage();
  let peakHeap = 0;
  let peakRss = 0;
  let count = 0;
  let valid = 0;
  const started = Date.now();
  const src = await readImportSource({ path });
  for await (const record of src.records) {
    if (normalizeMetric(record.raw, record.path).ok) valid++;
    if (++count % 500 === 0) {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed - baseline.heapUsed);
      peakRss = Math.max(peakRss, m.rss - baseline.rss);
    }
  }
  const meta = await src.meta;
  const elapsed = Date.now() - started;

  expect(count).toBe(COUNT);
  expect(valid).toBe(COUNT);
  expect(meta).toEqual({ catalog_version: '1.0.0', catalog_name: 'big', owner_team: 't', contacts: [] });
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  console.info(`file ${mb(fileSize)}, ${COUNT} metrics in ${elapsed} ms; peak heap growth ${mb(peakHeap)}, peak RSS growth ${mb(peakRss)}`);
  // Holding the parsed document would take a multiple of the file size; streaming stays well under it.
  expect(fileSize).toBeGreaterThan(50e6);
  expect(peakHeap).toBeLessThan(fileSize / 4);
  expect(peakRss).toBeLessThan(fileSize / 2);
}, 180_000); // Measures memory, not speed: ~8 s alone, several times that on a loaded 2-core CI runner.
