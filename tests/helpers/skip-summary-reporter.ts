import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { SKIP_MARK } from './skips.js';

/** What the summary needs of one skipped test. */
export interface SkippedTest {
  file: string;
  /** Suite and test names, joined by ' > ' (where `(SKIPPED: reason)` sits). */
  fullName: string;
  /** The note of a `ctx.skip(note)` at run time. */
  note?: string | undefined;
  todo?: boolean;
}

const REASON = new RegExp(`\\(${SKIP_MARK}([^)]*)\\)`, 'g');

function reasonOf(t: SkippedTest, filtered: boolean): string {
  const named = [...t.fullName.matchAll(REASON)].at(-1)?.[1]; // the innermost one: the most specific
  if (named) return named;
  if (t.note) return t.note;
  if (t.todo) return 'todo';
  return filtered ? 'not selected by the name filter (-t)' : 'NO REASON GIVEN';
}

/**
 * The end-of-run lines: skipped tests counted by reason, so a run without MDL_TEST_POSTGRES_URL says
 * plainly how much did not run and why. A skip without a reason is named, so it gets one.
 */
export function summarizeSkips(skipped: SkippedTest[], opts: { filtered?: boolean } = {}): string[] {
  if (skipped.length === 0) return [];
  const byReason = new Map<string, { count: number; files: Set<string>; names: string[] }>();
  for (const t of skipped) {
    const reason = reasonOf(t, opts.filtered ?? false);
    let r = byReason.get(reason);
    if (!r) byReason.set(reason, (r = { count: 0, files: new Set(), names: [] }));
    r.count++;
    r.files.add(t.file);
    r.names.push(`${t.file} > ${t.fullName}`);
  }
  const width = String(Math.max(...[...byReason.values()].map((r) => r.count))).length;
  const lines = [`Skipped ${skipped.length} test(s), by reason:`];
  for (const [reason, r] of [...byReason].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))) {
    const where = r.files.size === 1 ? [...r.files][0] : `${r.files.size} files`;
    lines.push(`  ${String(r.count).padStart(width)}  ${reason} (${where})`);
    if (reason === 'NO REASON GIVEN') for (const n of r.names.slice(0, 5)) lines.push(`  ${' '.repeat(width)}    ${n}`);
  }
  return lines;
}

/** Added beside 'default' in vitest.config.ts: prints summarizeSkips after the default summary. */
export default class SkipSummaryReporter implements Reporter {
  private filtered = false;

  onInit(vitest: Vitest): void {
    this.filtered = Boolean(vitest.config.testNamePattern);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const skipped: SkippedTest[] = [];
    for (const m of modules) {
      for (const t of m.children.allTests('skipped')) {
        const result = t.result();
        skipped.push({
          file: m.relativeModuleId, fullName: t.fullName, todo: t.options.mode === 'todo',
          note: result.state === 'skipped' ? result.note : undefined,
        });
      }
    }
    const lines = summarizeSkips(skipped, { filtered: this.filtered });
    if (lines.length) process.stdout.write(`${lines.join('\n')}\n\n`);
  }
}
