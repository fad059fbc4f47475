/**
 * Audit export formats. JSON Lines is lossless (before/after as JSON values); CSV is for spreadsheets:
 * RFC 4180 quoting, CRLF line ends, and formula injection neutralised by prefixing a single quote to
 * any cell that starts with = + - @ (or a tab or carriage return), as OWASP recommends.
 */
export type AuditExportFormat = 'jsonl' | 'csv';

export const AUDIT_EXPORT_COLUMNS = ['id', 'occurred_at', 'actor', 'action', 'entity_type', 'entity_id', 'request_id', 'ip',
  'outcome', 'before', 'after', 'prev_hash', 'hash'] as const;

export type ExportableEvent = Record<(typeof AUDIT_EXPORT_COLUMNS)[number], unknown>;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return `${AUDIT_EXPORT_COLUMNS.join(',')}\r\n`;
}

export function csvRow(e: ExportableEvent): string {
  return `${AUDIT_EXPORT_COLUMNS.map((c) => csvCell(e[c])).join(',')}\r\n`;
}

export function jsonLine(e: ExportableEvent): string {
  const out: Record<string, unknown> = {};
  for (const c of AUDIT_EXPORT_COLUMNS) out[c] = e[c] ?? null;
  return `${JSON.stringify(out)}\n`;
}

export function contentTypeOf(format: AuditExportFormat): string {
  return format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
}
