import { connect as tcpConnect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

/**
 * MDL_REQUEST_TIMEOUT_MS bounds a whole request, body included. It was set on the server after its
 * creation, where Node never applies it: a body that trickled in, or a Content-Length with no body,
 * stayed open past 45 s with a 3 s timeout.
 */
describe('the request timeout', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    app = await buildApp({ config: { bodyLimit: 1024 * 1024, importBodyLimit: 1024 * 1024, requestTimeoutMs: 1_500 }, db: tdb.db });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.destroy();
  });

  /** Sends `head` (and then `drip` one byte every 300 ms); resolves with what came back and when the socket closed. */
  function stalled(head: string, drip: boolean): Promise<{ answer: string; ms: number }> {
    return new Promise((resolve) => {
      const started = Date.now();
      const socket = tcpConnect(port, '127.0.0.1', () => socket.write(head));
      let answer = '';
      const timer = drip ? setInterval(() => { if (!socket.destroyed) socket.write('x'); }, 300) : undefined;
      socket.on('data', (d) => { answer += d.toString(); });
      socket.on('error', () => undefined);
      socket.on('close', () => { clearInterval(timer); resolve({ answer, ms: Date.now() - started }); });
      setTimeout(() => socket.destroy(), 15_000);
    });
  }

  for (const [name, drip] of [['a Content-Length with no body', false], ['a body trickling in a byte at a time', true]] as const) {
    it(`ends ${name} with 408 in the documented shape, within a few seconds`, async () => {
      const r = await stalled('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n', drip);
      expect(r.ms).toBeLessThan(6_000); // 1.5 s timeout, checked every 375 ms; was never
      expect(r.answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(r.answer).toContain('"code":"REQUEST_TIMEOUT"');
    });
  }
});
