import { api, ApiError, unwrap } from '../../api/client.js';
import type { paths } from '../../api/schema.js';

type Json<P extends keyof paths, M extends 'get' | 'put'> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;

export type Metric = Json<'/api/v1/metrics/{id}', 'get'>;
export type MetricVersion = Json<'/api/v1/metrics/{id}/versions/{version}', 'get'>;
export type References = Json<'/api/v1/metrics/{id}/references', 'get'>;
export type Provenance = Json<'/api/v1/metrics/{id}/provenance', 'get'>['provenance'];

/** The metric and its ETag (the If-Match a restore sends). */
export async function fetchMetric(id: string): Promise<{ metric: Metric; etag: string | null }> {
  let etag: string | null = null;
  const metric = await unwrap(api.GET('/api/v1/metrics/{id}', { params: { path: { id } } }).then((r) => {
    etag = r.response.headers.get('etag');
    return r;
  }));
  return { metric, etag };
}

export const fetchReferences = (id: string) => unwrap(api.GET('/api/v1/metrics/{id}/references', { params: { path: { id } } }));

export const fetchProvenance = (id: string) => unwrap(api.GET('/api/v1/metrics/{id}/provenance', { params: { path: { id } } })).then((r) => r.provenance);

export const fetchVersions = (id: string) => unwrap(api.GET('/api/v1/metrics/{id}/versions', { params: { path: { id } } })).then((r) => r.items);

/** A snapshot without its server-managed fields (version, created_at, updated_at): what a PUT of it should carry. */
export function withoutManaged(snapshot: unknown): Metric {
  const doc = { ...(snapshot as Metric) };
  if (doc.governance) {
    const { version: _v, created_at: _c, updated_at: _u, ...rest } = doc.governance;
    if (Object.keys(rest).length > 0) doc.governance = rest;
    else delete doc.governance;
  }
  return doc;
}

export interface RestoreResult {
  /** The version the restore wrote, or the current one when the snapshot already matches it. */
  version: string | null;
  changed: boolean;
}

/**
 * "Restore this version": PUT the old snapshot over the current document with If-Match of its ETag.
 * The server writes it as a new version (audited as metric.update); a metric changed since the page
 * loaded answers 412, which the caller shows.
 */
export async function restoreVersion(id: string, snapshot: unknown, etag: string | null, currentVersion: string | null): Promise<RestoreResult> {
  if (!etag) throw new ApiError(428, 'NO_ETAG', 'The metric was read without an ETag; reload the page and try again.');
  const body = withoutManaged(snapshot);
  const written = await unwrap(api.PUT('/api/v1/metrics/{id}', { params: { path: { id }, header: { 'if-match': etag } }, body }));
  const version = written.governance?.version ?? null;
  return { version, changed: version !== currentVersion };
}
