import { SimpleGrid } from '@mantine/core';
import type { ReactNode } from 'react';
import { Section } from '../metric/parts.js';
import { EXPECTED_DIRECTIONS } from './model.js';
import { ChoiceField, JsonField, ListField, NumberField, StringListField, TextField, VocabularyField, YesNoField } from './fields.js';

/**
 * Every field of the metric schema (src/modules/metrics/schema.ts), grouped as the metric page shows
 * them. Lists of "text or object" items (filters, trade-offs, change history) and free objects are JSON
 * areas: one input cannot say which of the two an item is.
 */
const Grid = ({ children }: { children: ReactNode }) => <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">{children}</SimpleGrid>;

function EventSpec({ path, label }: { path: string; label: string }) {
  return (
    <Grid>
      <TextField path={`${path}.event_name`} label={`${label}: event name`} />
      <JsonField path={`${path}.filters`} label={`${label}: filters`} kind="array" description='JSON list of texts or objects, e.g. ["status = paid"]' />
    </Grid>
  );
}

const sourceItem = (p: string) => (
  <Grid>
    <TextField path={`${p}.system`} label="System" />
    <TextField path={`${p}.table_or_stream`} label="Table or stream" />
    <TextField path={`${p}.connection_id`} label="Connection id" />
  </Grid>
);

