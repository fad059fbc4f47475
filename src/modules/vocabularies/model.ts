import type { FieldIssue } from '../../shared/errors.js';
import { DATA_CLASSIFICATIONS, METRIC_STATUSES, SEVERITIES, type Metric } from '../metrics/schema.js';

/**
 * Workspace vocabularies (issue 8): the values a controlled metric field may take, with aliases.
 * A workspace that never changed one uses the defaults below (today's values); classification
 * levels are ordered, lowest first, because policies compare them.
 */
export const VOCABULARY_NAMES = ['data_classification', 'status', 'severity', 'tier', 'metric_type'] as const;
export type VocabularyName = (typeof VOCABULARY_NAMES)[number];

export interface VocabularyDefault {
  values: readonly string[];
  closed: boolean;
  ordered: boolean;
  /** Where the value stands in a metric, for messages and docs. */
  field: string;
}

export const VOCABULARY_DEFAULTS: Readonly<Record<VocabularyName, VocabularyDefault>> = {
  data_classification: { values: DATA_CLASSIFICATIONS, closed: true, ordered: true, field: 'governance.data_classification' },
  status: { values: METRIC_STATUSES, closed: true, ordered: false, field: 'governance.status' },
  severity: { values: SEVERITIES, closed: true, ordered: false, field: 'targets_and_alerts.alert_rules[].severity' },
  // Free text before vocabularies: open and empty, so nothing that was accepted is refused now.
  tier: { values: [], closed: false, ordered: false, field: 'tier' },
  metric_type: { values: [], closed: false, ordered: false, field: 'metric_type' },
};

/** Caps: a vocabulary is a short list people read, not a data set. */
export const MAX_VALUES = 200;
export const MAX_ALIASES = 500;
/** 100: values are path parameters of the remove routes, which Fastify caps at 100 characters (414 URI_TOO_LONG). */
export const MAX_VALUE_LENGTH = 100;

export interface VocabularyAlias {
  alias: string;
  value: string;
}

/** One vocabulary as the API and the CLI show it. */
export interface Vocabulary {
  name: VocabularyName;
  ordered: boolean;
  /** Closed: a value it does not know (nor an alias of one) is refused. Open: any value is kept. */
  closed: boolean;
  /** False while the workspace uses the defaults (nothing stored). */
  customized: boolean;
  values: string[];
  aliases: VocabularyAlias[];
}

export function isVocabularyName(name: unknown): name is VocabularyName {
  return typeof name === 'string' && (VOCABULARY_NAMES as readonly string[]).includes(name);
}

/** Lookups ignore case and Unicode composition (NFC); the stored spelling is the canonical one. */
export const lookupKey = (s: string): string => s.normalize('NFC').toLowerCase();

export function defaultVocabulary(name: VocabularyName): Vocabulary {
  const d = VOCABULARY_DEFAULTS[name];
  return { name, ordered: d.ordered, closed: d.closed, customized: false, values: [...d.values], aliases: [] };
}

/** The command a message points at to add a value. */
export function addCommand(name: VocabularyName, value: string): string {
  return `mdl vocab add ${name} ${JSON.stringify(value)}`;
}

type Resolution = { known: true; value: string } | { known: false };

/**
 * A workspace's five vocabularies, read once per write batch: canonicalizes a metric's controlled
 * fields (alias or other case → the stored spelling) and lists the unknown values of closed ones.
 */
export class VocabularySet {
  private readonly index = new Map<VocabularyName, Map<string, string>>();

  constructor(readonly vocabularies: Readonly<Record<VocabularyName, Vocabulary>>) {
    for (const name of VOCABULARY_NAMES) {
      const v = vocabularies[name];
      const map = new Map<string, string>();
      for (const value of v.values) map.set(lookupKey(value), value);
      for (const a of v.aliases) map.set(lookupKey(a.alias), a.value);
      this.index.set(name, map);
    }
  }

  static defaults(): VocabularySet {
    return new VocabularySet(Object.fromEntries(VOCABULARY_NAMES.map((n) => [n, defaultVocabulary(n)])) as Record<VocabularyName, Vocabulary>);
  }

  /** Classification levels, lowest first: what the generated policies compare by. */
  classificationLevels(): string[] {
    return [...this.vocabularies.data_classification.values];
  }

  resolve(name: VocabularyName, value: string): Resolution {
    const found = this.index.get(name)!.get(lookupKey(value));
    return found !== undefined ? { known: true, value: found } : { known: false };
  }

  /**
   * The metric with canonical spellings, and one issue per unknown value of a closed vocabulary
   * (paths under `prefix`, e.g. an import record's `metrics[3]`). '' and null mean "not set" and pass.
   * A value equal to the one `previous` (the stored metric) holds in the same field passes too: closing
   * a vocabulary or removing an alias must not block edits of other fields of metrics stored before.
   */
  applyToMetric(doc: Metric, prefix = '', previous?: Metric): { doc: Metric; issues: FieldIssue[] } {
    const issues: FieldIssue[] = [];
    const at = (p: string) => (prefix ? `${prefix}.${p}` : p);
    const check = (name: VocabularyName, value: string | null | undefined, path: string, before: string | null | undefined): string | null | undefined => {
      if (typeof value !== 'string' || value === '') return value;
      const r = this.resolve(name, value);
      if (r.known) return r.value;
      if (this.vocabularies[name].closed && value !== before) issues.push({ path: at(path), message: this.unknownMessage(name, value) });
      return value;
    };
    let out = doc;
    const set = <K extends keyof Metric>(key: K, value: Metric[K]) => {
      if (out[key] !== value) out = { ...out, [key]: value };
    };
    set('tier', check('tier', doc.tier, 'tier', previous?.tier));
    set('metric_type', check('metric_type', doc.metric_type, 'metric_type', previous?.metric_type));
    const gov = doc.governance;
    if (gov) {
      const data_classification = check('data_classification', gov.data_classification, 'governance.data_classification', previous?.governance?.data_classification);
      const status = check('status', gov.status, 'governance.status', previous?.governance?.status);
      if (data_classification !== gov.data_classification || status !== gov.status) set('governance', { ...gov, data_classification, status });
    }
    const rules = doc.targets_and_alerts?.alert_rules;
    if (rules) {
      const before = previous?.targets_and_alerts?.alert_rules;
      const next = rules.map((r, i) => {
        const severity = check('severity', r.severity, `targets_and_alerts.alert_rules[${i}].severity`, before?.[i]?.severity);
        return severity === r.severity ? r : { ...r, severity };
      });
      if (next.some((r, i) => r !== rules[i])) set('targets_and_alerts', { ...doc.targets_and_alerts, alert_rules: next });
    }
    return { doc: out, issues };
  }

  unknownMessage(name: VocabularyName, value: string): string {
    const known = this.vocabularies[name].values;
    const list = known.length > 0 ? `one of ${known.join(', ')}` : 'no values yet';
    return `${JSON.stringify(value)} is not in this workspace's ${name} vocabulary (${list}); an admin adds it with \`${addCommand(name, value)}\`, or maps it with \`mdl vocab alias ${name} ${JSON.stringify(value)} <value>\``;
  }
}
