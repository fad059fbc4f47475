import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { CliError } from '../io.js';

export interface UnpackedFile {
  path: string;
  content: Buffer;
}

/** Relative paths of plain names only: no absolute path, no `.` or `..` segment, no backslash. */
const SAFE_PATH = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;
const isSafePath = (p: string) => SAFE_PATH.test(p) && !p.split('/').some((s) => s === '.' || s === '..');
/** What a bundle may unpack to in memory; far above a real catalog's, far below a gzip bomb's. */
export const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

/**
 * Unpacks an OPA bundle (`GET /policies/bundle.tar.gz`) in memory, in archive order. Refuses any
 * entry that is not a regular file under a safe relative path, so nothing can be written outside the
 * target directory; nothing is written at all until the whole archive has been read.
 */
export async function unpackBundle(body: AsyncIterable<Uint8Array>, origin: string): Promise<{ files: UnpackedFile[]; revision: string }> {
  const extract = tar.extract();
  const files: UnpackedFile[] = [];
  let total = 0;
  const bad = (why: string) => new CliError(`the policy bundle from ${origin} is not usable: ${why}`);
  const reading = (async () => {
    for await (const entry of extract) {
      const name = entry.header.name.replace(/^\.\/(?=.)/, '');
      if (entry.header.type === 'directory') {
        entry.resume();
        continue;
      }
      if (entry.header.type !== 'file') throw bad(`entry "${name}" is a ${entry.header.type ?? 'special entry'}, not a file`);
      if (!isSafePath(name)) throw bad(`entry "${name}" has an unsafe path`);
      if (files.some((f) => f.path === name)) throw bad(`entry "${name}" appears twice`);
      const chunks: Buffer[] = [];
      for await (const chunk of entry) {
        total += (chunk as Buffer).length;
        if (total > MAX_BUNDLE_BYTES) throw bad(`it unpacks to more than ${MAX_BUNDLE_BYTES} bytes`);
        chunks.push(chunk as Buffer);
      }
      files.push({ path: name, content: Buffer.concat(chunks) });
    }
  })();
  try {
    await Promise.all([pipeline(body, createGunzip(), extract), reading]);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw bad(err instanceof Error ? err.message : String(err));
  }
  const manifest = files.find((f) => f.path === '.manifest');
  let revision: unknown;
  try {
    revision = manifest ? (JSON.parse(manifest.content.toString('utf8')) as { revision?: unknown }).revision : undefined;
  } catch {
    throw bad('its .manifest is not JSON');
  }
  if (typeof revision !== 'string') throw bad('it has no .manifest with a revision');
  return { files, revision };
}

/** Writes the files under `dir` as `mdl policies` does locally (directories created as needed). */
export async function writeUnpacked(dir: string, files: UnpackedFile[]): Promise<void> {
  for (const file of files) {
    const target = join(dir, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
}