export function FormGroups({ creating }: { creating: boolean }) {
  return (
    <>
      <Section title="Identity" show>
        <Grid>
          <TextField path="metric_id" label="Metric id" required readOnly={!creating} description={creating ? 'Letters, digits and . _ : - (cannot be changed later)' : 'The id cannot be changed'} />
          <TextField path="name" label="Name" required />
          <TextField path="short_name" label="Short name" />
          <TextField path="category" label="Category" />
          <VocabularyField path="tier" label="Tier" name="tier" />
          <VocabularyField path="metric_type" label="Metric type" name="metric_type" />
          <TextField path="business_domain" label="Business domain" description="A domain id or name" />
        </Grid>
        <TextField path="description" label="Description" long />
      </Section>

      <Section title="Definition" show>
        <TextField path="definition.formula" label="Formula" long />
        <TextField path="definition.formula_detail" label="Formula detail" long />
        <EventSpec path="definition.numerator" label="Numerator" />
        <EventSpec path="definition.denominator" label="Denominator" />
        <Grid>
          <TextField path="definition.unit" label="Unit" />
          <ChoiceField path="definition.expected_direction" label="Expected direction" values={EXPECTED_DIRECTIONS} />
        </Grid>
        <JsonField path="definition.example_calculation" label="Example calculation" kind="object" />
      </Section>

      <Section title="Data" show>
        <ListField path="data.primary_sources" label="Primary sources" itemLabel="primary source" newItem={() => ({})} render={sourceItem} />
        <ListField path="data.secondary_sources" label="Secondary sources" itemLabel="secondary source" newItem={() => ({})} render={sourceItem} />
        <Grid>
          <TextField path="data.data_freshness" label="Data freshness" />
          <TextField path="data.update_frequency" label="Update frequency" />
          <TextField path="data.data_retention" label="Data retention" />
        </Grid>
        <StringListField path="data.time_grain" label="Time grain" itemLabel="time grain" />
      </Section>

      <Section title="Governance" show>
        <Grid>
          <VocabularyField path="governance.data_classification" label="Data classification" name="data_classification" />
          <YesNoField path="governance.pii_involved" label="Involves personal data (PII)" />
          <VocabularyField path="governance.status" label="Status" name="status" />
          <TextField path="governance.owner_team" label="Owner team" />
          <TextField path="governance.technical_owner" label="Technical owner" />
          <TextField path="governance.business_owner" label="Business owner" />
          <TextField path="governance.version" label="Version" readOnly description="Set by the server on every change" />
        </Grid>
        <StringListField path="governance.regulatory_constraints" label="Regulatory constraints" itemLabel="constraint" />
      </Section>

      <Section title="Targets and alerts" show>
        <Grid>
          <NumberField path="targets_and_alerts.target_value" label="Target value" />
          <NumberField path="targets_and_alerts.warning_threshold" label="Warning threshold" />
          <NumberField path="targets_and_alerts.critical_threshold" label="Critical threshold" />
          <TextField path="targets_and_alerts.comparison_baseline" label="Comparison baseline" />
        </Grid>
        <ListField path="targets_and_alerts.alert_rules" label="Alert rules" itemLabel="alert rule" newItem={() => ({})} render={(p) => (
          <>
            <Grid>
              <TextField path={`${p}.rule_id`} label="Rule id" />
              <TextField path={`${p}.name`} label="Rule name" />
              <VocabularyField path={`${p}.severity`} label="Severity" name="severity" />
              <TextField path={`${p}.evaluation_window`} label="Evaluation window" />
            </Grid>
            <TextField path={`${p}.condition`} label="Condition" long />
            <StringListField path={`${p}.notify_channels`} label="Notify channels" itemLabel="channel" />
          </>
        )} />
      </Section>

      <Section title="Dimensions" show>
        <ListField path="dimensions" label="Dimensions" itemLabel="dimension" newItem={() => ({ name: '' })} render={(p) => (
          <>
            <Grid>
              <TextField path={`${p}.name`} label="Dimension name" required />
              <YesNoField path={`${p}.required`} label="Required" />
            </Grid>
            <StringListField path={`${p}.allowed_values`} label="Allowed values" itemLabel="value" />
          </>
        )} />
      </Section>

      <Section title="Visualization" show>
        <Grid>
          <TextField path="visualization.default_chart_type" label="Default chart type" />
          <TextField path="visualization.default_time_range" label="Default time range" />
        </Grid>
        <ListField path="visualization.dashboard_locations" label="Dashboard locations" itemLabel="dashboard" newItem={() => ({})} render={(p) => (
          <Grid><TextField path={`${p}.tool`} label="Tool" /><TextField path={`${p}.url`} label="URL" /></Grid>
        )} />
        <StringListField path="visualization.drilldowns" label="Drilldowns" itemLabel="drilldown" />
      </Section>

      <Section title="Relationships" show>
        <StringListField path="relationships.upstream_metric_ids" label="Upstream metrics" itemLabel="upstream metric id" />
        <StringListField path="relationships.downstream_metric_ids" label="Downstream metrics" itemLabel="downstream metric id" />
        <JsonField path="relationships.tradeoffs" label="Trade-offs" kind="array" description="JSON list of texts or objects" />
      </Section>

      <Section title="Alignment" show>
        <TextField path="alignment.strategic_pillar" label="Strategic pillar" />
        <StringListField path="alignment.primary_objective_ids" label="Primary objectives" itemLabel="objective id" />
        <StringListField path="alignment.related_okr_ids" label="Related key results" itemLabel="key result id" />
        <TextField path="alignment.why_it_matters" label="Why it matters" long />
      </Section>

      <Section title="Tags" show>
        <StringListField path="tags" label="Tags" itemLabel="tag" />
      </Section>

      <Section title="Operational use" show>
        <TextField path="operational_usage.review_cadence" label="Review cadence" />
        <StringListField path="operational_usage.decision_use_cases" label="Decision use cases" itemLabel="use case" />
        <ListField path="operational_usage.linked_playbooks" label="Playbooks" itemLabel="playbook" newItem={() => ({})} render={(p) => (
          <Grid><TextField path={`${p}.name`} label="Playbook name" /><TextField path={`${p}.url`} label="Playbook URL" /></Grid>
        )} />
      </Section>

      <Section title="Notes and metadata" show>
        <TextField path="metadata.notes" label="Notes" long />
        <ListField path="metadata.example_queries" label="Example queries" itemLabel="example query" newItem={() => ({})} render={(p) => (
          <><TextField path={`${p}.language`} label="Language" /><TextField path={`${p}.query`} label="Query" long /></>
        )} />
        <Grid>
          <TextField path="metadata.version" label="Metadata version" />
          <TextField path="metadata.created_by" label="Created by" />
          <TextField path="metadata.created_at" label="Created at" />
          <TextField path="metadata.last_updated_by" label="Last updated by" />
          <TextField path="metadata.last_updated" label="Last updated" />
        </Grid>
        <JsonField path="metadata.change_history" label="Change history" kind="array" description="JSON list of texts or objects" />
      </Section>

      <Section title="Extensions" show>
        <JsonField path="extensions" label="Extensions" kind="object" description="JSON object of custom fields (keys as JSON Pointers, e.g. /vendor/x)" />
      </Section>
    </>
  );
}
