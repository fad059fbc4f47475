import type { OnConflict } from '../../modules/import/conflicts.js';
import type { Writable } from 'node:stream';
import type { Page } from '../../modules/catalog/pagination.js';
import type { Dialect, ImportFormat } from '../../modules/io/index.js';
import type { ImportReport } from '../../modules/import/report.js';
import type { ExportTarget } from '../../modules/io/export.js';
import type { AuditExportFormat } from '../../modules/audit/export.js';
import type { AuditFilter } from '../../modules/audit/repository.js';
import type { AuditVerifyResult } from '../../modules/audit/service.js';
import type { MetricFilter } from '../../modules/metrics/repository.js';
import type { Services } from '../../modules/services.js';
import type { ReferenceItem, ReferenceListRequest } from '../../modules/references/service.js';
import type { Vocabulary } from '../../modules/vocabularies/model.js';
import type { VocabularyChange } from '../../modules/vocabularies/service.js';

export type MetricListItem = Awaited<ReturnType<Services['metrics']['list']>>['items'][number];
export type MetricStats = Awaited<ReturnType<Services['metrics']['stats']>>;
export type MetricPolicy = Awaited<ReturnType<Services['policies']['policyFor']>>;
export type ExportCounts = Awaited<ReturnType<Services['exporter']['write']>>;

export interface ImportRequest {
  /**
   * Files and directories to import as one batch (standard input is spooled to a file first and
   * named by `name`). Directories are walked (io/multi-source-files.ts).
   */
  inputs: Array<{ path: string; name?: string }>;
  /** Given with --format; otherwise found from the extension or the content. */
  format?: ImportFormat;
  /** --from: every file is of this dialect; default: detected per file. */
  from?: Dialect;
  /** --id-prefix: prefix of the ids generated for other tools' definitions. */
  idPrefix?: string;
  dryRun?: boolean;
  continueOnError?: boolean;
  strict?: boolean;
  /** `field:from=to` entries (--map), for this import only. */
  map?: string[];
  /** --on-conflict: fail (default), skip or overwrite. */
  onConflict?: OnConflict;
  onProgress?: (phase: string, read: number, total?: number) => void;
  /** Files of the batch left out (found in a directory but no catalog file, a Cube .js model), before the import runs. */
  onSkipped?: (skipped: Array<{ source: string; reason: string }>) => void;
}

export interface AuditRequest {
  /**
   * The workspace named with --workspace, if any. Local mode defaults to `default` (and accepts
   * `_system`); remote mode always acts on the API key's workspace and refuses a different one.
   */
  workspace?: string;
}

export interface AuditExportRequest extends AuditRequest {
  filter: AuditFilter;
  format: AuditExportFormat;
}

/**
 * What the commands with an API equivalent need (catalog, policies, audit), whether they run against
 * the local database or a remote server.
 * Both implementations answer with the same shapes and throw the same errors (DomainError
 * subclasses, ImportRejectedError for a refused import), so the commands print one way.
 */
export interface Backend {
  readonly kind: 'local' | 'remote';
  listMetrics(req: { filter: MetricFilter; sort?: string; limit: number; cursor?: string }): Promise<Page<MetricListItem>>;
  /** The current definition, or a past version's snapshot. */
  getMetric(id: string, version?: string): Promise<unknown>;
  deleteMetric(id: string, o: { force?: boolean }): Promise<void>;
  stats(): Promise<MetricStats>;
  policy(id: string): Promise<MetricPolicy>;
  /** The workspace's reference graph, one page (GET /api/v1/references). */
  references(req: ReferenceListRequest): Promise<{ items: ReferenceItem[]; total: number; next_cursor: string | null }>;
  /** The workspace vocabularies, or one (GET /api/v1/vocabularies[/:name]). */
  vocabularies(name?: string): Promise<Vocabulary[]>;
  /** One admin change to a vocabulary (the routes under /api/v1/vocabularies/:name); the vocabulary after it. */
  changeVocabulary(name: string, change: VocabularyChange): Promise<Vocabulary>;
  import(req: ImportRequest): Promise<ImportReport>;
  /** Writes the catalog to `out`; the counts when known (remote answers do not carry them). */
  export(out: Writable, format: ImportFormat, o?: { end?: boolean; to?: ExportTarget }): Promise<ExportCounts | undefined>;
  /**
   * Walks the audit chain. `workspace` is the one checked, for the message; undefined only when a
   * remote key may not read its own identity (no `self` scope).
   */
  auditVerify(req: AuditRequest): Promise<{ workspace: string | undefined; result: AuditVerifyResult }>;
  /** Streams the matching audit events, oldest first, to `out` (left open). */
  auditExport(req: AuditExportRequest, out: Writable): Promise<void>;
  /** Writes the unpacked OPA bundle under `dir`: the files in bundle order, and its revision. */
  writePolicyBundle(dir: string): Promise<{ revision: string; files: string[] }>;
  close(): Promise<void>;
}
