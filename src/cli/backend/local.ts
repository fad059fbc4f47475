import { once } from 'node:events';
import { withWorkspace } from '../../db/tenant-context.js';
import { prepareImportSources } from '../../modules/io/index.js';
import { parseValueMap } from '../../modules/import/value-map.js';
import { DEFAULT_WORKSPACE, SYSTEM_WORKSPACE } from '../../shared/context.js';
import { CliError } from '../io.js';
import type { Runtime } from '../runtime.js';
import type { Backend } from './types.js';

/**
 * The local database, through the same services the API uses. Each catalog command acts on one
 * workspace, so it runs limited to it (row-level security on PostgreSQL), as an API request would.
 */
export function localBackend(rt: Runtime): Backend {
  const { services, ctx } = rt;
  const scoped = <T>(fn: () => Promise<T>): Promise<T> => withWorkspace(ctx.workspaceId, fn);
  /** The audit commands act as the host on any workspace (or the `_system` chain), `default` unless named. */
  const auditWorkspace = async (requested: string | undefined): Promise<string> => {
    const workspace = requested ?? DEFAULT_WORKSPACE;
    if (workspace !== SYSTEM_WORKSPACE && !(await services.workspaces.exists(workspace))) throw new CliError(`workspace "${workspace}" not found`);
    return workspace;
  };
  return {
    kind: 'local',
    listMetrics: (req) => scoped(() => services.metrics.list(ctx, req)),
    getMetric: (id, version) => scoped(async () => (version ? (await services.metrics.version(ctx, id, version)).snapshot : (await services.metrics.get(ctx, id)).doc)),
    deleteMetric: (id, o) => scoped(async () => {
      await services.metrics.delete(ctx, id, { force: o.force });
    }),
    stats: () => scoped(() => services.metrics.stats(ctx)),
    policy: (id) => scoped(() => services.policies.policyFor(ctx, id)),
    references: (req) => scoped(() => services.references.list(ctx, req)),
    vocabularies: (name) => scoped(async () => (name === undefined ? services.vocabularies.list(ctx) : [await services.vocabularies.get(ctx, name)])),
    changeVocabulary: (name, change) => scoped(() => services.vocabularies.apply(ctx, name, change)),
    import: (req) => scoped(async () => {
      // Walked and classified once; the importer opens the combined source twice (validate, write).
      const prepared = await prepareImportSources(req.inputs, { from: req.from, format: req.format, idPrefix: req.idPrefix });
      if (prepared.skipped.length > 0) req.onSkipped?.(prepared.skipped);
      return services.importer.import(ctx, (onProgress) => prepared.open(onProgress), {
        dryRun: req.dryRun, continueOnError: req.continueOnError, strict: req.strict, onConflict: req.onConflict, valueMap: req.map?.length ? parseValueMap(req.map) : undefined, onProgress: req.onProgress,
      });
    }),
    export: (out, format, o) => scoped(() => services.exporter.write(ctx, out, format, o)),
    async auditVerify(req) {
      const workspace = await auditWorkspace(req.workspace);
      return { workspace, result: await services.audit.verify(workspace) };
    },
    async auditExport(req, out) {
      const workspace = await auditWorkspace(req.workspace);
      for await (const chunk of services.audit.export(workspace, req.filter, req.format)) {
        if (!out.write(chunk)) await once(out, 'drain');
      }
    },
    writePolicyBundle: (dir) => scoped(() => services.policies.writeDirectory(ctx, dir)),
    close: () => rt.close(),
  };
}
