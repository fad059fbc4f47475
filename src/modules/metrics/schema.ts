import { z } from 'zod';
import {
  columnText, entityId, entityRef, entityRefList, extensions, freeObject, longText, nullableNumber, optionalEnum,
  semver, shortText, stringList, timestamp,
} from '../../shared/zod-primitives.js';

/**
 * The metric definition contract. One schema drives validation, serialization, the OpenAPI document,
 * the importer and the policy generator. Objects are strict: unknown fields are refused on the API
 * (with their path) and moved into `extensions` by the importer.
 */

export const EXPECTED_DIRECTIONS = ['increase', 'decrease', 'maintain'] as const;
export const METRIC_STATUSES = ['draft', 'proposed', 'active', 'deprecated', 'retired'] as const;
export const DATA_CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export const SEVERITIES = ['info', 'low', 'medium', 'warning', 'high', 'critical'] as const;

/**
 * A field whose values come from a workspace vocabulary (classification, status, severity; tier and
 * metric type are open ones by default). The schema takes any short text, '' kept as "not set" as
 * optionalEnum does; the write path checks it against the workspace's vocabulary and stores the
 * canonical spelling (src/modules/vocabularies/model.ts). The constants above are the defaults.
 */
const vocabularyValue = shortText.nullish();

const eventSpec = z.strictObject({
  event_name: shortText.nullish(),
  filters: z.array(z.union([longText, freeObject])).max(200).optional(),
});

const source = z.strictObject({
  system: shortText.nullish(),
  table_or_stream: shortText.nullish(),
  connection_id: shortText.nullish(),
});

export const alertRuleSchema = z.strictObject({
  rule_id: shortText.nullish(),
  name: shortText.nullish(),
  condition: longText.nullish(),
  severity: vocabularyValue,
  notify_channels: stringList.optional(),
  evaluation_window: shortText.nullish(),
});

const link = z.strictObject({ name: shortText.nullish(), url: z.string().max(2000).nullish() });

export const metricSchema = z.strictObject({
  metric_id: entityId,
  name: columnText.min(1, 'must not be empty').max(500),
  short_name: shortText.nullish(),
  description: longText.nullish(),
  category: shortText.nullish(),
  tier: vocabularyValue,
  /** A domain_id or a domain name; resolved within the workspace on write. */
  business_domain: shortText.nullish(),
  metric_type: vocabularyValue,
  tags: z.array(columnText.min(1).max(100)).max(100).optional(),
  alignment: z
    .strictObject({
      strategic_pillar: shortText.nullish(),
      primary_objective_ids: entityRefList.optional(),
      related_okr_ids: entityRefList.optional(),
      why_it_matters: longText.nullish(),
    })
    .optional(),
  definition: z
    .strictObject({
      formula: longText.nullish(),
      formula_detail: longText.nullish(),
      numerator: eventSpec.nullish(),
      denominator: eventSpec.nullish(),
      unit: shortText.nullish(),
      expected_direction: optionalEnum(EXPECTED_DIRECTIONS),
      example_calculation: freeObject.nullish(),
    })
    .optional(),
  data: z
    .strictObject({
      primary_sources: z.array(source).max(100).optional(),
      secondary_sources: z.array(source).max(100).optional(),
      data_freshness: shortText.nullish(),
      update_frequency: shortText.nullish(),
      time_grain: stringList.optional(),
      data_retention: shortText.nullish(),
    })
    .optional(),
  governance: z
    .strictObject({
      data_classification: vocabularyValue,
      pii_involved: z.boolean().nullish(),
      regulatory_constraints: stringList.optional(),
      owner_team: shortText.nullish(),
      technical_owner: shortText.nullish(),
      business_owner: shortText.nullish(),
      /** Server-managed: bumped by rule on every change. */
      version: semver.nullish(),
      status: vocabularyValue,
      /** Server-managed unless supplied at creation (imports keep the file's history). */
      created_at: timestamp.nullish(),
      updated_at: timestamp.nullish(),
    })
    .optional(),
  dimensions: z
    .array(z.strictObject({ name: shortText, allowed_values: stringList.optional(), required: z.boolean().nullish() }))
    .max(200)
    .optional(),
  targets_and_alerts: z
    .strictObject({
      target_value: nullableNumber,
      warning_threshold: nullableNumber,
      critical_threshold: nullableNumber,
      comparison_baseline: shortText.nullish(),
      alert_rules: z.array(alertRuleSchema).max(200).optional(),
    })
    .optional(),
  visualization: z
    .strictObject({
      default_chart_type: shortText.nullish(),
      default_time_range: shortText.nullish(),
      dashboard_locations: z.array(z.strictObject({ tool: shortText.nullish(), url: z.string().max(2000).nullish() })).max(100).optional(),
      drilldowns: stringList.optional(),
    })
    .optional(),
  relationships: z
    .strictObject({
      upstream_metric_ids: entityRefList.optional(),
      downstream_metric_ids: entityRefList.optional(),
      tradeoffs: z.array(z.union([longText, freeObject])).max(200).optional(),
    })
    .optional(),
  operational_usage: z
    .strictObject({
      decision_use_cases: z.array(longText).max(200).optional(),
      review_cadence: shortText.nullish(),
      linked_playbooks: z.array(link).max(100).optional(),
    })
    .optional(),
  metadata: z
    .strictObject({
      notes: longText.nullish(),
      example_queries: z.array(z.strictObject({ language: shortText.nullish(), query: longText.nullish() })).max(100).optional(),
      version: shortText.nullish(),
      created_at: timestamp.nullish(),
      created_by: shortText.nullish(),
      last_updated: timestamp.nullish(),
      last_updated_by: shortText.nullish(),
      change_history: z.array(z.union([longText, freeObject])).max(10_000).optional(),
    })
    .optional(),
  extensions: extensions.optional(),
});

export type Metric = z.infer<typeof metricSchema>;
