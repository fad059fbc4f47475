import type { z } from 'zod';
import { ValidationError } from '../shared/errors.js';
import { zodIssues } from '../shared/zod-issues.js';

/**
 * Route bodies are not validated by Fastify (services validate theirs); small request bodies that
 * belong to no service are parsed here, with the same field-level errors.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw new ValidationError('invalid request body', zodIssues(result.error));
  return result.data;
}
