// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { Metric } from '../../web/src/pages/metric/api.js';
import { safeHref } from '../../web/src/pages/metric/JsonTree.js';
import { MetricHeader, MetricSections } from '../../web/src/pages/metric/sections.js';

/** The metric page's section renderer (web/src/pages/metric/sections.tsx) in jsdom. */
const wrap = (ui: ReactNode) => render(<MantineProvider><MemoryRouter>{ui}</MemoryRouter></MantineProvider>);
afterEach(cleanup);

const SCRIPT = '<script>window.__pwned = 1</script>';
const IMG = '<img src=x onerror="window.__pwned=2">';

const full: Metric = {
  metric_id: 'M-1', name: `Conversion ${SCRIPT}`, description: IMG,
  category: 'growth', tier: 'Tier-1', metric_type: 'ratio', business_domain: 'sales', tags: ['web', SCRIPT],
  alignment: { strategic_pillar: 'Grow', primary_objective_ids: ['OBJ-1'], related_okr_ids: ['OBJ-1:KR-2'], why_it_matters: 'money' },
  definition: {
    formula: 'orders / visits', unit: 'percent', expected_direction: 'increase',
    numerator: { event_name: 'order_placed', filters: ['status = paid', { country: 'DE' }] },
    denominator: { event_name: 'visit' }, example_calculation: { orders: 5, visits: 100 },
  },
  data: { primary_sources: [{ system: 'snowflake', table_or_stream: 'orders' }], secondary_sources: [{ system: 'kafka' }], data_freshness: '1h', update_frequency: 'hourly', time_grain: ['day'], data_retention: '2y' },
  governance: { owner_team: 'growth-team', technical_owner: 'tech@example.com', business_owner: 'biz@example.com', data_classification: 'confidential', pii_involved: true, status: 'active', version: '1.2.0' },
  dimensions: [{ name: 'country', allowed_values: ['DE', 'FR'], required: true }, { name: 'device' }],
  targets_and_alerts: { target_value: 0.05, warning_threshold: 0.03, critical_threshold: 0.01, alert_rules: [{ rule_id: 'R1', name: 'drop', condition: 'value < 0.01', severity: 'critical', notify_channels: ['#alerts'] }] },
  visualization: { default_chart_type: 'line', dashboard_locations: [{ tool: 'Grafana', url: 'https://grafana.example.com/d/1' }, { tool: 'Evil board', url: 'javascript:alert(1)' }] },
  relationships: { upstream_metric_ids: ['M-0'], downstream_metric_ids: ['M-2'] },
  operational_usage: { review_cadence: 'weekly', linked_playbooks: [{ name: 'Runbook', url: 'http://wiki.example.com/run' }, { name: 'Bad playbook', url: ' JavaScript:window.__pwned=3' }, { name: 'Data url', url: 'data:text/html,<script>alert(1)</script>' }] },
  metadata: { notes: 'n', example_queries: [{ language: 'sql', query: `select '${SCRIPT}'` }] },
  extensions: { vendor: { key: IMG, list: [1, true, null] } },
};

