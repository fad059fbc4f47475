import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMdl } from '../helpers/cli.js';

/** The README's commands, run against the shipped example, so the docs stay true to the code. */
describe('README example commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mdl-readme-'));
  const db = ['--database', join(dir, 'mdl.db')];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('import, list, show and policy work as documented', async () => {
    const imported = await runMdl([...db, 'import', 'examples/catalog.yaml']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('metrics: 3 created');
    const list = JSON.parse((await runMdl([...db, 'list', '--domain', 'Revenue', '--tier', 'Tier-1', '--json'])).stdout);
    expect(list.items.map((m: { metric_id: string }) => m.metric_id)).toEqual(['METRIC-ARR']);
    expect((await runMdl([...db, 'show', 'METRIC-ARR'])).stdout).toContain('name: Annual Recurring Revenue');
    expect((await runMdl([...db, 'policy', 'METRIC-ARR'])).code).toBe(0);
    const kpis = JSON.parse((await runMdl([...db, 'list', '--tag', 'kpi', '--sort', '-updated_at', '--json'])).stdout);
    expect(kpis.total).toBe(2);
  });
});
