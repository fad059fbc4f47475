import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z, type ZodType } from 'zod';
import { contextOf } from '../../http/context.js';
import { pageLinks, pageSchema, pagingQuery } from '../../http/list-query.js';
import { errorResponses, mergePatchSchema, versionSchema } from '../../http/schemas.js';
import type { Scope } from '../auth/permissions.js';
import type { EntityService } from './entity-service.js';
import type { WriteResult } from './lifecycle.js';

export interface EntityRoutesOptions<T, F> {
  /** Collection path under /api/v1, e.g. `/metrics`. */
  path: string;
  tag: string;
  service: EntityService<T, F>;
  schema: ZodType;
  filterQuery: z.ZodRawShape;
  toFilter(query: Record<string, unknown>): F;
}

const idParams = z.object({ id: z.string().min(1).max(128) });
const ifMatchHeaders = z.object({ 'if-match': z.string().max(1000).optional() });

export const referenceWarningSchema = z.object({
  code: z.literal('UNRESOLVED_REFERENCE'), path: z.string(), target_type: z.string(), target_id: z.string(), message: z.string(),
});

/** The written document, plus `warnings` when some of its references resolve to nothing yet (kept and tracked). */
function sendWrite<T>(reply: FastifyReply, result: WriteResult<T>, status = 200) {
  const body = result.warnings.length > 0 ? { ...result.doc, warnings: result.warnings } : result.doc;
  return reply.code(status).header('etag', result.etag).send(body);
}

/**
 * The same REST surface for metrics, domains and objectives: thin handlers that parse the request,
 * call the service with the request's context, and shape the reply. Bodies are validated by the
 * service (one validation path shared with the CLI); the schemas here document them.
 */
export function registerEntityRoutes<T, F>(appIn: FastifyInstance, o: EntityRoutesOptions<T, F>): void {
  const app = appIn.withTypeProvider<ZodTypeProvider>();
  const one = o.service.type;
  const tags = [o.tag];
  const read = { scope: `${one}s:read` as Scope };
  const write = { scope: `${one}s:write` as Scope };
  const written = (o.schema as z.ZodObject<z.ZodRawShape>).extend({
    warnings: z.array(referenceWarningSchema).optional().describe('references kept as written that resolve to nothing yet (GET /api/v1/references?state=unresolved lists them all)'),
  });

  app.get(o.path, {
    config: read,
    schema: {
      tags, summary: `List ${one}s (filters, sort, cursor pagination)`,
      querystring: z.object({ ...o.filterQuery, ...pagingQuery }),
      response: { 200: pageSchema(o.schema), ...errorResponses },
    },
  }, async (request, reply) => {
    const { sort, limit, cursor, ...filters } = request.query as Record<string, unknown> & { sort?: string; limit: number; cursor?: string };
    const page = await o.service.listText(contextOf(request), { filter: o.toFilter(filters), sort, limit, cursor });
    // The stored texts spliced into the page as they are (see the single GET below): the same bytes,
    // in pageSchema's key order, as serializing the parsed page, without parsing a document.
    // (The reply is widened: its typed send takes the page object, not the text that stands for it.)
    return (reply as FastifyReply).type('application/json; charset=utf-8').send(
      `{"items":[${page.items.join(',')}],"total":${page.total},"limit":${limit},"next_cursor":${JSON.stringify(page.nextCursor)},"links":${JSON.stringify(pageLinks(request.url, page.nextCursor))}}`,
    );
  });

  app.post(o.path, {
    config: write,
    schema: { tags, summary: `Create a ${one}`, body: o.schema, response: { 201: written, ...errorResponses } },
  }, async (request, reply) => {
    const result = await o.service.create(contextOf(request), request.body);
    reply.header('location', `/api/v1${o.path}/${encodeURIComponent(result.id)}`);
    return sendWrite(reply, result, 201);
  });

  app.get(`${o.path}/:id`, {
    config: read,
    schema: { tags, summary: `Get a ${one}`, params: idParams, headers: z.object({ 'if-none-match': z.string().max(1000).optional() }), response: { 200: o.schema, 304: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const found = await o.service.getText(contextOf(request), request.params.id);
    reply.header('etag', found.etag);
    if (request.headers['if-none-match']?.split(',').map((t) => t.trim()).includes(found.etag)) return reply.code(304).send(null);
    // The stored text is the validated document as JSON.stringify wrote it: sent as it is (a string
    // with a JSON content type is not serialized again), the same bytes as serializing the parsed form.
    return reply.type('application/json; charset=utf-8').send(found.docJson);
  });

  app.put(`${o.path}/:id`, {
    config: write,
    schema: { tags, summary: `Replace a ${one} (If-Match supported)`, params: idParams, headers: ifMatchHeaders, body: o.schema, response: { 200: written, ...errorResponses } },
  }, async (request, reply) => sendWrite(reply, await o.service.replace(contextOf(request), request.params.id, request.body, request.headers['if-match'])));

  app.patch(`${o.path}/:id`, {
    config: write,
    schema: { tags, summary: `Patch a ${one} with a JSON Merge Patch (If-Match supported)`, params: idParams, headers: ifMatchHeaders, body: mergePatchSchema, response: { 200: written, ...errorResponses } },
  }, async (request, reply) => sendWrite(reply, await o.service.patch(contextOf(request), request.params.id, request.body, request.headers['if-match'])));

  app.delete(`${o.path}/:id`, {
    config: write,
    schema: {
      tags, summary: `Delete a ${one}; refused while referenced unless force=true`, params: idParams, headers: ifMatchHeaders,
      querystring: z.object({ force: z.enum(['true', 'false']).default('false') }),
      response: { 204: z.null(), ...errorResponses },
    },
  }, async (request, reply) => {
    await o.service.delete(contextOf(request), request.params.id, { ifMatch: request.headers['if-match'], force: request.query.force === 'true' });
    return reply.code(204).send(null);
  });

  app.get(`${o.path}/:id/versions`, {
    config: read,
    schema: { tags, summary: `Version history of a ${one}, newest first`, params: idParams, response: { 200: z.object({ items: z.array(versionSchema) }), ...errorResponses } },
  }, async (request) => ({ items: await o.service.versions(contextOf(request), request.params.id) }));

  app.get(`${o.path}/:id/versions/:version`, {
    config: read,
    schema: { tags, summary: `One version snapshot of a ${one}`, params: idParams.extend({ version: z.string().max(32) }), response: { 200: versionSchema, ...errorResponses } },
  }, async (request) => o.service.version(contextOf(request), request.params.id, request.params.version));
}
