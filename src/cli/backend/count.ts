import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { ImportFormat } from '../../modules/io/index.js';
import type { ExportCounts } from './types.js';

/** Counts what an exported catalog file holds (a remote export's answer does not carry the counts). */
export async function countCatalogFile(path: string, format: ImportFormat): Promise<ExportCounts> {
  const text = await readFile(path, 'utf8');
  const doc = (format === 'json' ? JSON.parse(text) : parse(text)) as Record<string, unknown> | null;
  const n = (k: string) => (Array.isArray(doc?.[k]) ? (doc[k] as unknown[]).length : 0);
  return { domains: n('domains'), objectives: n('objectives'), metrics: n('metrics') } as ExportCounts;
}
