import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.js';
import type { ExportService } from './service.js';

export function registerExportRoutes(appIn: FastifyInstance, exporter: ExportService): void {
  const app = appIn.withTypeProvider<ZodTypeProvider>();
  app.get('/export', {
    config: { scope: 'export' },
    schema: {
      tags: ['import-export'],
      summary: 'Export the catalog (catalog fields, domains, objectives, metrics) as JSON or YAML, streamed; with to=osi, the metrics as an Apache Ossie (OSI) document',
      description: 'to=osi writes a document valid against the OSI JSON Schema (0.2.0.dev0). A metric without a formula cannot be an OSI metric: it is left out and listed, with why, in its semantic model\'s custom extension of vendor "MDL" ({"omitted_metrics":[{"metric_id","reason"}]}).',
      querystring: z.object({ format: z.enum(['json', 'yaml']).default('json'), to: z.enum(['mdl', 'osi']).default('mdl') }),
    },
  }, async (request, reply) => {
    const { format, to } = request.query;
    const body = new PassThrough();
    // Streams as it reads; a failure mid-way aborts the response rather than sending a truncated file as complete.
    // A record stored before the nesting limit is left out (io/export.ts), with an error line in the log.
    const onSkip = (s: { section: string; id: string; reason: string }) => request.log.error({ skipped: s }, `export skipped ${s.section} "${s.id}": ${s.reason}`);
    exporter.write(contextOf(request), body, format, { onSkip, to }).catch((err: unknown) => {
      request.log.error({ err }, 'export failed');
      body.destroy(err instanceof Error ? err : new Error('export failed'));
    });
    return reply
      .type(format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${to === 'osi' ? 'mdl-osi' : 'mdl-catalog'}.${format}"`)
      .send(body);
  });
}
