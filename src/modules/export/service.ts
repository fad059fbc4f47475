import type { Writable } from 'node:stream';
import type { RequestContext } from '../../shared/context.js';
import type { EntityService } from '../catalog/entity-service.js';
import type { Domain } from '../domains/schema.js';
import type { ImportFormat } from '../io/index.js';
import { writeCatalog, writeOsi, type ExportTarget, type WriteCatalogOptions, type WriteCatalogResult } from '../io/export.js';
import type { OmittedMetric } from '../io/formats/osi-export.js';
import type { MetricsService } from '../metrics/service.js';
import type { Objective } from '../objectives/schema.js';
import type { WorkspacesRepository } from '../workspaces/repository.js';

export interface ExportOptions extends WriteCatalogOptions {
  /** `mdl` (default): the catalog file; `osi`: an Apache Ossie document of the metrics. */
  to?: ExportTarget;
  /** OSI only: told of each metric left out (no formula), as it is left out. */
  onOmit?: (omitted: OmittedMetric) => void;
}

/** The counts; `omitted` only for an OSI export. */
export type ExportResult = WriteCatalogResult & { omitted?: OmittedMetric[] };

/**
 * Writes the workspace as one catalog file (catalog fields, domains, objectives, metrics), streamed
 * record by record. Export → import into an empty workspace → export gives the same document.
 * With `to: 'osi'`, writes the metrics as one OSI document instead (io/export.ts writeOsi).
 */
export class ExportService {
  constructor(
    private readonly workspaces: WorkspacesRepository,
    private readonly domains: EntityService<Domain, unknown>,
    private readonly objectives: EntityService<Objective, unknown>,
    private readonly metrics: MetricsService,
  ) {}

  async write(ctx: RequestContext, out: Writable, format: ImportFormat, opts: ExportOptions = {}): Promise<ExportResult> {
    const { to = 'mdl', ...options } = opts;
    const meta = await this.workspaces.catalogMeta(ctx.workspaceId);
    if (to === 'osi') return writeOsi(out, { meta, metrics: this.metrics.streamAll(ctx) }, format, options);
    return writeCatalog(out, {
      meta,
      domains: this.domains.streamAll(ctx),
      objectives: this.objectives.streamAll(ctx),
      metrics: this.metrics.streamAll(ctx),
    }, format, options);
  }
}
