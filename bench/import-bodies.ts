/**
 * Import bodies of a chosen size, JSON or YAML, for bench/import-yaml-memory.ts and the test that sends
 * the largest accepted body to a real server (tests/integration/import-body-limit-server.test.ts).
 *
 * The body is the fixture catalog (tests/fixtures/catalog.json: its domains, objectives and six metrics)
 * plus copies of its richest metric under new ids, until the body reaches the size asked for. Every
 * record is valid and every reference resolves, so a dry run walks both passes over all of them (an
 * invalid record would stop after the first). The text of one copy is rendered once and repeated with
 * its id swapped: rendering 50 MB of YAML record by record took longer than importing it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

export type BodyFormat = 'json' | 'yaml';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'fixtures', 'catalog.json');
const ID = 'BODY_COPY_ID';

export interface ImportBody {
  body: Buffer;
  /** Metrics in the body (the fixture's six and the copies). */
  metrics: number;
}

/** A catalog of at most `maxBytes` bytes (short of it by less than one record, about 4 KB), in `format`. */
export function importBody(format: BodyFormat, maxBytes: number): ImportBody {
  const catalog = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { metrics: Array<Record<string, unknown>> } & Record<string, unknown>;
  const { metrics, ...head } = catalog;
  const template = { ...metrics[0], metric_id: ID, name: `Copy ${ID}` } as Record<string, unknown>;
  delete template.short_name; // short names must be unique; the copies have none

  const parts: string[] = [];
  let size = 0;
  const push = (s: string) => { parts.push(s); size += Buffer.byteLength(s); };
  let close: string;
  let copy: string;
  if (format === 'json') {
    push(`${JSON.stringify(head).slice(0, -1)},"metrics":[\n${metrics.map((m) => JSON.stringify(m)).join(',\n')}`);
    copy = `,\n${JSON.stringify(template)}`;
    close = '\n]}\n';
  } else {
    push(`${stringify(head)}metrics:\n${stringify(metrics)}`);
    copy = stringify([template]);
    close = '';
  }
  const copyBytes = Buffer.byteLength(copy);
  let n = 0;
  while (size + copyBytes + 16 + Buffer.byteLength(close) <= maxBytes) {
    push(copy.replaceAll(ID, `copy-${String(n).padStart(7, '0')}`));
    n++;
  }
  push(close);
  return { body: Buffer.from(parts.join('')), metrics: metrics.length + n };
}

/**
 * The YAML that costs the most memory per character: metrics whose example calculation is one flow
 * sequence of one-digit numbers (`[1,1,1,…]`, three lexer tokens per two characters) of about `tokens`
 * tokens each, `records` of them (after their domain). `format: 'json'` writes the same records as JSON.
 */
export function flowRecords(records: number, tokens: number, format: BodyFormat = 'yaml'): Buffer {
  const list = `[${'1,'.repeat(Math.floor(tokens / 3) - 1)}1]`;
  if (format === 'json') {
    const metrics = Array.from({ length: records }, (_, i) => `{"metric_id":"flow-${i}","name":"Flow ${i}","business_domain":"revenue","definition":{"example_calculation":{"v":${list}}}}`);
    return Buffer.from(`{"domains":[{"domain_id":"revenue","name":"Revenue"}],"metrics":[${metrics.join(',\n')}]}\n`);
  }
  const metrics = Array.from({ length: records }, (_, i) => `  - metric_id: flow-${i}\n    name: Flow ${i}\n    business_domain: revenue\n    definition:\n      example_calculation:\n        v: ${list}\n`);
  return Buffer.from(`domains:\n  - domain_id: revenue\n    name: Revenue\nmetrics:\n${metrics.join('')}`);
}
