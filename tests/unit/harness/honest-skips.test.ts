import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SKIP_MARK, skippedBecause } from '../../helpers/skips.js';

const TESTS = fileURLToPath(new URL('../../', import.meta.url));
const testFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []);

/** `if (<engine, service or platform check>) return;` on one line: a test leaving early where it does not apply. */
const EARLY_RETURN = /^(\s*)if \((.*)\)\s*(\{\s*)?return\s*;?\s*\}?\s*(\/\/.*)?$/;
const ENVIRONMENT_CHECK = /engine|_URL\b|\bURL\b|available|\.redis\b|\bopa|openssl|platform|getuid|\.kind\b/i;
const TEST_OPENER = /^\s*(it|test)(\.\w+(\([^)]*\))?)*\(/;

/** Lines where a test body (not a hook or a helper) returns early on an environment check. */
function earlyReturnsInTests(source: string): number[] {
  const lines = source.split('\n');
  const found: number[] = [];
  lines.forEach((line, i) => {
    const m = EARLY_RETURN.exec(line);
    if (!m || !ENVIRONMENT_CHECK.test(m[2]!)) return;
    // The enclosing block is opened by the nearest line above indented less (the code is formatted).
    const indent = m[1]!.length;
    for (let j = i - 1; j >= 0; j--) {
      const l = lines[j]!;
      if (l.trim() === '' || l.length - l.trimStart().length >= indent) continue;
      if (TEST_OPENER.test(l)) found.push(i + 1);
      break;
    }
  });
  return found;
}

describe('skipped tests say so', () => {
  it('no test returns early on an engine or environment check: it skips, with the reason in its name', () => {
    const offenders = testFiles(TESTS).flatMap((f) => earlyReturnsInTests(readFileSync(f, 'utf8')).map((n) => `${relative(TESTS, f)}:${n}`));
    expect(offenders).toEqual([]);
  });

  it('finds the pattern in a test body, and leaves hooks and helpers alone', () => {
    const source = [
      "  it('creates tables in the configured schema only (PostgreSQL)', async () => {",
      "    if (engineOf(t.db) !== 'postgres') return;",
      '    expect(1).toBe(1);',
      '  });',
      '  beforeAll(async () => {',
      '    if (!store.redis) return;',
      '  });',
      '  const opts = (o) => {',
      '    if (!store.redis) return { now, ...o };',
      '  };',
      "  it.runIf(posix)('x', () => {",
      '    if (!process.env.MDL_TEST_REDIS_URL) { return; }',
      '  });',
    ].join('\n');
    expect(earlyReturnsInTests(source)).toEqual([2, 12]);
  });

  it('names a skip with its reason, and a test that runs with nothing added', () => {
    expect(skippedBecause(true, 'MDL_TEST_POSTGRES_URL not set')).toBe(` (${SKIP_MARK}MDL_TEST_POSTGRES_URL not set)`);
    expect(skippedBecause(false, 'MDL_TEST_POSTGRES_URL not set')).toBe('');
  });
});
