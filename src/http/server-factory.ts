import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';

/** How long an idle keep-alive connection stays open. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/**
 * The Node server under Fastify, with the request timeout set where Node reads it: at construction.
 * Set afterwards (server.requestTimeout = …) it never applied to bodies: a POST that sent one byte
 * every 500 ms, or a Content-Length with no body, stayed open past 45 s with a 3 s timeout. Node checks
 * open requests every `connectionsCheckingInterval` (30 s by default), so that is tightened as well.
 */
export function serverFactory(o: { requestTimeoutMs: number; https?: { cert: Buffer; key: Buffer } }) {
  const timing = {
    requestTimeout: o.requestTimeoutMs,
    // Node refuses a headers timeout longer than the request timeout.
    headersTimeout: Math.min(60_000, o.requestTimeoutMs),
    connectionsCheckingInterval: Math.max(250, Math.min(1_000, Math.floor(o.requestTimeoutMs / 4))),
    // Refused by registerHostHeaderCheck instead, in the documented error shape (Node's own 400 is empty).
    requireHostHeader: false,
  };
  return (handler: RequestListener) => {
    const server = o.https ? createHttpsServer({ ...o.https, ...timing }, handler) : createHttpServer(timing, handler);
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    return server;
  };
}
