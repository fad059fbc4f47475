import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditService, AuditVerifyResult } from '../audit/service.js';
import type { WorkspaceRow } from './repository.js';

/** The first line of an archive file; every later line is one audit event, as `mdl audit export --format jsonl` writes it. */
export interface ArchiveHeader {
  mdl_archive: 'workspace-audit';
  version: 1;
  workspace_id: string;
  name: string;
  created_at: string;
  deleted_at: string | null;
  exported_at: string;
  /** The chain as `mdl audit verify` found it at export time. */
  verification: AuditVerifyResult;
}

export interface ArchiveInfo {
  file: string;
  /** SHA-256 of the whole file, recorded in the `_system` audit event of the purge. */
  sha256: string;
  events: number;
  verification: AuditVerifyResult;
}

/**
 * Writes the workspace's audit chain, with its verification result, to a new JSON Lines file in
 * `dir` (created 0700; the file 0600, never overwriting one), flushed to disk before it returns:
 * the purge deletes the events only after this. `audit` must read through the purge's transaction.
 */
export async function writeAuditArchive(audit: AuditService, ws: WorkspaceRow, dir: string, at: Date): Promise<ArchiveInfo> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${ws.id}.${at.toISOString().replace(/[:.]/g, '-')}.audit.jsonl`);
  const verification = await audit.verify(ws.id);
  const header: ArchiveHeader = {
    mdl_archive: 'workspace-audit', version: 1, workspace_id: ws.id, name: ws.name, created_at: ws.created_at,
    deleted_at: ws.deleted_at, exported_at: at.toISOString(), verification,
  };
  const hash = createHash('sha256');
  const handle = await open(file, 'wx', 0o600);
  let events = 0;
  try {
    const write = async (text: string) => {
      hash.update(text, 'utf8');
      await handle.write(text, null, 'utf8');
    };
    await write(`${JSON.stringify(header)}\n`);
    for await (const chunk of audit.export(ws.id, {}, 'jsonl')) {
      for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) events++;
      await write(chunk);
    }
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(file).catch(() => undefined);
    throw err;
  }
  await handle.close();
  await syncDirectory(dir);
  return { file, sha256: hash.digest('hex'), events, verification };
}

/** Makes the new file's directory entry durable too (best effort: not every platform can fsync a directory). */
async function syncDirectory(dir: string): Promise<void> {
  const d = await open(dir, 'r').catch(() => undefined);
  if (!d) return;
  await d.sync().catch(() => undefined);
  await d.close().catch(() => undefined);
}
