import type { FastifyInstance } from 'fastify';
import { BadRequestError } from '../shared/errors.js';

/**
 * An HTTP/1.1 request must carry Host (RFC 9112, 3.2). Node refuses one without it itself, with an empty
 * 400; the server is made with `requireHostHeader: false` (http/server-factory.ts) so this hook refuses it
 * instead, in the documented error shape.
 */
export function registerHostHeaderCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      throw new BadRequestError('an HTTP/1.1 request needs a Host header');
    }
  });
}
