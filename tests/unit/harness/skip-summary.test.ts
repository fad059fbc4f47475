import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { summarizeSkips } from '../../helpers/skip-summary-reporter.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the summary of skipped tests at the end of a run', () => {
  it('counts skips by the reason in their names (the innermost), or their run-time note, and names those without one', () => {
    const lines = summarizeSkips([
      { file: 'a.test.ts', fullName: 'migrations on postgres (SKIPPED: MDL_TEST_POSTGRES_URL not set) > runs' },
      { file: 'b.test.ts', fullName: 'login on postgres (SKIPPED: MDL_TEST_POSTGRES_URL not set) > on Redis (SKIPPED: MDL_TEST_REDIS_URL not set) > x' },
      { file: 'c.test.ts', fullName: 'x on postgres (SKIPPED: MDL_TEST_POSTGRES_URL not set) > y' },
      { file: 'c.test.ts', fullName: 'z', note: 'opa binary not found' },
      { file: 'd.test.ts', fullName: 'later', todo: true },
      { file: 'd.test.ts', fullName: 'quietly skipped' },
    ]);
    expect(lines).toEqual([
      'Skipped 6 test(s), by reason:',
      '  2  MDL_TEST_POSTGRES_URL not set (2 files)',
      '  1  MDL_TEST_REDIS_URL not set (b.test.ts)',
      '  1  NO REASON GIVEN (d.test.ts)',
      '       d.test.ts > quietly skipped',
      '  1  opa binary not found (c.test.ts)',
      '  1  todo (d.test.ts)',
    ]);
    expect(summarizeSkips([{ file: 'd.test.ts', fullName: 'other' }], { filtered: true })[1]).toBe('  1  not selected by the name filter (-t) (d.test.ts)');
    expect(summarizeSkips([])).toEqual([]);
  });

  it("is printed after the default reporter's summary by the suite's own configuration", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'tests/unit/harness/fixtures/skips.config.ts'], {
      cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    const tail = stdout.slice(stdout.lastIndexOf('Tests '));
    expect(tail).toMatch(/1 passed \| 4 skipped/);
    expect(tail).toContain([
      'Skipped 4 test(s), by reason:',
      '  2  MDL_FIXTURE_URL not set (tests/unit/harness/fixtures/skips.fixture.ts)',
      '  1  NO REASON GIVEN (tests/unit/harness/fixtures/skips.fixture.ts)',
      '       tests/unit/harness/fixtures/skips.fixture.ts > is skipped without a word',
      '  1  the fixture says so (tests/unit/harness/fixtures/skips.fixture.ts)',
    ].join('\n'));
  }, 60_000);
});
