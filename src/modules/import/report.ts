import type { FieldIssue } from '../../shared/errors.js';
import type { RecordKind } from '../io/index.js';
import type { WriteOutcome } from '../catalog/lifecycle.js';
import type { UnresolvedRef } from './plan.js';
import type { ImportConflict, OnConflict } from './conflicts.js';

export interface RecordError {
  kind: RecordKind;
  /** Where the record stood in the file, e.g. `metrics[12]`. */
  path: string;
  id?: string;
  issues: FieldIssue[];
}

export interface RecordChange {
  kind: RecordKind;
  id: string;
  outcome: WriteOutcome;
  version: string;
  changed: string[];
}

type Counts = { created: number; updated: number; unchanged: number; invalid: number };

export interface ImportReport {
  dry_run: boolean;
  mode: 'all-or-nothing' | 'continue-on-error';
  shape: string;
  /** True when the valid records were written (never in a dry run). */
  committed: boolean;
  counts: Record<RecordKind, Counts>;
  /** Every invalid record up to the cap; `errors_total` counts them all. */
  errors: RecordError[];
  errors_total: number;
  /** What changed (or would), created/updated only, up to the cap; counts are always complete. */
  changes: RecordChange[];
  changes_truncated: boolean;
  /** What happened to the stored catalog-level fields (catalog_name, contacts, other top-level keys); null when the file had none. */
  catalog_meta: 'created' | 'updated' | 'unchanged' | null;
  /** References kept as written whose target exists nowhere yet (up to the cap; `unresolved_total` counts them all). */
  unresolved: UnresolvedRef[];
  unresolved_total: number;
  /** `warn` (unresolved references kept and listed) or `strict` (refused): the workspace policy, or --strict. */
  reference_policy: 'warn' | 'strict';
  /** Definitions that disagree (conflicts.ts), up to the cap; `conflicts_total` counts them all. */
  conflicts: ImportConflict[];
  conflicts_total: number;
  on_conflict: OnConflict;
  /** Files of the batch left out, with why. */
  skipped_files: Array<{ source: string; reason: string }>;
  duration_ms: number;
}

export const REPORT_CAP = 1000;

export function emptyReport(dryRun: boolean, continueOnError: boolean): ImportReport {
  const counts = () => ({ created: 0, updated: 0, unchanged: 0, invalid: 0 });
  return {
    dry_run: dryRun, mode: continueOnError ? 'continue-on-error' : 'all-or-nothing', shape: 'unknown', committed: false,
    counts: { domain: counts(), objective: counts(), metric: counts() },
    errors: [], errors_total: 0, changes: [], changes_truncated: false, catalog_meta: null,
    unresolved: [], unresolved_total: 0, reference_policy: 'warn', conflicts: [], conflicts_total: 0, on_conflict: 'fail', skipped_files: [], duration_ms: 0,
  };
}

export function addError(report: ImportReport, error: RecordError): void {
  report.errors_total++;
  report.counts[error.kind].invalid++;
  if (report.errors.length < REPORT_CAP) report.errors.push(error);
}

export function addChange(report: ImportReport, change: RecordChange): void {
  report.counts[change.kind][change.outcome]++;
  if (change.outcome === 'unchanged') return;
  if (report.changes.length < REPORT_CAP) report.changes.push(change);
  else report.changes_truncated = true;
}

export function setUnresolved(report: ImportReport, list: readonly UnresolvedRef[]): void {
  report.unresolved = list.slice(0, REPORT_CAP);
  report.unresolved_total = list.length;
}

export function addConflict(report: ImportReport, conflict: ImportConflict): void {
  report.conflicts_total++;
  if (report.conflicts.length < REPORT_CAP) report.conflicts.push(conflict);
}
