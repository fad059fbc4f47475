import type { Writable } from 'node:stream';
import type { RequestContext } from '../../shared/context.js';
import type { EntityService } from '../catalog/entity-service.js';
import type { Domain } from '../domains/schema.js';
import { writeCatalog, type ImportFormat, type WriteCatalogOptions, type WriteCatalogResult } from '../io/index.js';
import type { MetricsService } from '../metrics/service.js';
import type { Objective } from '../objectives/schema.js';
import type { WorkspacesRepository } from '../workspaces/repository.js';

/**
 * Writes the workspace as one catalog file (catalog fields, domains, objectives, metrics), streamed
 * record by record. Export → import into an empty workspace → export gives the same document.
 */
export class ExportService {
  constructor(
    private readonly workspaces: WorkspacesRepository,
    private readonly domains: EntityService<Domain, unknown>,
    private readonly objectives: EntityService<Objective, unknown>,
    private readonly metrics: MetricsService,
  ) {}

  async write(ctx: RequestContext, out: Writable, format: ImportFormat, opts: WriteCatalogOptions = {}): Promise<WriteCatalogResult> {
    const meta = await this.workspaces.catalogMeta(ctx.workspaceId);
    return writeCatalog(out, {
      meta,
      domains: this.domains.streamAll(ctx),
      objectives: this.objectives.streamAll(ctx),
      metrics: this.metrics.streamAll(ctx),
    }, format, opts);
  }
}
