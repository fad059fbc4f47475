import { ApiError, CSRF_HEADER, csrfToken, type ApiErrorBody } from '../../api/client.js';
import type { paths } from '../../api/schema.js';

export type ImportReport = paths['/api/v1/import']['post']['responses'][200]['content']['application/json'];
export type OnConflict = ImportReport['on_conflict'];

export interface ImportOptions {
  continueOnError: boolean;
  strict: boolean;
  onConflict: OnConflict;
}

export const DEFAULT_OPTIONS: ImportOptions = { continueOnError: false, strict: false, onConflict: 'fail' };

/** The import URL for these options: only what differs from the server's defaults. */
export function importUrl(dryRun: boolean, o: ImportOptions): string {
  const q = new URLSearchParams();
  if (dryRun) q.set('dry_run', 'true');
  if (o.continueOnError) q.set('continue_on_error', 'true');
  if (o.strict) q.set('strict', 'true');
  if (o.onConflict !== 'fail') q.set('on_conflict', o.onConflict);
  const s = q.toString();
  return `/api/v1/import${s ? `?${s}` : ''}`;
}

/** One `file` part per file, the filename its name: what src/modules/import/multipart.ts reads. */
export function importBody(files: readonly File[]): FormData {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  return form;
}

/** What the import answered: a report (200), or the report of a refused import (422 IMPORT_REJECTED). */
export interface ImportOutcome {
  report: ImportReport;
  refused: boolean;
  message?: string;
}

export interface UploadProgress {
  loaded: number;
  total: number;
  /** All bytes are sent: the server is reading and writing now. */
  sent: boolean;
}

/**
 * The import is one POST. It goes through XMLHttpRequest rather than fetch because only XHR reports
 * upload progress (bytes sent), which is what the progress display shows; after the last byte the
 * server validates and writes, shown as an indeterminate bar with the elapsed time. The CSRF header is
 * the client's (csrfToken), the session the same-origin cookies.
 */
export function runImport(files: readonly File[], dryRun: boolean, options: ImportOptions, onProgress?: (p: UploadProgress) => void, signal?: AbortSignal): Promise<ImportOutcome> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', importUrl(dryRun, options));
    xhr.withCredentials = true;
    xhr.responseType = 'text';
    const token = csrfToken();
    if (token) xhr.setRequestHeader(CSRF_HEADER, token);
    xhr.upload.onprogress = (e) => onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0, sent: false });
    xhr.upload.onload = () => onProgress?.({ loaded: 1, total: 1, sent: true });
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The server could not be reached.'));
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', 'The import was cancelled.'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 200) return resolve({ report: body as ImportReport, refused: false });
      const err = (body ?? {}) as ApiErrorBody;
      if (xhr.status === 422 && err.error?.code === 'IMPORT_REJECTED' && isReport(err.error.details)) {
        return resolve({ report: err.error.details, refused: true, message: err.error.message });
      }
      reject(new ApiError(xhr.status, err.error?.code ?? `HTTP_${xhr.status}`, err.error?.message ?? (xhr.statusText || `HTTP ${xhr.status}`), err.error?.details));
    };
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(importBody(files));
  });
}

function isReport(x: unknown): x is ImportReport {
  return typeof x === 'object' && x !== null && 'counts' in x && 'errors' in x;
}

/** Whether confirming this dry run's plan would be refused as it stands (and why, in words). */
export function blockers(report: ImportReport, options: ImportOptions): string[] {
  const out: string[] = [];
  if (report.errors_total > 0 && !options.continueOnError) {
    out.push(`${report.errors_total} invalid record(s): the import is all-or-nothing, so nothing would be written. Tick "Continue on error" to import the valid ones.`);
  }
  if (report.conflicts_total > 0 && options.onConflict === 'fail') {
    out.push(`${report.conflicts_total} conflict(s) under "fail": choose skip or overwrite to settle them.`);
  }
  return out;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
