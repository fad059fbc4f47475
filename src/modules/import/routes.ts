import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.js';
import { errorResponses } from '../../http/schemas.js';
import { ENTITY_ID } from '../../shared/zod-primitives.js';
import { prepareImportSources, type PreparedSources } from '../io/index.js';
import { isMultipart, parseMultipart } from './multipart.js';
import type { ImportService } from './service.js';
import { parseValueMap } from './value-map.js';
import { ON_CONFLICT } from './conflicts.js';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
const flag = z.enum(['true', 'false']).default('false');

const conflictSide = z.object({ path: z.string().optional(), source: z.string().optional(), format: z.string().optional(), name: z.string().optional() });

const reportSchema = z.object({
  dry_run: z.boolean(), mode: z.string(), shape: z.string(), committed: z.boolean(),
  counts: z.record(z.string(), z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), invalid: z.number() })),
  errors: z.array(z.object({ kind: z.string(), path: z.string(), id: z.string().optional(), issues: z.array(z.object({ path: z.string(), message: z.string() })) })),
  errors_total: z.number(),
  changes: z.array(z.object({ kind: z.string(), id: z.string(), outcome: z.string(), version: z.string(), changed: z.array(z.string()) })),
  changes_truncated: z.boolean(),
  catalog_meta: z.enum(['created', 'updated', 'unchanged']).nullable(),
  unresolved: z.array(z.object({ kind: z.string(), id: z.string(), path: z.string(), field: z.string(), target_type: z.string(), target_id: z.string() }))
    .describe('references kept as written whose target exists nowhere yet; they resolve when it appears'),
  unresolved_total: z.number(),
  reference_policy: z.enum(['warn', 'strict']),
  conflicts: z.array(z.object({
    kind: z.string(), id: z.string(), reason: z.enum(['defined-twice', 'edited-since-import', 'defined-elsewhere']),
    current: conflictSide, incoming: conflictSide,
    diff: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })).describe('field by field: before is the current value, after the incoming one'),
    resolution: z.enum(['refused', 'skipped', 'overwritten']),
  })).describe('definitions that disagree, with their field-level diff'),
  conflicts_total: z.number(),
  on_conflict: z.enum(ON_CONFLICT),
  skipped_files: z.array(z.object({ source: z.string(), reason: z.string() })).describe('files of the batch left out, with why (a tests-only dbt schema.yml, a file of no known kind)'),
  duration_ms: z.number(),
});

/**
 * Import takes the file as sent (JSON or YAML text, up to the import body limit), read twice by the
 * service; or several files as multipart/form-data (one part per file, field `file`, the filename
 * its path), imported as one batch. Files of other tools (dbt, Cube, OSI) are converted (`from`
 * forces the dialect).
 */
export function registerImportRoutes(appIn: FastifyInstance, importer: ImportService, bodyLimit: number): void {
  const reads = appIn.withTypeProvider<ZodTypeProvider>();
  for (const type of ['metric', 'domain', 'objective'] as const) {
    reads.get(`/${type}s/:id/provenance`, {
      config: { scope: `${type}s:read` },
      schema: {
        tags: ['import-export'],
        summary: `Where a ${type} came from: its latest import from dbt, Cube or OSI (null when made in MDL)`,
        params: z.object({ id: z.string().min(1).max(128) }),
        response: {
          200: z.object({
            provenance: z.object({
              format: z.string(), source: z.string().describe('the source file as given to the import'), name: z.string().describe('its name in that tool'),
              imported_at: z.string(), edited_since_import: z.boolean().describe('changed since; the next import from there reports a conflict'),
            }).nullable(),
          }),
          ...errorResponses,
        },
      },
    }, async (request) => ({ provenance: await importer.provenanceOf(contextOf(request), type, request.params.id) }));
  }
  appIn.register(async (scope) => {
    scope.removeContentTypeParser(['application/json', 'text/plain']);
    scope.addContentTypeParser(['application/json', 'text/plain', ...YAML_TYPES], { parseAs: 'string', bodyLimit }, (_req, body, done) => done(null, body));
    // Parts are text files, so the body is read as one string and cut up in the handler (multipart.ts).
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit }, (_req, body, done) => done(null, body));
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.post('/import', {
      bodyLimit,
      config: { scope: 'import' },
      schema: {
        tags: ['import-export'],
        summary: 'Import a catalog, metrics, domains and/or objectives (JSON or YAML); all-or-nothing unless continue_on_error',
        querystring: z.object({ dry_run: flag, continue_on_error: flag, strict: flag.describe('refuse unresolved references whatever the workspace policy'),
          map: z.union([z.string().max(500), z.array(z.string().max(500)).max(100)]).optional().describe('field:from=to, repeatable: rename a value for this import only (e.g. data_classification:Non-PII=internal)'), format: z.enum(['json', 'yaml']).optional(),
          from: z.enum(['mdl', 'dbt', 'cube', 'osi']).optional().describe('every file is of this dialect (default: detected per file)'),
          id_prefix: z.string().min(1).max(100).regex(ENTITY_ID, 'must start with a letter or digit and hold only letters, digits and . _ : -').optional().describe('prefix of the ids generated for dbt, Cube and OSI definitions'),
          on_conflict: z.enum(ON_CONFLICT).default('fail').describe('two sources defining an id differently, or a dbt/Cube/OSI definition over one changed since its last import: fail (refuse the batch, list every conflict), skip (keep what is there) or overwrite') }),
        body: z.string().describe('the file: a catalog, a metric, a list of metrics, {domains}, {objectives} or a mix, or a dbt, Cube or OSI file; or multipart/form-data with one part per file (field `file`)'),
        response: { 200: reportSchema, ...errorResponses },
      },
    }, async (request) => {
      const text = String(request.body ?? '');
      const contentType = String(request.headers['content-type'] ?? '');
      const multipart = isMultipart(contentType);
      const format = request.query.format ?? (YAML_TYPES.some((t) => contentType.startsWith(t)) ? 'yaml' : contentType.startsWith('application/json') ? 'json' : undefined);
      const files = multipart ? parseMultipart(text, contentType).map((p) => ({ name: p.filename, text: p.text })) : [{ name: 'body', text }];
      // Classified (and other tools' files converted) once; the service opens the source twice.
      let prepared: Promise<PreparedSources> | undefined;
      const open = (onProgress?: (read: number, total?: number) => void) =>
        (prepared ??= prepareImportSources({ files }, { format, from: request.query.from, idPrefix: request.query.id_prefix })).then((p) => p.open(onProgress));
      return importer.import(contextOf(request), open, {
        dryRun: request.query.dry_run === 'true',
        continueOnError: request.query.continue_on_error === 'true',
        strict: request.query.strict === 'true',
        onConflict: request.query.on_conflict,
        valueMap: request.query.map === undefined ? undefined : parseValueMap(([] as string[]).concat(request.query.map)),
      });
    });
  });
}
