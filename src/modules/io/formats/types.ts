import type { ImportRecord } from '../detect.js';

/**
 * Other tools' definition files (dbt MetricFlow, Cube, OSI/Ossie) are converted into MDL records
 * before validation, so they go through exactly the same normalizer, reference graph and lifecycle
 * as MDL's own files. A converter is a pure function over already-parsed documents: no I/O, no database.
 */
export type Dialect = 'mdl' | 'dbt' | 'cube' | 'osi';

/** Where an imported record came from: kept so a re-import from the same source updates the same record. */
export interface Provenance {
  format: Dialect;
  /** The source file's path as the user gave it (relative to the import root). */
  source: string;
  /** The record's name in the source tool (dbt metric name, Cube `cube.measure`, OSI metric name). */
  name: string;
}

/** One parsed file of a dialect. */
export interface DialectFile {
  source: string;
  doc: unknown;
}

export interface ConvertOptions {
  /** Prefix for generated MDL ids (e.g. `dbt.`); default none. */
  idPrefix?: string;
}

export interface ConvertedRecord extends ImportRecord {
  provenance: Provenance;
}

export interface ConvertResult {
  records: ConvertedRecord[];
  /** Files of this dialect that held nothing to import, with why (e.g. a dbt schema.yml with only tests). */
  skipped: Array<{ source: string; reason: string }>;
}

export interface DialectConverter {
  dialect: Exclude<Dialect, 'mdl'>;
  /** Whether a parsed document is this dialect's (content, not file name, decides). */
  detect(doc: unknown): boolean;
  /**
   * Converts every file of this dialect in a batch at once (a dbt metric names a measure defined in
   * another file; a Cube view names cubes of other files). Records are MDL canonical documents; every
   * source field without an MDL home lands under `extensions` (nothing is lost).
   */
  convert(files: DialectFile[], options?: ConvertOptions): ConvertResult;
}
