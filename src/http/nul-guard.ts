import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequestError, ValidationError } from '../shared/errors.js';
import { NO_NUL_MESSAGE } from '../shared/zod-primitives.js';

type Done = (err: Error | null, body?: unknown) => void;

/**
 * U+0000 in any text a client sends is refused with a 400, whatever the route: PostgreSQL's text type
 * cannot hold it (it answered 500 to a login with a NUL in the email), SQLite would keep it, and no
 * MDL value needs it. URLs (path and query, raw or as %00) and every string of a JSON body are checked
 * here; the import route reads its file itself and refuses NUL per record (src/shared/zod-primitives.ts).
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (/%00|\u0000/.test(request.url)) throw new BadRequestError(`the URL ${NO_NUL_MESSAGE}`);
  });
  const json = app.getDefaultJsonParser('error', 'error');
  const checked = (request: FastifyRequest, body: string, done: Done) => {
    json(request, body, (err: Error | null, value?: unknown) => {
      if (err) return done(err);
      const path = nulPath(value, '');
      if (path !== undefined) return done(new ValidationError('invalid request body', [{ path: path || '(body)', message: NO_NUL_MESSAGE }]));
      done(null, value);
    });
  };
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, checked);
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, checked);
}

/** The path of the first string (or key) holding U+0000, like `items[2].name`; undefined when there is none. */
export function nulPath(value: unknown, at: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? at : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${at}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const here = at ? `${at}.${k}` : k;
      if (k.includes('\u0000')) return here;
      const found = nulPath(v, here);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
