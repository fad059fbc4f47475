import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseBody } from '../../http/body.js';
import { contextOf } from '../../http/context.js';
import { errorResponses } from '../../http/schemas.js';
import { MAX_VALUE_LENGTH, VOCABULARY_NAMES } from './model.js';
import type { VocabularyService } from './service.js';

const tags = ['vocabularies'];
const valueText = z.string().min(1).max(MAX_VALUE_LENGTH);

const vocabularySchema = z.object({
  name: z.enum(VOCABULARY_NAMES),
  ordered: z.boolean().describe('data_classification: levels lowest first, as the generated policies compare them'),
  closed: z.boolean().describe('closed: a value it does not know is refused on write (422 UNKNOWN_VALUE); open: any value is kept'),
  customized: z.boolean().describe('false while the workspace uses the defaults'),
  values: z.array(z.string()),
  aliases: z.array(z.object({ alias: z.string(), value: z.string() })).describe('other spellings, stored as their value'),
});
const nameParams = z.object({ name: z.string().min(1).max(64).describe(VOCABULARY_NAMES.join(', ')) });
const addValueBody = z.strictObject({
  value: valueText,
  before: valueText.optional().describe('ordered vocabularies: place the new value right before this one'),
  after: valueText.optional().describe('ordered vocabularies: place the new value right after this one'),
});
const addAliasBody = z.strictObject({ alias: valueText, value: valueText.describe('the existing value the alias stands for') });
const modeBody = z.strictObject({ closed: z.boolean() });
const one = { 200: vocabularySchema, ...errorResponses };

/** Reads for anyone who may read metrics; every change is the admin's (scope `admin`, as the workspace settings) and audited. */
export function registerVocabularyRoutes(appIn: FastifyInstance, service: VocabularyService): void {
  const app = appIn.withTypeProvider<ZodTypeProvider>();

  app.get('/vocabularies', {
    config: { scope: 'metrics:read' },
    schema: { tags, summary: 'The workspace vocabularies: values in order, aliases, open or closed', response: { 200: z.object({ items: z.array(vocabularySchema) }), ...errorResponses } },
  }, async (request) => ({ items: await service.list(contextOf(request)) }));

  app.get('/vocabularies/:name', {
    config: { scope: 'metrics:read' },
    schema: { tags, summary: 'One workspace vocabulary', params: nameParams, response: one },
  }, async (request) => service.get(contextOf(request), request.params.name));

  app.patch('/vocabularies/:name', {
    config: { scope: 'admin' },
    schema: { tags, summary: 'Close a vocabulary (unknown values refused) or open it (any value kept); audited', params: nameParams, body: modeBody, response: one },
  }, async (request) => service.setClosed(contextOf(request), request.params.name, parseBody(modeBody, request.body).closed));

  app.post('/vocabularies/:name/values', {
    config: { scope: 'admin' },
    schema: { tags, summary: 'Add a value (ordered ones: before or after another); audited', params: nameParams, body: addValueBody, response: { 201: vocabularySchema, ...errorResponses } },
  }, async (request, reply) => {
    const body = parseBody(addValueBody, request.body);
    return reply.code(201).send(await service.addValue(contextOf(request), request.params.name, body.value, { before: body.before, after: body.after }));
  });

  app.delete('/vocabularies/:name/values/:value', {
    config: { scope: 'admin' },
    schema: {
      tags, summary: 'Remove a value and its aliases; 409 VALUE_IN_USE with the count while metrics use it; audited',
      params: nameParams.extend({ value: valueText }), response: one,
    },
  }, async (request) => service.removeValue(contextOf(request), request.params.name, request.params.value));

  app.post('/vocabularies/:name/aliases', {
    config: { scope: 'admin' },
    schema: { tags, summary: 'Add an alias of a value (e.g. Non-PII → internal): writes store the value; audited', params: nameParams, body: addAliasBody, response: { 201: vocabularySchema, ...errorResponses } },
  }, async (request, reply) => {
    const body = parseBody(addAliasBody, request.body);
    return reply.code(201).send(await service.addAlias(contextOf(request), request.params.name, body.alias, body.value));
  });

  app.delete('/vocabularies/:name/aliases/:alias', {
    config: { scope: 'admin' },
    schema: { tags, summary: 'Remove an alias; audited', params: nameParams.extend({ alias: valueText }), response: one },
  }, async (request) => service.removeAlias(contextOf(request), request.params.name, request.params.alias));
}
