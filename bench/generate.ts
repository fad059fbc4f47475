import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Writes a synthetic catalog JSON file with `n` metrics across 12 domains (realistic field coverage). */
export async function writeSyntheticCatalog(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const domains = Array.from({ length: 12 }, (_, i) => ({ domain_id: `dom-${i}`, name: `Domain ${i}`, owner_team: `team-${i}` }));
  await write(`{"catalog_version":"1.0.0","catalog_name":"Synthetic ${n}","owner_team":"bench","contacts":[],"domains":${JSON.stringify(domains)},"objectives":[],"metrics":[\n`);
  for (let i = 0; i < n; i++) {
    const m = {
      metric_id: `M-${String(i).padStart(6, '0')}`,
      name: `Synthetic metric ${i}`,
      short_name: `SM${i}`,
      description: `Synthetic metric number ${i} measuring ${['revenue', 'churn', 'latency', 'conversion'][i % 4]} for the benchmark`,
      category: ['financial', 'product', 'operational'][i % 3],
      tier: `Tier-${(i % 3) + 1}`,
      business_domain: `dom-${i % 12}`,
      metric_type: ['ratio', 'count', 'currency'][i % 3],
      tags: ['bench', i % 2 ? 'odd' : 'even', `t${i % 50}`],
      definition: { formula: `sum(x_${i}) / count(y)`, unit: 'percent', expected_direction: i % 2 ? 'increase' : 'decrease' },
      data: { primary_sources: [{ system: 'warehouse', table_or_stream: `fact_${i % 100}`, connection_id: 'wh' }], update_frequency: 'daily' },
      governance: { owner_team: `team-${i % 12}`, data_classification: ['public', 'internal', 'confidential'][i % 3], pii_involved: i % 10 === 0, status: 'active' },
      targets_and_alerts: { target_value: 10, warning_threshold: 8, critical_threshold: 5 },
      relationships: i > 0 && i % 5 === 0 ? { upstream_metric_ids: [`M-${String(i - 1).padStart(6, '0')}`] } : undefined,
    };
    await write(`${i ? ',\n' : ''}${JSON.stringify(m)}`);
  }
  await write('\n]}\n');
  out.end();
  await once(out, 'finish');
}
