import { readImportSource } from '../../modules/io/index.js';
import type { Runtime } from '../runtime.js';
import type { Backend } from './types.js';

/** The local database, through the same services the API uses. */
export function localBackend(rt: Runtime): Backend {
  const { services, ctx } = rt;
  return {
    kind: 'local',
    listMetrics: (req) => services.metrics.list(ctx, req),
    getMetric: async (id, version) => (version ? (await services.metrics.version(ctx, id, version)).snapshot : (await services.metrics.get(ctx, id)).doc),
    deleteMetric: async (id, o) => {
      await services.metrics.delete(ctx, id, { force: o.force });
    },
    stats: () => services.metrics.stats(ctx),
    policy: (id) => services.policies.policyFor(ctx, id),
    import: (req) => services.importer.import(ctx, (onProgress) => readImportSource({ path: req.path, format: req.format }, onProgress), {
      dryRun: req.dryRun, continueOnError: req.continueOnError, onProgress: req.onProgress,
    }),
    export: (out, format, o) => services.exporter.write(ctx, out, format, o),
    close: () => rt.close(),
  };
}
