import { z } from 'zod';
import {
  columnText, managedTopLevel, entityId, entityRef, entityRefList, extensions, freeObject, longText, nullableNumber, optionalEnum, shortText,
} from '../../shared/zod-primitives.js';

export const KR_DIRECTIONS = ['increase', 'decrease', 'maintain'] as const;

export const keyResultSchema = z.strictObject({
  kr_id: entityId,
  name: shortText.nullish(),
  description: longText.nullish(),
  baseline_value: nullableNumber,
  target_value: nullableNumber,
  current_value: nullableNumber,
  unit: shortText.nullish(),
  direction: optionalEnum(KR_DIRECTIONS),
  metric_ids: entityRefList.optional(),
  status: shortText.nullish(),
  /** A progress figure a file reported (file form `progress_percentage`); kept, never trusted over the computed one. */
  reported_progress_percentage: nullableNumber,
  /** Server-computed percentage (0-100) from baseline, target, current and direction; recomputed on every write. */
  progress: nullableNumber,
});

/**
 * Objective with key results, canonical form. The public file form (title, start_date, end_date,
 * owner, key_results[].metric_id, key_results[].progress_percentage) is mapped onto it by the importer.
 */
export const objectiveSchema = z.strictObject({
  objective_id: entityId,
  name: columnText.min(1, 'must not be empty').max(500),
  description: longText.nullish(),
  timeframe: z.strictObject({ start: z.string().max(64).nullish(), end: z.string().max(64).nullish() }).nullish(),
  owner_team: shortText.nullish(),
  status: shortText.nullish(),
  /** A domain_id or a domain name; resolved within the workspace on write. */
  business_domain: shortText.nullish(),
  business_priority: shortText.nullish(),
  strategic_theme: shortText.nullish(),
  metric_ids: entityRefList.optional(),
  key_results: z.array(keyResultSchema).max(500).optional(),
  metadata: freeObject.nullish(),
  ...managedTopLevel,
  extensions: extensions.optional(),
});

export type Objective = z.infer<typeof objectiveSchema>;
export type KeyResult = z.infer<typeof keyResultSchema>;
