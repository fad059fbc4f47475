import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ImportReport } from '../../modules/import/report.js';
import { ImportRejectedError } from '../../modules/import/service.js';
import { RemoteApiError, RemoteClient } from '../remote/client.js';
import type { RemoteSettings } from '../remote/settings.js';
import type { Backend, MetricListItem, MetricPolicy, MetricStats } from './types.js';

const enc = encodeURIComponent;

/** The content type to send a file as: the --format, else the extension, else a look at the content. */
function contentTypeOf(path: string, text: string, format?: string): string {
  const ext = extname(path).toLowerCase();
  const kind = format ?? (ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : /^\s*[[{]/.test(text) ? 'json' : 'yaml');
  return kind === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8';
}

/** A remote MDL server through its REST API (the same OpenAPI contract as any client). */
export function remoteBackend(settings: RemoteSettings): Backend {
  const api = new RemoteClient(settings);
  return {
    kind: 'remote',
    async listMetrics({ filter, sort, limit, cursor }) {
      const page = await api.json<{ items: MetricListItem[]; total: number; next_cursor: string | null }>('GET', '/metrics', {
        query: { ...filter, sort, limit, cursor },
      });
      return { items: page.items, total: page.total, nextCursor: page.next_cursor };
    },
    async getMetric(id, version) {
      if (!version) return api.json<unknown>('GET', `/metrics/${enc(id)}`);
      return (await api.json<{ snapshot: unknown }>('GET', `/metrics/${enc(id)}/versions/${enc(version)}`)).snapshot;
    },
    async deleteMetric(id, o) {
      await api.send('DELETE', `/metrics/${enc(id)}`, { query: { force: o.force ? 'true' : undefined } });
    },
    stats: () => api.json<MetricStats>('GET', '/metrics/stats'),
    policy: (id) => api.json<MetricPolicy>('GET', `/metrics/${enc(id)}/policy`),
    async import(req) {
      const text = await readFile(req.path, 'utf8');
      try {
        return await api.json<ImportReport>('POST', '/import', {
          query: { dry_run: req.dryRun ? 'true' : undefined, continue_on_error: req.continueOnError ? 'true' : undefined, format: req.format },
          body: text,
          contentType: contentTypeOf(req.path, text, req.format),
        });
      } catch (err) {
        // The same refusal local mode throws, with the server's report.
        if (err instanceof RemoteApiError && err.code === 'IMPORT_REJECTED') throw new ImportRejectedError(err.message, err.details);
        throw err;
      }
    },
    async export(out, format, o) {
      await api.download('/export', out, { query: { format }, accept: format === 'json' ? 'application/json' : 'application/yaml', end: o?.end });
      return undefined;
    },
    close: async () => undefined,
  };
}
