import { open, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, resolve } from 'node:path';
import { yaml } from './yaml-lib.js';
import { depthMessage, DOCUMENT_MAX_DEPTH } from '../../shared/free-value.js';
import { classifySingle, RECORD_ARRAYS, type ImportFormat } from './detect.js';
import { ImportSourceError } from './errors.js';
import { isPlainObject } from './json-pointer.js';
import { YAML_RECORD_TOKENS } from './yaml-reader.js';
// The streaming reader's options and scalar rule (yaml-units.ts), so a file read whole reads the same.
import { MAX_ALIASES, storableScalar, YAML_OPTIONS } from './yaml-units.js';

/**
 * Finding the files of a multi-file import and reading a file whole when it may be another tool's.
 *
 * - A directory is walked recursively for *.json, *.yaml and *.yml, in sorted order, skipping
 *   dot-directories and the folders tools fill on their own (node_modules, target, dbt_packages).
 *   A directory holding dbt_project.yml is a dbt project: only its model-paths are read.
 * - A symbolic link is followed only while it stays inside the directory given (a link to /etc must
 *   not pull files into a catalog); one that leads out is listed as skipped.
 * - File names (record paths, provenance, multipart filenames) are the path as given, joined with
 *   the path under the directory, with forward slashes, so they read the same on every system.
 */

export interface SkippedFile {
  source: string;
  reason: string;
}

export interface ImportFile {
  name: string;
  /** On disk; else `text` holds the file (an HTTP part). */
  path?: string;
  text?: string;
  size: number;
  /** Named by the user (unrecognized content is an error), not found in a directory (skipped). */
  explicit: boolean;
}

export interface CollectedFiles {
  files: ImportFile[];
  skipped: SkippedFile[];
}

/** Files of other tools are parsed whole (converters see every file at once); bigger ones are read as MDL, streamed. */
export const DIALECT_PARSE_LIMIT = 16 * 1024 * 1024;
const SKIP_DIRS = new Set(['node_modules', 'target', 'dbt_packages']);
const DATA_FILE = /\.(json|ya?ml)$/i;
export const isJsFile = (name: string): boolean => /\.[cm]?js$/i.test(name);

const slashes = (p: string) => p.replace(/\\/g, '/');
const inside = (root: string, p: string) => {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function collectImportFiles(inputs: ReadonlyArray<{ path: string; name?: string }>): Promise<CollectedFiles> {
  const files: ImportFile[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Set<string>();
  const add = async (file: ImportFile) => {
    // The same file named twice (a.json and dir/ holding it) would give two records one path.
    const real = await realpath(file.path as string);
    if (seen.has(real)) return;
    seen.add(real);
    files.push(file);
  };
  for (const input of inputs) {
    const st = await statOrRefuse(input.path);
    const name = input.name ?? (slashes(input.path).replace(/(.)\/+$/, '$1'));
    if (st.isDirectory()) {
      for (const f of await walkDirectory(input.path, name, skipped)) await add(f);
    } else {
      await add({ name, path: input.path, size: st.size, explicit: true });
    }
  }
  return { files, skipped };
}

async function statOrRefuse(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ImportSourceError(code === 'ENOENT' ? `${path}: no such file or directory` : `${path}: cannot be read (${code ?? String(err)})`);
  }
}

async function walkDirectory(root: string, rootName: string, skipped: SkippedFile[]): Promise<ImportFile[]> {
  const rootReal = await realpath(root);
  const out: ImportFile[] = [];
  const visited = new Set<string>();
  const shown = (dir: string, entry: string) => (dir === '.' ? entry : posix.join(dir, entry));

  const walk = async (dir: string, dirName: string): Promise<void> => {
    const real = await realpath(dir);
    if (visited.has(real)) return; // a link back up the tree
    visited.add(real);
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => byName(a.name, b.name));
    if (entries.some((e) => e.name === 'dbt_project.yml' && !e.isDirectory())) {
      for (const p of await dbtModelPaths(join(dir, 'dbt_project.yml'))) {
        const target = resolve(dir, p);
        const targetReal = await realpath(target).catch(() => undefined);
        const name = shown(dirName, slashes(p).replace(/^\.\/+/, '').replace(/\/+$/, ''));
        if (!targetReal) continue; // a project without its models folder yet
        if (!inside(rootReal, targetReal)) skipped.push({ source: name, reason: `model path leads outside ${rootName}` });
        else if ((await stat(targetReal)).isDirectory()) await walk(target, name);
      }
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      const name = shown(dirName, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const target = await realpath(path).catch(() => undefined);
        if (!target) {
          skipped.push({ source: name, reason: 'a broken symbolic link' });
          continue;
        }
        if (!inside(rootReal, target)) {
          skipped.push({ source: name, reason: `a symbolic link that leads outside ${rootName}` });
          continue;
        }
        const st = await stat(target);
        isDir = st.isDirectory();
        isFile = st.isFile();
      }
      if (isDir) {
        if (!e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) await walk(path, name);
      } else if (isFile && DATA_FILE.test(e.name)) {
        out.push({ name, path, size: (await stat(path)).size, explicit: false });
      } else if (isFile && isJsFile(e.name) && (await looksLikeCubeJs(path))) {
        skipped.push({ source: name, reason: 'a Cube JavaScript model (code, not data; rewrite it as YAML to import it)' });
      }
    }
  };
  await walk(root, rootName);
  return out;
}

