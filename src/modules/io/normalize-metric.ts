import { metricSchema, type Metric } from '../metrics/schema.js';
import { getOwn, setOwn, type PlainObject } from './json-pointer.js';
import { forEachItem, normalizeWith, renameField, type NormalizeResult } from './normalize-core.js';

/**
 * Metric file form → canonical metric. The public template differs only in alert rules:
 *   alert_rules[].notification_channels → notify_channels
 *   alert_rules[].name                  → also rule_id, when rule_id is unset ("" / null / missing)
 *                                         and name is a non-empty string (name itself is kept).
 */
function mapMetricAliases(doc: PlainObject, ext: PlainObject): void {
  const targets = getOwn(doc, 'targets_and_alerts');
  if (targets === null || typeof targets !== 'object' || Array.isArray(targets)) return;
  forEachItem(targets as PlainObject, 'alert_rules', (rule, i) => {
    renameField(rule, 'notification_channels', 'notify_channels', `/targets_and_alerts/alert_rules/${i}`, ext);
    const ruleId = getOwn(rule, 'rule_id');
    const name = getOwn(rule, 'name');
    if ((ruleId === undefined || ruleId === null || ruleId === '') && typeof name === 'string' && name !== '') {
      setOwn(rule, 'rule_id', name);
    }
  });
}

/** `path` prefixes issue paths, e.g. `metrics[3]` → `metrics[3].definition.unit`. */
export function normalizeMetric(raw: unknown, path = ''): NormalizeResult<Metric> {
  return normalizeWith(metricSchema, mapMetricAliases, raw, path);
}
