import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequestError, ValidationError } from '../shared/errors.js';
import { documentProblem, unsafeIntegerMessage, type ValueProblem } from '../shared/free-value.js';
import { formatPath } from '../shared/zod-issues.js';
import { NO_NUL_MESSAGE } from '../shared/zod-primitives.js';

type Done = (err: Error | null, body?: unknown) => void;

/**
 * Guards what clients send before any route sees it.
 * - U+0000 in any text is refused with a 400, whatever the route: PostgreSQL's text type cannot hold it
 *   (it answered 500 to a login with a NUL in the email), SQLite would keep it, and no MDL value needs
 *   it. URLs (path and query, raw or as %00) and every string and key of a JSON body are checked.
 * - A JSON body nested deeper than DOCUMENT_MAX_DEPTH, with a `__proto__` key anywhere, or with an
 *   integer literal beyond ±(2^53 − 1) (JSON.parse would round it) is refused with the path, as a
 *   400 VALIDATION_FAILED. Everything after this (merge patch, validation, storage, export) may then
 *   walk the body by recursion; a 100k-deep `[[[…` answered 500 before (stack overflow).
 * The import route reads its file itself (src/modules/io) and applies the same rules per record.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (/%00|\u0000/.test(request.url)) throw new BadRequestError(`the URL ${NO_NUL_MESSAGE}`);
  });
  // Prototype keys are refused below with their path; secure-json-parse's own refusal had no path.
  const json = app.getDefaultJsonParser('ignore', 'ignore');
  const checked = (request: FastifyRequest, body: string, done: Done) => {
    json(request, body, (err: Error | null, value?: unknown) => {
      if (err) return done(err);
      const problem = bodyProblem(value, body);
      if (problem) return done(new ValidationError('invalid request body', [{ path: problem.path.length === 0 ? '(body)' : formatPath(problem.path), message: problem.message }]));
      done(null, value);
    });
  };
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, checked);
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, checked);
}

/**
 * A lone surrogate ("\ud800" in JSON) is no character: PostgreSQL stored it as U+FFFD while SQLite kept
 * it, so the engines disagreed about what was written. (In `u` mode a valid pair is one code point.)
 */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATE_MESSAGE = 'must be well-formed Unicode (it holds a lone surrogate, such as \\ud800)';

/** The first problem of a parsed JSON body (`text` is its source, read only when a number needs it). */
export function bodyProblem(value: unknown, text: string): ValueProblem | undefined {
  let literals: Map<number, string> | undefined;
  return documentProblem(value, {
    key: (key) => (key.includes('\u0000') ? NO_NUL_MESSAGE : LONE_SURROGATE.test(key) ? LONE_SURROGATE_MESSAGE : undefined),
    leaf: (leaf) => {
      if (typeof leaf === 'string') return leaf.includes('\u0000') ? NO_NUL_MESSAGE : LONE_SURROGATE.test(leaf) ? LONE_SURROGATE_MESSAGE : undefined;
      if (typeof leaf !== 'number' || Math.abs(leaf) <= Number.MAX_SAFE_INTEGER) return undefined;
      // Only an integer literal lost precision; 1e300 or 6.02e23 were written as floats and are kept.
      literals ??= unsafeIntegerLiterals(text);
      const literal = literals.get(leaf);
      return literal === undefined ? undefined : unsafeIntegerMessage(literal);
    },
  });
}

/** Integer literals of a valid JSON text beyond ±(2^53 − 1), keyed by the number JSON.parse made of them. */
function unsafeIntegerLiterals(text: string): Map<number, string> {
  const found = new Map<number, string>();
  // Strings are matched whole (and skipped), so digits inside them are never taken for numbers.
  for (const [token] of text.matchAll(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g)) {
    if (token.startsWith('"') || /[.eE]/.test(token)) continue;
    const n = Number(token);
    if (!Number.isSafeInteger(n)) found.set(n, token);
  }
  return found;
}

/** The path of the first string (or key) holding U+0000, like `items[2].name`; undefined when there is none. */
export function nulPath(value: unknown, at: string): string | undefined {
  const problem = documentProblem(value, {
    key: (key) => (key.includes('\u0000') ? NO_NUL_MESSAGE : undefined),
    leaf: (leaf) => (typeof leaf === 'string' && leaf.includes('\u0000') ? NO_NUL_MESSAGE : undefined),
  });
  if (!problem || problem.message !== NO_NUL_MESSAGE) return undefined;
  const path = problem.path.length === 0 ? '' : formatPath(problem.path);
  return at && path ? (path.startsWith('[') ? `${at}${path}` : `${at}.${path}`) : at || path;
}