/** dbt_project.yml's `model-paths` (`source-paths` before dbt 1.0), default ['models']. */
async function dbtModelPaths(file: string): Promise<string[]> {
  let doc: unknown;
  try {
    doc = parseWhole(await readFile(file, 'utf8'), 'yaml');
  } catch {
    return ['models'];
  }
  const paths = isPlainObject(doc) ? (doc['model-paths'] ?? doc['source-paths']) : undefined;
  const list = Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string' && p !== '') : [];
  return list.length > 0 ? list : ['models'];
}

/** Only a .js file that defines cubes or views is worth a line in the skipped list. */
async function looksLikeCubeJs(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return /\b(cube|view)\s*\(\s*[`'"]/.test(buf.toString('utf8', 0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** A parsed document that an MDL reader would take (a catalog, a collection, a list, a single record). */
export function looksLikeMdl(doc: unknown): boolean {
  if (Array.isArray(doc)) return true;
  if (!isPlainObject(doc)) return false;
  if (classifySingle(doc) !== null) return true;
  return Object.keys(RECORD_ARRAYS).some((k) => Object.hasOwn(doc, k)) || Object.hasOwn(doc, 'catalog_version') || Object.hasOwn(doc, 'catalog_name');
}

/** The format of one file of a batch: what --format says for a file named explicitly, else its extension, else its first character. */
export function formatOf(file: ImportFile, forced: ImportFormat | undefined, head: string): ImportFormat {
  if (forced && file.explicit) return forced;
  if (/\.json$/i.test(file.name)) return 'json';
  if (/\.ya?ml$/i.test(file.name)) return 'yaml';
  return /^[\s\uFEFF]*[{[]/.test(head) ? 'json' : 'yaml';
}


/** A whole file as plain data, with the streaming reader's safety rules; ImportSourceError if it cannot be read. */
export function parseWhole(text: string, format: ImportFormat): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let doc: unknown;
  if (format === 'json') {
    try {
      doc = JSON.parse(body);
    } catch (e) {
      throw new ImportSourceError(`malformed JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  } else {
    doc = parseYaml(body);
  }
  if (tooDeep(doc)) throw new ImportSourceError(depthMessage(DOCUMENT_MAX_DEPTH));
  return doc;
}

/**
 * A YAML file too costly to parse whole. Memory follows lexer tokens (about 320 bytes each while
 * parsing, yaml-reader.ts), so a file parsed whole may hold as many as one streamed record may.
 */
export class TooCostlyToParse extends ImportSourceError {
  constructor() {
    super(`holds more than ${YAML_RECORD_TOKENS.toLocaleString('en')} YAML tokens, the most a file of another tool may hold (it is converted whole): split it`);
  }
}

function parseYaml(text: string): unknown {
  let tokens = 0;
  for (const _ of new (yaml().Lexer)().lex(text)) if (++tokens > YAML_RECORD_TOKENS) throw new TooCostlyToParse();
  const doc = yaml().parseDocument(text, YAML_OPTIONS);
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    throw new ImportSourceError(`malformed YAML: ${error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '')}`, at ? { line: at.line, column: at.col } : undefined);
  }
  yaml().visit(doc, {
    Scalar: (_key, node) => storableScalar(node),
  });
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    throw new ImportSourceError(`malformed YAML: ${e instanceof Error ? e.message : 'the document could not be read'}`);
  }
}

/** Iterative, so a deep document cannot overflow the stack while being measured. */
function tooDeep(root: unknown): boolean {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (value === null || typeof value !== 'object') continue;
    if (depth >= DOCUMENT_MAX_DEPTH) return true;
    for (const child of Object.values(value as object)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}
