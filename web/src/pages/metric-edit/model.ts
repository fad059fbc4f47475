import './zod-jitless.js';
import { metricSchema } from '../../../../src/modules/metrics/schema.js';
import { zodIssues } from '../../../../src/shared/zod-issues.js';
import { DRAFT_PREFIX } from '../../app/drafts.js';

/**
 * The edit form's model: the draft is the metric document itself (a plain JSON object), and every field
 * is bound by its path in the API's spelling (`targets_and_alerts.alert_rules[0].severity`), so the
 * server's `details[].path` and the shared Zod schema's issues land on the field that shows them.
 */
export { EXPECTED_DIRECTIONS } from '../../../../src/modules/metrics/schema.js';
export type Doc = Record<string, unknown>;
export interface FieldIssue { path: string; message: string }
export type Seg = string | number;

/** `a.b[2].c` → ['a', 'b', 2, 'c']. */
export function parsePath(path: string): Seg[] {
  const out: Seg[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

export function joinPath(base: string, key: Seg): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

export function getAt(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const seg of parsePath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/**
 * A copy of `doc` with `value` at `path` (parents made as needed). `undefined` removes an object key, so
 * a cleared input leaves the field absent rather than sending `""`.
 */
export function setAt<T>(doc: T, path: string, value: unknown): T {
  const segs = parsePath(path);
  const put = (node: unknown, i: number): unknown => {
    const seg = segs[i]!;
    const base: Record<string | number, unknown> | unknown[] = Array.isArray(node) ? [...(node as unknown[])] : node && typeof node === 'object' ? { ...(node as object) } : typeof seg === 'number' ? [] : {};
    const container = base as Record<string | number, unknown>;
    const next = i === segs.length - 1 ? value : put(container[seg], i + 1);
    if (next === undefined && !Array.isArray(base)) delete container[seg];
    else container[seg] = next;
    return base;
  };
  return (segs.length === 0 ? value : put(doc, 0)) as T;
}

/** The DOM id of the input bound to `path` (the summary's links focus it). */
export const fieldId = (path: string) => 'f-' + path.replace(/\./g, '__').replace(/\[(\d+)\]/g, '-$1');

/** Issues shown at a field: its own path, or (for a JSON area over a free object) anything inside it. */
export function issuesAt(issues: FieldIssue[], path: string, deep = false): FieldIssue[] {
  return issues.filter((i) => i.path === path || (deep && (i.path.startsWith(path + '.') || i.path.startsWith(path + '['))));
}

/** The API's error `details` as field issues, when they are that shape (400 VALIDATION_FAILED, 422 UNKNOWN_VALUE/UNKNOWN_REFERENCE). */
export function detailsToIssues(details: unknown): FieldIssue[] {
  if (!Array.isArray(details)) return [];
  return details.filter((d): d is FieldIssue => !!d && typeof d === 'object' && typeof (d as FieldIssue).path === 'string' && typeof (d as FieldIssue).message === 'string');
}

/**
 * The nearest element on the page for an issue's path: the field itself, else its closest ancestor that
 * has one (an issue deep inside `extensions` focuses the extensions JSON area).
 */
export function nearestFieldElement(path: string, root: Document = document): HTMLElement | null {
  let p = path;
  for (;;) {
    const el = root.getElementById(fieldId(p));
    if (el) return el;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return null;
    p = p.slice(0, cut);
  }
}

/** Fields the server manages: shown, never sent (a PUT carrying an old version would be refused or ignored). */
export function toBody(doc: Doc): Doc {
  const { warnings: _w, ...rest } = doc;
  const gov = rest.governance as Record<string, unknown> | undefined;
  if (gov) {
    const { version: _v, created_at: _c, updated_at: _u, ...g } = gov;
    if (Object.keys(g).length > 0) rest.governance = g;
    else delete rest.governance;
  }
  return rest;
}

/** The shared Zod schema (src/modules/metrics/schema.ts), run before sending; paths as the server writes them. */
export function validate(body: Doc): FieldIssue[] {
  const parsed = metricSchema.safeParse(body);
  if (parsed.success) return [];
  // One entry per field: an empty id breaks two rules, and the summary lists it once with both.
  const byPath = new Map<string, string[]>();
  for (const i of zodIssues(parsed.error)) byPath.set(i.path, [...(byPath.get(i.path) ?? []), i.message]);
  return [...byPath].map(([path, msgs]) => ({ path, message: msgs.join('; ') }));
}

/**
 * What a draft is kept under: per workspace, user and metric, in sessionStorage (this tab only, never a
 * token). The user is part of it: a session that ends without a sign-out leaves the draft, and the next
 * person to sign in on this tab must not be offered it.
 */
export const draftKey = (workspace: string, user: string, id: string | null) => `${DRAFT_PREFIX}${workspace}:${encodeURIComponent(user)}:${id ?? '(new)'}`;

export interface Draft {
  doc: Doc;
  /** The ETag of the version the draft was opened from: the If-Match its save sends. */
  etag: string | null;
  savedAt: string;
}

export function loadDraft(key: string, store: Storage = sessionStorage): Draft | null {
  try {
    const raw = store.getItem(key);
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<Draft>;
    if (!d || typeof d.doc !== 'object' || d.doc === null || Array.isArray(d.doc)) return null;
    return { doc: d.doc, etag: typeof d.etag === 'string' ? d.etag : null, savedAt: typeof d.savedAt === 'string' ? d.savedAt : '' };
  } catch {
    return null;
  }
}

export function saveDraft(key: string, draft: Draft, store: Storage = sessionStorage): void {
  try {
    store.setItem(key, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the draft just does not survive a reload.
  }
}

export function clearDraft(key: string, store: Storage = sessionStorage): void {
  try { store.removeItem(key); } catch { /* disabled storage */ }
}
