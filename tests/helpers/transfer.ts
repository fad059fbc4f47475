import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Injector } from './app.js';
import type { Db } from '../../src/db/connect.js';
import type { Metric } from '../../src/modules/metrics/schema.js';
import { sampleMetric } from './samples.js';

/** Shared by the import/export integration suites (API, CLI, round trips, templates). */

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** The public blank templates, vendored under tests/fixtures/mdl-templates (MIT, see NOTICE.md there). */
export const TEMPLATES = fileURLToPath(new URL('../fixtures/mdl-templates/', import.meta.url));

export const fixture = (name: string): string => readFileSync(`${FIXTURES}${name}`, 'utf8');
export const template = (name: string): string => readFileSync(`${TEMPLATES}${name}`, 'utf8');

/** A small valid metric in the `revenue` domain of sampleDomain(). */
export function metric(id: string, over: Partial<Metric> = {}): Metric {
  return sampleMetric({ metric_id: id, name: `Metric ${id}`, ...over });
}

export interface ImportCall {
  type?: string;
  query?: string;
}

/** POST /api/v1/import with a raw body (objects are sent as JSON text). */
export function postImport(app: Injector, body: string | object, opts: ImportCall = {}) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/import${opts.query ? `?${opts.query}` : ''}`,
    headers: { 'content-type': opts.type ?? 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function exportText(app: Injector, format: 'json' | 'yaml'): Promise<string> {
  const r = await app.inject({ method: 'GET', url: `/api/v1/export?format=${format}` });
  if (r.statusCode !== 200) throw new Error(`export failed: ${r.statusCode} ${r.body}`);
  return r.body;
}

export async function getJson(app: Injector, url: string): Promise<any> {
  const r = await app.inject({ method: 'GET', url });
  if (r.statusCode !== 200) throw new Error(`GET ${url}: ${r.statusCode} ${r.body}`);
  return r.json();
}

export async function versionCount(app: Injector, kind: 'metrics' | 'domains' | 'objectives', id: string): Promise<number> {
  return (await getJson(app, `/api/v1/${kind}/${id}/versions`)).items.length;
}

const TABLES = ['metrics', 'domains', 'objectives', 'key_results', 'entity_refs', 'entity_versions', 'audit_events', 'record_provenance'] as const;

/**
 * Everything an import could write: row counts of every catalog table, every entity's ETag (changes
 * on any update) and the catalog meta. Equal before and after means nothing was written.
 */
export async function dbState(db: Db): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const table of TABLES) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  for (const table of ['metrics', 'domains', 'objectives'] as const) {
    out[`${table}.etags`] = (await db.selectFrom(table).select('etag').orderBy('etag').execute()).map((r) => r.etag);
  }
  out.catalog_meta = (await db.selectFrom('workspaces').select('catalog_meta').where('id', '=', 'default').executeTakeFirst())?.catalog_meta ?? null;
  return out;
}

/** Every issue path of an import report, in report order. */
export function issuePaths(report: { errors: Array<{ issues: Array<{ path: string }> }> }): string[] {
  return report.errors.flatMap((e) => e.issues.map((i) => i.path));
}
