import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import type { Metric } from '../metrics/schema.js';
import { canonicalJson } from './canonical-json.js';
import { policyModuleText } from './module-source.js';
import { DEFAULT_LEVELS, policyDataForAll } from './policy-data.js';

/**
 * A standard OPA bundle (https://www.openpolicyagent.org/docs/management-bundles):
 *   .manifest                 {"revision": <sha256>, "roots": ["mdl"]}
 *   data.json                 {"mdl": {"metrics": {<id>: <entry>}}}, plus "classification_levels"
 *                             (lowest first) when the workspace's order is not the default one
 *   mdl/policy/metrics.rego   the fixed module (package mdl.policy.metrics)
 * Deterministic: equal metrics give byte-identical archives on the same Node build.
 */

export const BUNDLE_ROOTS = ['mdl'] as const;
export const BUNDLE_MODULE_PATH = 'mdl/policy/metrics.rego';
export const BUNDLE_CONTENT_TYPE = 'application/gzip';

export interface BundleFile {
  path: string;
  content: Buffer;
}

export interface PolicyBundle {
  body: Buffer;
  revision: string;
  /** Strong ETag (quoted) derived from the revision. */
  etag: string;
}

/**
 * Revision = sha256 over module bytes, a NUL, then data.json bytes. NUL cannot occur in
 * either (canonical JSON escapes control characters), so the split is unambiguous.
 */
export function policyRevision(module: string, dataJson: string): string {
  return createHash('sha256').update(module, 'utf8').update('\0').update(dataJson, 'utf8').digest('hex');
}

/** The bundle's files in archive order (sorted by path). */
export function bundleFiles(metrics: Iterable<Metric>, levels: readonly string[] = DEFAULT_LEVELS): { files: BundleFile[]; revision: string } {
  const module = policyModuleText();
  const dataJson = canonicalJson(policyDataForAll(metrics, levels));
  const revision = policyRevision(module, dataJson);
  const manifest = canonicalJson({ revision, roots: BUNDLE_ROOTS });
  const files: BundleFile[] = [
    { path: '.manifest', content: Buffer.from(manifest, 'utf8') },
    { path: 'data.json', content: Buffer.from(dataJson, 'utf8') },
    { path: BUNDLE_MODULE_PATH, content: Buffer.from(module, 'utf8') },
  ];
  return { files, revision };
}

export async function buildPolicyBundle(metrics: Iterable<Metric>, levels: readonly string[] = DEFAULT_LEVELS): Promise<PolicyBundle> {
  const { files, revision } = bundleFiles(metrics, levels);
  return { body: await tarGz(files), revision, etag: `"${revision}"` };
}

/** Same files as the bundle, unpacked under `dir` (usable as `opa run -b dir`). */
export async function writePolicyDirectory(
  dir: string,
  metrics: Iterable<Metric>,
  levels: readonly string[] = DEFAULT_LEVELS,
): Promise<{ revision: string; files: string[] }> {
  const { files, revision } = bundleFiles(metrics, levels);
  for (const file of files) {
    const target = join(dir, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
  return { revision, files: files.map((f) => f.path) };
}

const GZIP_OS_BYTE = 9;
const GZIP_OS_UNIX = 3;

async function tarGz(files: BundleFile[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const file of files) {
    // Fixed metadata: tar-stream would otherwise stamp the current time.
    pack.entry(
      { name: file.path, size: file.content.length, mode: 0o644, mtime: new Date(0), uid: 0, gid: 0, uname: '', gname: '', type: 'file' },
      file.content,
    );
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  // Node's gzip header already has mtime 0; the OS byte depends on the platform zlib
  // was built for, so pin it to keep archives equal across platforms.
  const gz = gzipSync(Buffer.concat(chunks), { level: 9 });
  gz[GZIP_OS_BYTE] = GZIP_OS_UNIX;
  return gz;
}
