/** File import/export: pure conversions between files and canonical records (no database). */
export { normalizeMetric } from './normalize-metric.js';
export { normalizeDomain, DOMAIN_ALIASES } from './normalize-domain.js';
export { normalizeObjective } from './normalize-objective.js';
export type { NormalizeResult } from './normalize-core.js';
export { restoreExtensions } from './extensions.js';
export { detectFormat, type CatalogMeta, type ImportFormat, type ImportRecord, type ImportShape, type RecordKind } from './detect.js';
export { readImportSource, type ImportSource, type ImportSourceInput, type ProgressFn, type SourceShape } from './reader.js';
export { prepareImportSources, readImportSources, type ImportInputs, type MultiSourceOptions, type PreparedSources } from './multi-source.js';
export { collectImportFiles, DIALECT_PARSE_LIMIT, type ImportFile, type SkippedFile } from './multi-source-files.js';
export type { Dialect, DialectConverter } from './formats/types.js';
export { writeCatalog, type CatalogExport, type SkippedRecord, type WriteCatalogOptions, type WriteCatalogResult } from './export.js';
export { ImportSourceError, type SourceLocation } from './errors.js';
