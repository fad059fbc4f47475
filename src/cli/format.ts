import { stringify } from 'yaml';

/** Plain-text table: one header row, columns padded to their widest cell (capped). */
export function table(rows: Array<Record<string, unknown>>, columns: Array<{ key: string; label: string; max?: number }>): string {
  const cell = (v: unknown, max = 48) => {
    const s = v === null || v === undefined ? '' : String(v).replace(/[\r\n\t]+/g, ' ');
    // Terminal control characters from stored text must not reach the terminal.
    const clean = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
    return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
  };
  const data = rows.map((r) => columns.map((c) => cell(r[c.key], c.max)));
  const widths = columns.map((c, i) => Math.max(c.label.length, ...data.map((d) => d[i]!.length)));
  const line = (cells: string[]) => cells.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns.map((c) => c.label)), line(widths.map((w) => '-'.repeat(w))), ...data.map(line)].join('\n');
}

export const toJson = (v: unknown) => JSON.stringify(v, null, 2);
export const toYaml = (v: unknown) => stringify(v, { lineWidth: 0 });
