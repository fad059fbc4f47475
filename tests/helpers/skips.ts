/**
 * Skipped tests carry their reason in their name, so the default reporter and the run's summary of
 * skips (skip-summary-reporter.ts) say why: `describe.skipIf(!x)(\`name${skippedBecause(!x, 'why')}\`)`.
 * A test that does not apply somewhere skips there; it never returns early and shows green.
 */
export const SKIP_MARK = 'SKIPPED: ';

/** ` (SKIPPED: <reason>)` when `skip`, else nothing. */
export function skippedBecause(skip: boolean, reason: string): string {
  return skip ? ` (${SKIP_MARK}${reason})` : '';
}
