import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createServices } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** `mdl export - | head -1`: the reader closes the pipe early; the command ends quietly with 0. */
describe('mdl writing to a pipe its reader closed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mdl-epipe-'));
  const file = join(dir, 'mdl.db');
  beforeAll(async () => {
    const db = connect({ kind: 'sqlite', file });
    await migrateToLatest(db);
    const s = createServices(db);
    await s.domains.create(localContext(), sampleDomain());
    for (let i = 0; i < 300; i++) await s.metrics.create(localContext(), sampleMetric({ metric_id: `M-PIPE-${i}`, name: `Pipe ${i}` }));
    await db.destroy();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints no EPIPE error and exits 0', () => {
    const mdl = `${JSON.stringify(process.execPath)} --import tsx src/cli/main.ts --database ${JSON.stringify(file)}`;
    const r = spawnSync('bash', ['-c', `set -o pipefail; ${mdl} export - --format yaml | head -c 10; s=$?; echo; echo "exit=$s"`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/EPIPE/);
    expect(r.stdout).toMatch(/exit=0\s*$/);
  });
});
