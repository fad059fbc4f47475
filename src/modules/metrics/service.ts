import type { RequestContext } from '../../shared/context.js';
import { EntityService } from '../catalog/entity-service.js';
import type { MetricFilter, MetricsRepository } from './repository.js';
import type { Metric } from './schema.js';

/** Metric-specific reads on top of the shared entity service: domain-aware filters and stats. */
export class MetricsService extends EntityService<Metric, MetricFilter> {
  /** A domain filter matches metrics filed under the domain's id or its name. */
  protected override async prepareFilter(ctx: RequestContext, filter: MetricFilter): Promise<MetricFilter> {
    const values = filter.domain;
    if (!values || values.length === 0) return filter;
    const rows = await this.db.selectFrom('domains').select(['domain_id', 'name']).where('workspace_id', '=', ctx.workspaceId)
      .where((eb) => eb.or([eb('domain_id', 'in', values), eb('name', 'in', values)])).execute();
    return { ...filter, domain: [...new Set([...values, ...rows.flatMap((r) => [r.domain_id, r.name])])] };
  }

  stats(ctx: RequestContext) {
    return (this.lister as MetricsRepository).stats(this.db, ctx.workspaceId);
  }
}
