import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../shared/context.js';
import { ValidationError } from '../../shared/errors.js';
import { zodIssues } from '../../shared/zod-issues.js';
import type { MetricsService } from '../metrics/service.js';
import type { Metric } from '../metrics/schema.js';
import type { PolicyBundle } from './bundle.js';
import { writePolicyDirectory } from './bundle.js';
import { policyEvaluateBodySchema } from './evaluator.js';
import { PolicyService } from './service.js';

/**
 * Policies for the metrics of a workspace. Bundles are cached per workspace and rebuilt only when
 * a metric changed: every metric write appends a version row, so the newest version id is a change
 * counter that no create, update or delete can leave unmoved.
 */
export class CatalogPolicies {
  private readonly cache = new Map<string, { stamp: number; bundle: PolicyBundle }>();

  constructor(private readonly db: Db, private readonly metrics: MetricsService, private readonly policies = new PolicyService()) {}

  async policyFor(ctx: RequestContext, metricId: string) {
    return this.policies.policyFor((await this.metrics.get(ctx, metricId)).doc);
  }

  async evaluate(ctx: RequestContext, metricId: string, body: unknown) {
    const parsed = policyEvaluateBodySchema.safeParse(body);
    if (!parsed.success) throw new ValidationError('invalid policy input', zodIssues(parsed.error));
    return this.policies.evaluate((await this.metrics.get(ctx, metricId)).doc, parsed.data);
  }

  async bundle(ctx: RequestContext): Promise<PolicyBundle> {
    const stamp = await this.changeStamp(ctx.workspaceId);
    const hit = this.cache.get(ctx.workspaceId);
    if (hit && hit.stamp === stamp) return hit.bundle;
    const bundle = await this.policies.bundle(await this.allMetrics(ctx));
    this.cache.set(ctx.workspaceId, { stamp, bundle });
    return bundle;
  }

  async writeDirectory(ctx: RequestContext, dir: string) {
    return writePolicyDirectory(dir, await this.allMetrics(ctx));
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
