import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../shared/context.js';
import { ValidationError } from '../../shared/errors.js';
import { zodIssues } from '../../shared/zod-issues.js';
import type { MetricsService } from '../metrics/service.js';
import type { Metric } from '../metrics/schema.js';
import type { VocabularySet } from '../vocabularies/model.js';
import type { PolicyBundle } from './bundle.js';
import { writePolicyDirectory } from './bundle.js';
import { policyEvaluateBodySchemaFor } from './evaluator.js';
import { DEFAULT_LEVELS } from './policy-data.js';
import { PolicyService } from './service.js';

/** Where the workspace's classification order comes from (VocabularyService). */
export interface ClassificationOrderSource {
  snapshot(db: Db, workspaceId: string): Promise<VocabularySet>;
}

/**
 * Policies for the metrics of a workspace, comparing classifications in the workspace's order.
 * Bundles are cached per workspace and rebuilt only when a metric or that order changed: every
 * metric write appends a version row, so the newest version id is a change counter that no create,
 * update or delete can leave unmoved.
 */
export class CatalogPolicies {
  private readonly cache = new Map<string, { stamp: string; bundle: PolicyBundle }>();

  constructor(
    private readonly db: Db,
    private readonly metrics: MetricsService,
    private readonly vocabularies?: ClassificationOrderSource,
    private readonly policies = new PolicyService(),
  ) {}

  async policyFor(ctx: RequestContext, metricId: string) {
    const metric = (await this.metrics.get(ctx, metricId)).doc;
    return this.policies.policyFor(metric, await this.levels(ctx));
  }

  async evaluate(ctx: RequestContext, metricId: string, body: unknown) {
    const levels = await this.levels(ctx);
    // A clearance is one of the workspace's levels (the default schema knows the default ones only).
    const parsed = policyEvaluateBodySchemaFor(levels.length > 0 ? (levels as [string, ...string[]]) : ['restricted']).safeParse(body);
    if (!parsed.success) throw new ValidationError('invalid policy input', zodIssues(parsed.error));
    return this.policies.evaluate((await this.metrics.get(ctx, metricId)).doc, parsed.data, levels);
  }

  async bundle(ctx: RequestContext): Promise<PolicyBundle> {
    const levels = await this.levels(ctx);
    const stamp = `${await this.changeStamp(ctx.workspaceId)}\u0000${JSON.stringify(levels)}`;
    const hit = this.cache.get(ctx.workspaceId);
    if (hit && hit.stamp === stamp) return hit.bundle;
    const bundle = await this.policies.bundle(await this.allMetrics(ctx), levels);
    this.cache.set(ctx.workspaceId, { stamp, bundle });
    return bundle;
  }

  async writeDirectory(ctx: RequestContext, dir: string) {
    return writePolicyDirectory(dir, await this.allMetrics(ctx), await this.levels(ctx));
  }

  /** The workspace's classification levels, lowest first. */
  private async levels(ctx: RequestContext): Promise<readonly string[]> {
    return this.vocabularies ? (await this.vocabularies.snapshot(this.db, ctx.workspaceId)).classificationLevels() : DEFAULT_LEVELS;
  }

  private async allMetrics(ctx: RequestContext): Promise<Metric[]> {
    const out: Metric[] = [];
    for await (const m of this.metrics.streamAll(ctx)) out.push(m);
    return out;
  }

  private async changeStamp(workspaceId: string): Promise<number> {
    const row = await this.db.selectFrom('entity_versions').select((eb) => eb.fn.max('id').as('id'))
      .where('workspace_id', '=', workspaceId).where('entity_type', '=', 'metric').executeTakeFirst();
    return Number(row?.id ?? 0);
  }
}
