import { describe, expect, it } from 'vitest';
import { metricSchema, type Metric } from '../../../src/modules/metrics/schema.js';
import { defaultVocabulary, VOCABULARY_NAMES, VocabularySet, type Vocabulary, type VocabularyName } from '../../../src/modules/vocabularies/model.js';

const metric = (over: Partial<Metric> = {}): Metric => metricSchema.parse({ metric_id: 'M', name: 'M', ...over });
const withVocabulary = (name: VocabularyName, change: Partial<Vocabulary>) => new VocabularySet(Object.fromEntries(
  VOCABULARY_NAMES.map((n) => [n, n === name ? { ...defaultVocabulary(n), customized: true, ...change } : defaultVocabulary(n)]),
) as Record<VocabularyName, Vocabulary>);

describe('VocabularySet.applyToMetric', () => {
  it('keeps a metric with known values as the same object, and blank values as they are', () => {
    const m = metric({ tier: 'anything', governance: { data_classification: 'internal', status: '' } });
    const r = VocabularySet.defaults().applyToMetric(m);
    expect(r).toEqual({ doc: m, issues: [] });
    expect(r.doc).toBe(m);
  });

  it('stores aliases and other cases as the canonical spelling, in every controlled field', () => {
    const set = withVocabulary('data_classification', { aliases: [{ alias: 'Non-PII', value: 'internal' }] });
    const m = metric({ governance: { data_classification: 'NON-pii', status: 'Active' }, targets_and_alerts: { alert_rules: [{ severity: 'HIGH' }, { severity: 'low' }] } });
    const r = set.applyToMetric(m);
    expect(r.issues).toEqual([]);
    expect(r.doc.governance).toEqual({ data_classification: 'internal', status: 'active' });
    expect(r.doc.targets_and_alerts?.alert_rules?.map((a) => a.severity)).toEqual(['high', 'low']);
    expect(m.governance?.data_classification).toBe('NON-pii'); // the input is not modified
  });

  it('lists each unknown value of a closed vocabulary under the record path, and none of an open one', () => {
    const r = VocabularySet.defaults().applyToMetric(metric({
      tier: 'Gold', metric_type: 'ratio', governance: { data_classification: 'secret', status: 'paused' }, targets_and_alerts: { alert_rules: [{ severity: 'sev1' }] },
    }), 'metrics[4]');
    expect(r.issues.map((i) => i.path)).toEqual(['metrics[4].governance.data_classification', 'metrics[4].governance.status', 'metrics[4].targets_and_alerts.alert_rules[0].severity']);
    expect(r.issues[1]!.message).toBe('"paused" is not in this workspace\'s status vocabulary (one of draft, proposed, active, deprecated, retired); an admin adds it with `mdl vocab add status "paused"`, or maps it with `mdl vocab alias status "paused" <value>`');
  });

  it('lets a value the stored metric already holds pass, and refuses a new unknown one', () => {
    const set = withVocabulary('tier', { closed: true, values: ['Tier-1'] });
    const stored = metric({ tier: 'Legacy', targets_and_alerts: { alert_rules: [{ severity: 'sev1' }] } });
    expect(set.applyToMetric(metric({ tier: 'Legacy', targets_and_alerts: { alert_rules: [{ severity: 'sev1' }] } }), '', stored).issues).toEqual([]);
    expect(set.applyToMetric(metric({ tier: 'Other' }), '', stored).issues.map((i) => i.path)).toEqual(['tier']);
    expect(set.applyToMetric(metric({ tier: 'tier-1' }), '', stored).doc.tier).toBe('Tier-1');
  });

  it('says so when a closed vocabulary has no values yet', () => {
    const set = withVocabulary('metric_type', { closed: true });
    expect(set.applyToMetric(metric({ metric_type: 'ratio' })).issues[0]!.message).toContain('(no values yet)');
  });
});
