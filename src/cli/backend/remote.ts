import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { AuditVerifyResult } from '../../modules/audit/service.js';
import type { ImportReport } from '../../modules/import/report.js';
import { ImportRejectedError } from '../../modules/import/service.js';
import { multipartBody } from '../../modules/import/multipart.js';
import { prepareImportSources } from '../../modules/io/index.js';
import { CliError } from '../io.js';
import { unpackBundle, writeUnpacked } from '../remote/bundle.js';
import { RemoteApiError, RemoteClient } from '../remote/client.js';
import type { RemoteSettings } from '../remote/settings.js';
import type { Vocabulary } from '../../modules/vocabularies/model.js';
import type { AuditExportRequest, Backend, MetricListItem, MetricPolicy, MetricStats } from './types.js';

const enc = encodeURIComponent;

/** The content type to send a file as: the --format, else the extension, else a look at the content. */
function contentTypeOf(path: string, text: string, format?: string): string {
  const ext = extname(path).toLowerCase();
  const kind = format ?? (ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : /^\s*[[{]/.test(text) ? 'json' : 'yaml');
  return kind === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8';
}

/** The API key's workspace (`GET /me`); undefined when the key lacks the `self` scope to ask. */
async function keyWorkspace(api: RemoteClient): Promise<string | undefined> {
  try {
    return (await api.json<{ workspace_id: string }>('GET', '/me')).workspace_id;
  } catch (err) {
    if (err instanceof RemoteApiError && err.status === 403) return undefined;
    throw err;
  }
}

/**
 * Remote mode acts on the API key's workspace. A --workspace is accepted only when it names that
 * same workspace (so one script runs in both modes); anything else is a usage error, never ignored.
 */
async function checkWorkspace(api: RemoteClient, requested: string | undefined): Promise<string | undefined> {
  if (requested === undefined) return undefined;
  const own = await keyWorkspace(api);
  if (own === undefined) {
    throw new CliError('--workspace cannot be checked: the API key lacks the "self" scope to read its workspace (omit --workspace; remote mode uses the key\'s workspace)', 2);
  }
  if (own !== requested) {
    throw new CliError(`--workspace "${requested}" is not the API key's workspace ("${own}"); remote mode acts on the key's workspace only (omit --workspace, or use a key of that workspace)`, 2);
  }
  return own;
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
    references: (req) => api.json('GET', '/references', {
      query: { state: req.state, kind: req.kind, from: req.from, target_type: req.targetType, target: req.target, limit: req.limit, cursor: req.cursor },
    }),
    async vocabularies(name) {
      if (name !== undefined) return [await api.json<Vocabulary>('GET', `/vocabularies/${enc(name)}`)];
      return (await api.json<{ items: Vocabulary[] }>('GET', '/vocabularies')).items;
    },
    changeVocabulary(name, c) {
      const base = `/vocabularies/${enc(name)}`;
      const body = (o: Record<string, unknown>) => ({ body: JSON.stringify(o), contentType: 'application/json' });
      switch (c.op) {
        case 'add': return api.json<Vocabulary>('POST', `${base}/values`, body({ value: c.value, before: c.before, after: c.after }));
        case 'alias': return api.json<Vocabulary>('POST', `${base}/aliases`, body({ alias: c.alias, value: c.value }));
        case 'unalias': return api.json<Vocabulary>('DELETE', `${base}/aliases/${enc(c.alias)}`);
        case 'remove': return api.json<Vocabulary>('DELETE', `${base}/values/${enc(c.value)}`);
        case 'close': case 'open': return api.json<Vocabulary>('PATCH', base, body({ closed: c.op === 'close' }));
      }
    },
    async import(req) {
      const query: Record<string, string | string[] | undefined> = {
        dry_run: req.dryRun ? 'true' : undefined, continue_on_error: req.continueOnError ? 'true' : undefined, strict: req.strict ? 'true' : undefined, on_conflict: req.onConflict,
        map: req.map, format: req.format, from: req.from, id_prefix: req.idPrefix,
      };
      // Walked and classified here, as local mode does, so the same files are sent and skipped. One
      // MDL file goes as the body, as before; anything else as one multipart part per file, which
      // the server reads as one batch (the filenames name the records' files, as locally).
      const prepared = await prepareImportSources(req.inputs, { from: req.from, format: req.format, idPrefix: req.idPrefix });
      if (prepared.skipped.length > 0) req.onSkipped?.(prepared.skipped);
      const files = await Promise.all(prepared.files.map(async (f) => {
        const text = f.text ?? (await readFile(f.path as string, 'utf8'));
        return { filename: f.name, text, contentType: contentTypeOf(f.name, text, f.explicit ? req.format : undefined) };
      }));
      const only = files.length === 1 && prepared.dialects.length === 0 && prepared.files[0]?.explicit ? files[0] : undefined;
      // The server applies --format to every part; walked files go by their extension.
      if (!only && prepared.files.some((f) => !f.explicit)) query.format = undefined;
      const body = only ? { body: only.text, contentType: only.contentType } : multipartBody(files);
      try {
        return await api.json<ImportReport>('POST', '/import', { query, ...body });
      } catch (err) {
        // The same refusal local mode throws, with the server's report.
        if (err instanceof RemoteApiError && err.code === 'IMPORT_REJECTED') throw new ImportRejectedError(err.message, err.details);
        throw err;
      }
    },
    async export(out, format, o) {
      await api.download('/export', out, { query: { format, to: o?.to }, accept: format === 'json' ? 'application/json' : 'application/yaml', end: o?.end });
      return undefined;
    },
    async auditVerify(req) {
      const checked = await checkWorkspace(api, req.workspace);
      const result = await api.json<AuditVerifyResult>('GET', '/audit/verify');
      return { workspace: checked ?? (await keyWorkspace(api)), result };
    },
    async auditExport({ workspace, filter, format }, out) {
      await checkWorkspace(api, workspace);
      await api.download('/audit/export', out, {
        query: { format, actor: filter.actor, action: filter.action, entity_type: filter.entityType, entity_id: filter.entityId, from: filter.from, to: filter.to },
        accept: `${format === 'csv' ? 'text/csv' : 'application/x-ndjson'}, application/json`,
        end: false,
      });
    },
    async writePolicyBundle(dir) {
      const body = await api.stream('/policies/bundle.tar.gz', { accept: 'application/gzip, application/json' });
      const { files, revision } = await unpackBundle(body, settings.origin);
      await writeUnpacked(dir, files);
      return { revision, files: files.map((f) => f.path) };
    },
    close: async () => undefined,
  };
}
