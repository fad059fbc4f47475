import type { Metric } from '../../src/modules/metrics/schema.js';
import type { Domain } from '../../src/modules/domains/schema.js';
import type { Objective } from '../../src/modules/objectives/schema.js';

export function sampleDomain(over: Partial<Domain> = {}): Domain {
  return { domain_id: 'revenue', name: 'Revenue', description: 'How we make money', owner_team: 'finance', ...over };
}

export function sampleMetric(over: Partial<Metric> = {}): Metric {
  return {
    metric_id: 'METRIC-ARR',
    name: 'Annual Recurring Revenue',
    description: 'Yearly value of active subscriptions',
    category: 'financial',
    tier: 'Tier-1',
    business_domain: 'revenue',
    metric_type: 'currency',
    tags: ['kpi', 'finance'],
    definition: { formula: 'sum(mrr) * 12', unit: 'USD', expected_direction: 'increase' },
    governance: { owner_team: 'finance', data_classification: 'internal', pii_involved: false, status: 'active' },
    ...over,
  };
}

/** A metric with every section of the MDL shape populated, for field-by-field round trips. */
export function fullMetric(): Metric {
  return {
    metric_id: 'METRIC-NRR',
    name: 'Net Revenue Retention',
    short_name: 'NRR',
    description: 'Revenue retained from existing customers including expansion',
    category: 'financial',
    tier: 'Tier-1',
    business_domain: 'revenue',
    metric_type: 'ratio',
    tags: ['kpi', 'retention', 'board'],
    alignment: { strategic_pillar: 'Grow efficiently', primary_objective_ids: ['OBJ-GROW'], related_okr_ids: ['OBJ-GROW-KR1'], why_it_matters: 'Compounding growth' },
    definition: {
      formula: '(start_mrr + expansion - contraction - churn) / start_mrr',
      formula_detail: 'Cohort of customers active at period start',
      numerator: { event_name: 'mrr_snapshot', filters: ['cohort = start', { field: 'region', op: 'in', values: ['EU', 'US'] }] },
      denominator: { event_name: 'mrr_snapshot', filters: ['period = start'] },
      unit: 'percent',
      expected_direction: 'increase',
      example_calculation: { start_mrr: 100, expansion: 20, churn: 5, result: 1.15 },
    },
    data: {
      primary_sources: [{ system: 'snowflake', table_or_stream: 'finance.mrr_daily', connection_id: 'sf-prod' }],
      secondary_sources: [{ system: 'stripe', table_or_stream: 'subscriptions', connection_id: 'stripe-api' }],
      data_freshness: '24h', update_frequency: 'daily', time_grain: ['month', 'quarter'], data_retention: '7y',
    },
    governance: {
      data_classification: 'confidential', pii_involved: false, regulatory_constraints: ['SOX'], owner_team: 'finance',
      technical_owner: 'data-eng@example.com', business_owner: 'cfo@example.com', status: 'active',
    },
    dimensions: [{ name: 'region', allowed_values: ['EU', 'US'], required: true }, { name: 'plan', allowed_values: [], required: false }],
    targets_and_alerts: {
      target_value: 1.1, warning_threshold: 1.0, critical_threshold: 0.95, comparison_baseline: 'previous_quarter',
      alert_rules: [{ rule_id: 'nrr-drop', name: 'NRR drop', condition: 'value < 1.0', severity: 'critical', notify_channels: ['#finance'], evaluation_window: '1d' }],
    },
    visualization: { default_chart_type: 'line', default_time_range: '12m', dashboard_locations: [{ tool: 'looker', url: 'https://bi.example.com/d/1' }], drilldowns: ['region', 'plan'] },
    relationships: { upstream_metric_ids: ['METRIC-ARR'], downstream_metric_ids: [], tradeoffs: ['discounting raises NRR short term'] },
    operational_usage: { decision_use_cases: ['pricing reviews'], review_cadence: 'monthly', linked_playbooks: [{ name: 'Churn playbook', url: 'https://wiki.example.com/churn' }] },
    metadata: {
      notes: 'Audited quarterly', example_queries: [{ language: 'sql', query: 'select 1' }], version: '1.0.0',
      created_at: '2025-01-01', created_by: 'alice', last_updated: '2025-02-01', last_updated_by: 'bob', change_history: [{ date: '2025-02-01', change: 'clarified cohort' }],
    },
    extensions: { '/x_custom_top': { any: ['thing'] } },
  };
}

export function sampleObjective(over: Partial<Objective> = {}): Objective {
  return {
    objective_id: 'OBJ-GROW',
    name: 'Grow efficiently',
    description: 'Grow revenue while keeping churn low',
    timeframe: { start: '2026-01-01', end: '2026-12-31' },
    owner_team: 'exec',
    status: 'active',
    business_domain: 'revenue',
    key_results: [
      { kr_id: 'OBJ-GROW-KR1', name: 'Raise ARR', baseline_value: 100, target_value: 200, current_value: 150, unit: 'USD', direction: 'increase', metric_ids: ['METRIC-ARR'] },
    ],
    ...over,
  };
}
