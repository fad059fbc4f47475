import { z } from 'zod';
import { columnText, managedTopLevel, entityId, entityRefList, extensions, freeObject, longText, shortText, stringList } from '../../shared/zod-primitives.js';

/**
 * Business domain, canonical form. The public "file form" (id, owner, stakeholders, objectives,
 * key_metrics, metadata) is mapped onto it by the importer: id → domain_id, owner → owner_team,
 * objectives → objective_ids, key_metrics → key_metric_ids.
 */
export const domainSchema = z.strictObject({
  domain_id: entityId,
  name: columnText.min(1, 'must not be empty').max(500),
  description: longText.nullish(),
  owner_team: shortText.nullish(),
  contact_email: z.string().max(320).nullish(),
  key_areas: stringList.optional(),
  color: z.string().regex(/^#[0-9A-Fa-f]{3,8}$/, 'must be a hex colour like #1f77b4').nullish(),
  stakeholders: stringList.optional(),
  objective_ids: entityRefList.optional(),
  key_metric_ids: entityRefList.optional(),
  metadata: freeObject.nullish(),
  ...managedTopLevel,
  extensions: extensions.optional(),
});

export type Domain = z.infer<typeof domainSchema>;
