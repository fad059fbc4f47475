import { z } from 'zod';

export const errorSchema = z.object({
  error: z.object({
    code: z.string().describe('stable, machine-readable error code'),
    message: z.string(),
    details: z.unknown().optional(),
  }),
  requestId: z.string(),
}).describe('The one error shape of the API');

export const errorResponses = {
  400: errorSchema, 404: errorSchema, 409: errorSchema, 412: errorSchema, 413: errorSchema, 415: errorSchema, 422: errorSchema,
} as const;

export const versionSchema = z.object({
  entity_type: z.string(),
  entity_id: z.string(),
  version: z.string(),
  revision: z.number().int(),
  change_kind: z.enum(['create', 'update', 'delete']),
  bump: z.string().nullable(),
  changed_fields: z.array(z.string()),
  snapshot: z.unknown(),
  actor: z.string(),
  request_id: z.string().nullable(),
  created_at: z.string(),
});

export const mergePatchSchema = z.record(z.string(), z.unknown()).describe('JSON Merge Patch (RFC 7396): objects merge, null removes a field');
