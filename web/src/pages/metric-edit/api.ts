import { api, ApiError, unwrap } from '../../api/client.js';
import type { paths } from '../../api/schema.js';
import type { Metric } from '../metric/api.js';
import type { Doc } from './model.js';

export type Vocabulary = paths['/api/v1/vocabularies']['get']['responses'][200]['content']['application/json']['items'][number];
export type Warning = { code?: string; path?: string; message?: string; target_type?: string; target_id?: string };

export const fetchVocabularies = () => unwrap(api.GET('/api/v1/vocabularies')).then((r) => r.items);

export interface Saved {
  metric: Doc;
  etag: string | null;
  warnings: Warning[];
}

/**
 * Create (POST) or replace (PUT with If-Match of the version the draft was opened from). The answer is
 * the written document plus `warnings` for references that resolve to nothing yet; its ETag is the
 * next If-Match.
 */
export async function saveMetric(id: string | null, body: Doc, etag: string | null): Promise<Saved> {
  let next: string | null = null;
  const keepEtag = <R extends { response: Response }>(r: R) => { next = r.response.headers.get('etag'); return r; };
  let written: Metric & { warnings?: Warning[] };
  if (id === null) {
    written = await unwrap(api.POST('/api/v1/metrics', { body: body as never }).then(keepEtag)) as typeof written;
  } else {
    if (!etag) throw new ApiError(428, 'NO_ETAG', 'The metric was read without an ETag; reload the page and try again.');
    written = await unwrap(api.PUT('/api/v1/metrics/{id}', { params: { path: { id }, header: { 'if-match': etag } }, body: body as never }).then(keepEtag)) as typeof written;
  }
  const { warnings = [], ...metric } = written;
  return { metric: metric as Doc, etag: next, warnings };
}
