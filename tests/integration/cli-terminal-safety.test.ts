import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createServices } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { runMdl } from '../helpers/cli.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

/** Right-to-left override, isolate, zero-width space, BOM, ESC and CR: each can make a terminal show other text. */
const HOSTILE = { rlo: '\u202e', isolate: '\u2066', zw: '\u200b', bom: '\ufeff', esc: '\u001b[2J', cr: '\r' };
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

/**
 * Stored text reaches the terminal through `mdl list`, `show` and `stats`: characters that would act on
 * the terminal (escape sequences, bidi overrides that reorder a line) are printed as visible \uXXXX
 * escapes, while `--json` and YAML output still parse back to exactly the stored data.
 */
describe('mdl output is safe for a terminal', () => {
  let dir: string;
  let dbArg: string[];
  const name = `Revenue ${HOSTILE.rlo}gnp.exe${HOSTILE.isolate} ${HOSTILE.zw}${HOSTILE.bom}`;
  const description = `before${HOSTILE.esc}after${HOSTILE.cr}overwritten`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mdl-cli-tty-'));
    const file = join(dir, 'mdl.db');
    dbArg = ['--database', file];
    const db = connect({ kind: 'sqlite', file });
    await migrateToLatest(db);
    const s = createServices(db);
    await s.domains.create(localContext(), sampleDomain());
    await s.metrics.create(localContext(), sampleMetric({ name, description, tags: [`kpi${HOSTILE.rlo}`] }));
    await db.destroy();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('list and stats print the characters as visible escapes', async () => {
    const list = await runMdl([...dbArg, 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).not.toMatch(UNSAFE);
    expect(list.stdout).toContain('Revenue \\u202egnp.exe\\u2066');
    const stats = await runMdl([...dbArg, 'stats']);
    expect(stats.stdout).not.toMatch(UNSAFE);
  });

  it('show (YAML) and --json print no raw unsafe character and still parse to the stored text', async () => {
    const y = await runMdl([...dbArg, 'show', 'METRIC-ARR']);
    expect(y.code).toBe(0);
    expect(y.stdout).not.toMatch(UNSAFE);
    expect(parse(y.stdout)).toMatchObject({ name, description, tags: [`kpi${HOSTILE.rlo}`] });
    for (const args of [['show', 'METRIC-ARR', '--json'], ['list', '--json']]) {
      const j = await runMdl([...dbArg, ...args]);
      expect(j.stdout, args.join(' ')).not.toMatch(UNSAFE);
      const doc = JSON.parse(j.stdout);
      expect(doc.items?.[0] ?? doc).toMatchObject({ name, description });
    }
  });
});
