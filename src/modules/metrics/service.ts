import type { RequestContext } from '../../shared/context.js';
import { EntityService } from '../catalog/entity-service.js';
import { VocabularyRepository, withKnownSpellings } from '../catalog/vocabulary-repository.js';
import type { MetricFilter, MetricsRepository } from './repository.js';
import type { Metric } from './schema.js';

/** Filters over vocabularies: matched without regard to case, then exactly (through the indexes) on the stored spellings. */
const CASE_FREE_FILTERS = [
  ['tier', ['tier']], ['category', ['category']], ['metric_type', ['metric_type']], ['status', ['status']],
  ['classification', ['data_classification']], ['owner', ['owner_team', 'technical_owner', 'business_owner']],
  ['owner_team', ['owner_team']],
] as const;

/** Metric-specific reads on top of the shared entity service: domain-aware, case-insensitive filters and stats. */
export class MetricsService extends EntityService<Metric, MetricFilter> {
  private readonly vocabulary = new VocabularyRepository();

  /**
   * Filter values match stored values without regard to case (`--tier tier-1` finds `Tier-1`). A domain
   * filter matches metrics filed under the domain's id or its name, either spelled in any case.
   */
  protected override async prepareFilter(ctx: RequestContext, filter: MetricFilter): Promise<MetricFilter> {
    const ws = ctx.workspaceId;
    const out: MetricFilter = { ...filter };
    for (const [key, columns] of CASE_FREE_FILTERS) {
      const values = filter[key];
      if (!values?.length) continue;
      let spelled = [...values];
      for (const column of columns) spelled = withKnownSpellings(spelled, await this.vocabulary.distinct(this.db, 'metrics', column, ws));
      out[key] = spelled;
    }
    if (filter.tag?.length) out.tag = withKnownSpellings(filter.tag, await this.vocabulary.distinct(this.db, 'metric_tags', 'tag', ws));
    if (filter.domain?.length) out.domain = await this.domainSpellings(ws, filter.domain);
    return out;
  }

  /** The domain values as given, the stored spellings of each in any case, and each matching domain's id and name. */
  private async domainSpellings(workspaceId: string, values: string[]): Promise<string[]> {
    let spelled = withKnownSpellings(values, await this.vocabulary.distinct(this.db, 'domains', 'domain_id', workspaceId));
    spelled = withKnownSpellings(spelled, await this.vocabulary.distinct(this.db, 'domains', 'name', workspaceId));
    const named = [...new Set([...spelled, ...(await this.vocabulary.domainNames(this.db, workspaceId, spelled))])];
    return withKnownSpellings(named, await this.vocabulary.distinct(this.db, 'metrics', 'business_domain', workspaceId));
  }

  /** Facet counts for the catalog search, over the same (case-free, domain-aware) filters as the list. */
  async facets(ctx: RequestContext, filter: MetricFilter) {
    return (this.lister as MetricsRepository).facets(this.db, ctx.workspaceId, await this.prepareFilter(ctx, filter));
  }

  /** Counts (and the first few metrics) of the overview's governance gaps. */
  governanceGaps(ctx: RequestContext) {
    return (this.lister as MetricsRepository).governanceGaps(this.db, ctx.workspaceId);
  }

  stats(ctx: RequestContext) {
    return (this.lister as MetricsRepository).stats(this.db, ctx.workspaceId);
  }
}