describe('metric sections', () => {
  it('renders hostile strings as text: no script, img or other element comes from a value', () => {
    const { container } = wrap(<><MetricHeader metric={full} /><MetricSections metric={full} /></>);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(IMG)).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: full.name })).toBeTruthy();
    expect(container.textContent).toContain(`select '${SCRIPT}'`);
    expect(within(screen.getByTestId('section-extensions')).getByText(JSON.stringify(IMG))).toBeTruthy();
  });

  it('makes anchors only of http(s) URLs; javascript: and data: URLs stay plain text', () => {
    const { container } = wrap(<MetricSections metric={full} />);
    const hrefs = [...container.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
    expect(hrefs).toContain('https://grafana.example.com/d/1');
    expect(hrefs).toContain('http://wiki.example.com/run');
    expect(hrefs.filter((h) => !/^(https?:\/\/|\/)/.test(h))).toEqual([]);
    expect(screen.queryByRole('link', { name: 'Evil board' })).toBeNull();
    expect(screen.getByText('Bad playbook')).toBeTruthy();
    expect(screen.queryByRole('link', { name: /Bad playbook|Data url/ })).toBeNull();
    // In-app links for lineage and alignment.
    expect(screen.getByRole('link', { name: 'M-0' }).getAttribute('href')).toBe('/metrics/M-0');
    expect(screen.getByRole('link', { name: 'OBJ-1:KR-2' }).getAttribute('href')).toBe('/objectives/OBJ-1');
    expect(screen.getByRole('link', { name: 'sales' }).getAttribute('href')).toBe('/domains/sales');
    // The lineage section leads on to the graph of this metric (its id path-encoded).
    expect(screen.getByRole('link', { name: 'Open the lineage graph' }).getAttribute('href')).toBe(`/metrics/${encodeURIComponent(full.metric_id)}/lineage`);
  });

  it('shows every filled section, severity and PII as words', () => {
    wrap(<><MetricHeader metric={full} /><MetricSections metric={full} provenance={{ format: 'dbt', source: 'models/x.yml', name: 'conv', imported_at: '2026-01-01T00:00:00Z', edited_since_import: true }}
      references={{ outgoing: [{ from_type: 'metric', from_id: 'M-1', field: 'relationships.upstream_metric_ids[0]', to_type: 'metric', to_id: 'M-0', state: 'unresolved' }], incoming: [{ type: 'objective', id: 'OBJ-9', field: 'metric_ids[0]' }] }} /></>);
    for (const title of ['Formula', 'Targets and alerts', 'Dimensions', 'Data sources and freshness', 'Owners and governance', 'Classification', 'Alignment', 'Lineage', 'Visualization', 'Operational use and playbooks', 'Example queries', 'Notes and metadata', 'Extensions', 'Unresolved references', 'Referenced by', 'Provenance']) {
      expect(screen.getByRole('heading', { name: title, level: 2 }), title).toBeTruthy();
    }
    expect(screen.getByText('PII: contains personal data')).toBeTruthy();
    expect(screen.getByText('Classification: confidential')).toBeTruthy();
    const rules = screen.getByRole('table', { name: 'Alert rules' });
    expect(within(rules).getByText('critical')).toBeTruthy();
    expect(within(screen.getByTestId('section-unresolved')).getByText('relationships.upstream_metric_ids[0]')).toBeTruthy();
    expect(within(screen.getByTestId('section-incoming')).getByRole('link', { name: 'OBJ-9' }).getAttribute('href')).toBe('/objectives/OBJ-9');
    expect(within(screen.getByTestId('section-provenance')).getByText(/Edited since import: the next import/)).toBeTruthy();
    expect(within(screen.getByTestId('section-dimensions')).getByRole('cell', { name: 'Required' })).toBeTruthy();
    expect(within(screen.getByTestId('section-dimensions')).getByRole('cell', { name: 'Optional' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(full.name);
  });

  it('leaves out sections with nothing in them (no empty boxes)', () => {
    const { container } = wrap(<MetricSections metric={{ metric_id: 'M-2', name: 'Bare', definition: { formula: 'a / b' }, governance: { owner_team: '' }, dimensions: [], extensions: {}, visualization: { dashboard_locations: [] } }} />);
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings).toEqual(['Formula']);
    expect(container.querySelectorAll('section')).toHaveLength(1);
    expect(screen.queryByText('Unit')).toBeNull();
  });

  it('safeHref admits only http and https', () => {
    expect(safeHref('https://a.example/x')).toBe('https://a.example/x');
    expect(safeHref('HTTP://A.example')).toBe('http://a.example/');
    for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'jav\tascript:alert(1)', 'data:text/html,x', 'vbscript:x', '//evil.example', '/relative', '', null, 42]) {
      expect(safeHref(bad), String(bad)).toBeNull();
    }
  });
});
