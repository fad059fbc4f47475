/** File import/export: pure conversions between files and canonical records (no database). */
export { normalizeMetric } from './normalize-metric.js';
export { normalizeDomain, DOMAIN_ALIASES } from './normalize-domain.js';
export { normalizeObjective } from './normalize-objective.js';
export type { NormalizeResult } from './normalize-core.js';
export { restoreExtensions } from './extensions.js';
export { detectFormat, type CatalogMeta, type ImportFormat, type ImportRecord, type ImportShape, type RecordKind } from './detect.js';
export { readImportSource, type ImportSource, type ImportSourceInput, type ProgressFn } from './reader.js';
export { writeCatalog, type CatalogExport, type SkippedRecord, type WriteCatalogOptions, type WriteCatalogResult } from './export.js';
export { ImportSourceError, type SourceLocation } from './errors.js';
