import type { FieldDiff } from '../catalog/versioning.js';
import type { ImportRecord, RecordKind } from '../io/index.js';
import type { StoredProvenance } from './provenance-repository.js';

/**
 * Conflicts of an import (issue 8): two sources of one batch defining the same id differently, or an
 * import from another tool over a definition that changed since that tool's last import (edited in
 * MDL, or imported from elsewhere). `--on-conflict` chooses:
 *   fail       (default) refuse the whole batch and list every conflict with its field-level diff;
 *   skip       keep what is there: the first definition of the batch, the stored one;
 *   overwrite  the import wins: the batch's last definition, the incoming one.
 * MDL's own files are applied as written (importing one is how a catalog is updated); only records
 * converted from dbt, Cube or OSI are checked against the stored definition.
 */
export const ON_CONFLICT = ['fail', 'skip', 'overwrite'] as const;
export type OnConflict = (typeof ON_CONFLICT)[number];

export type ConflictReason =
  /** Two sources of the batch define the id differently. */
  | 'defined-twice'
  /** Imported from this source before, then changed (in MDL or by another import). */
  | 'edited-since-import'
  /** The stored definition was made in MDL or came from another source. */
  | 'defined-elsewhere';

/** One side of a conflict: a place in the batch, or the stored definition with its provenance (null: made in MDL). */
export interface ConflictSide {
  path?: string;
  source?: string;
  format?: string;
  name?: string;
}

export interface ImportConflict {
  kind: RecordKind;
  id: string;
  reason: ConflictReason;
  /** What is there: the batch's first definition, or the stored one. */
  current: ConflictSide;
  incoming: ConflictSide;
  /** Field by field: `before` is the current value, `after` the incoming one. */
  diff: FieldDiff[];
  resolution: 'refused' | 'skipped' | 'overwritten';
}

export function resolutionOf(mode: OnConflict): ImportConflict['resolution'] {
  return mode === 'fail' ? 'refused' : mode === 'skip' ? 'skipped' : 'overwritten';
}

/** Where a batch record came from, for the conflict report. */
export function sideOf(rec: ImportRecord): ConflictSide {
  const p = rec.provenance;
  return { path: rec.path, source: p?.source ?? rec.source, ...(p ? { format: p.format, name: p.name } : {}) };
}

/** The stored side: its last import's source, or nothing known (made in MDL). */
export function storedSide(p: StoredProvenance | undefined): ConflictSide {
  return p ? { source: p.source, format: p.format, name: p.name } : {};
}

/**
 * Whether an incoming converted record may replace the stored definition without asking: the stored
 * row is exactly what this source's last import left (same format, name and ETag).
 */
export function storedIsOurs(p: StoredProvenance | undefined, rec: ImportRecord, etag: string): boolean {
  return !!p && !!rec.provenance && p.format === rec.provenance.format && p.name === rec.provenance.name && p.etag === etag;
}

export function storedReason(p: StoredProvenance | undefined, rec: ImportRecord): ConflictReason {
  return p && rec.provenance && p.format === rec.provenance.format && p.name === rec.provenance.name ? 'edited-since-import' : 'defined-elsewhere';
}

/** One line per conflict with up to `fields` differing fields, for messages and the CLI. */
export function describeConflict(c: ImportConflict, fields = 5): string {
  const where = (s: ConflictSide) => s.path ?? (s.source ? `${s.format ?? 'import'} ${s.source}${s.name ? ` (${s.name})` : ''}` : 'the stored definition (made in MDL)');
  const head = c.reason === 'defined-twice'
    ? `${c.kind} "${c.id}" is defined differently at ${where(c.current)} and ${where(c.incoming)}`
    : c.reason === 'edited-since-import'
      ? `${c.kind} "${c.id}" changed since it was imported from ${where(c.current)}; ${where(c.incoming)} differs`
      : `${c.kind} "${c.id}" already exists (${where(c.current)}); ${where(c.incoming)} differs`;
  const shown = c.diff.slice(0, fields).map((d) => `${d.path}: ${brief(d.before)} → ${brief(d.after)}`);
  const more = c.diff.length > fields ? `; ${c.diff.length - fields} more field(s)` : '';
  return `${head} [${c.resolution}]: ${shown.join('; ')}${more}`;
}

/** A value as JSON, cut to a readable length. */
function brief(v: unknown, max = 80): string {
  const s = JSON.stringify(v) ?? 'null';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
