import { randomBytes } from 'node:crypto';
import { ImportSourceError } from '../io/index.js';

/**
 * multipart/form-data (RFC 7578) for an import of several files: one part per file, field `file`,
 * the filename its path relative to the import root. Only what an import needs: text parts, no
 * nested multiparts, no transfer encodings. The body arrives as a string (the route's body limit
 * already bounds it) and every file is UTF-8 text, so parts are cut out of the string directly.
 */

export interface FilePart {
  filename: string;
  text: string;
  contentType?: string;
}

/** Parts one import may carry: a generous dbt project, and a bound on work per request. */
export const MAX_PARTS = 10_000;
const MAX_FILENAME = 1000;

export const isMultipart = (contentType: string): boolean => /^multipart\/form-data\b/i.test(contentType.trim());

// As browsers write filenames (HTML's multipart/form-data encoding): `"`, CR and LF percent-encoded.
const quoteName = (name: string) => name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const unquoteName = (name: string) => name.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');

export function multipartBody(parts: readonly FilePart[]): { body: string; contentType: string } {
  let boundary: string;
  do boundary = `mdl-${randomBytes(16).toString('hex')}`;
  while (parts.some((p) => p.text.includes(boundary)));
  const body = parts.map((p) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoteName(p.filename)}"\r\n`
    + `Content-Type: ${p.contentType ?? 'application/octet-stream'}\r\n\r\n${p.text}\r\n`).join('');
  return { body: `${body}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

const bad = (why: string) => new ImportSourceError(`malformed multipart body: ${why}`);

export function parseMultipart(body: string, contentType: string): FilePart[] {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw bad('the content type names no boundary');
  const delimiter = `--${boundary}`;
  // A preamble before the first boundary is allowed (and ignored).
  const preamble = body.startsWith(delimiter) ? -2 : body.indexOf(`\r\n${delimiter}`);
  if (preamble === -1) throw bad('no part starts with the boundary');
  const first = preamble + 2;
  const parts: FilePart[] = [];
  let pos = first + delimiter.length;
  for (;;) {
    if (body.startsWith('--', pos)) break; // the closing delimiter; an epilogue after it is ignored
    const lineEnd = body.indexOf('\r\n', pos);
    if (lineEnd < 0 || body.slice(pos, lineEnd).trim() !== '') throw bad('a boundary line is not followed by a line break');
    const start = lineEnd + 2;
    const next = body.indexOf(`\r\n${delimiter}`, start);
    if (next < 0) throw bad('the body ends before its closing boundary');
    if (parts.length >= MAX_PARTS) throw bad(`more than ${MAX_PARTS} parts`);
    parts.push(partOf(body.slice(start, next)));
    pos = next + 2 + delimiter.length;
  }
  if (parts.length === 0) throw bad('no file parts');
  return parts;
}

function partOf(raw: string): FilePart {
  const split = raw.startsWith('\r\n') ? 0 : raw.indexOf('\r\n\r\n');
  if (split < 0) throw bad('a part has no blank line after its headers');
  const headers = new Map<string, string>();
  for (const line of raw.slice(0, split).split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw bad(`a part header is not "name: value" (${line.slice(0, 60)})`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const text = raw.slice(split === 0 ? 2 : split + 4);
  const disposition = headers.get('content-disposition') ?? '';
  if (!/^form-data\s*(;|$)/i.test(disposition)) throw bad('a part is not form-data (Content-Disposition: form-data; name="file"; filename="…")');
  const params = dispositionParams(disposition);
  if (params.get('name') !== 'file') throw bad(`a part named "${params.get('name') ?? ''}": send each file as a part named "file"`);
  const filename = params.get('filename*') ?? params.get('filename');
  if (!filename) throw bad('a file part has no filename (the file\'s path, relative to the import root)');
  if (filename.length > MAX_FILENAME || /[\u0000-\u001f\u007f]/.test(filename)) throw bad('a filename is longer than 1000 characters or holds control characters');
  return { filename, text, contentType: headers.get('content-type') };
}

function dispositionParams(value: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of value.matchAll(/;\s*([A-Za-z0-9_*.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    const key = (m[1] as string).toLowerCase();
    const raw = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
    if (key === 'filename*') {
      // RFC 5987: charset'language'percent-encoded (UTF-8 is the one charset worth reading).
      const ext = /^utf-8'[^']*'(.*)$/i.exec(raw);
      try {
        if (ext) out.set(key, decodeURIComponent(ext[1] as string));
      } catch {
        throw bad('a filename* is not valid percent-encoded UTF-8');
      }
    } else {
      out.set(key, key === 'filename' ? unquoteName(raw) : raw);
    }
  }
  return out;
}
