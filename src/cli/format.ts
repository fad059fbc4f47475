import { Document, isScalar, Scalar, visit } from 'yaml';

/**
 * Characters that must not reach a terminal as they are: C0/C1 controls (escape sequences, carriage
 * returns that overwrite a line) and the invisible format characters that reorder or hide text (bidi
 * overrides and isolates such as U+202E, zero-width characters, the BOM): stored text could otherwise
 * make `mdl list` or `mdl show` display something other than what is stored ("Trojan Source").
 * Newline and tab are the only controls kept.
 */
const UNSAFE_FOR_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** The text with each unsafe character written as a visible `\uXXXX` escape (valid in JSON strings and YAML double quotes). */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE_FOR_TERMINAL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Plain-text table: one header row, columns padded to their widest cell (capped). */
export function table(rows: Array<Record<string, unknown>>, columns: Array<{ key: string; label: string; max?: number }>): string {
  const cell = (v: unknown, max = 48) => {
    const s = v === null || v === undefined ? '' : String(v).replace(/[\r\n\t]+/g, ' ');
    const clean = escapeForTerminal(s);
    return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
  };
  const data = rows.map((r) => columns.map((c) => cell(r[c.key], c.max)));
  const widths = columns.map((c, i) => Math.max(c.label.length, ...data.map((d) => d[i]!.length)));
  const line = (cells: string[]) => cells.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns.map((c) => c.label)), line(widths.map((w) => '-'.repeat(w))), ...data.map(line)].join('\n');
}

/** JSON as the CLI prints it; unsafe characters can only sit inside strings, so escaping them keeps the data exact. */
export const toJson = (v: unknown) => escapeForTerminal(JSON.stringify(v, null, 2));

/**
 * YAML as the CLI prints it. Strings holding unsafe characters are double-quoted, where YAML reads the
 * `\uXXXX` escapes back to the same text, so the printed document still holds exactly the stored data.
 */
export function toYaml(v: unknown): string {
  const doc = new Document(v);
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && new RegExp(UNSAFE_FOR_TERMINAL.source).test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return escapeForTerminal(doc.toString({ lineWidth: 0 }));
}
