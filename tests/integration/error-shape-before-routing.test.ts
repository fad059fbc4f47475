import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

/** Sends raw bytes and reads until the server closes the connection (or 3 s pass). */
function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (chunk) => { data += chunk.toString(); if (/\r\n\r\n[\s\S]*\}$/.test(data)) socket.end(); });
    socket.on('close', () => resolve(data));
    socket.on('error', () => resolve(data));
    setTimeout(() => socket.destroy(), 3000).unref();
  });
}

function parse(response: string): { status: number; headers: string; body: any } {
  const [head = '', ...rest] = response.split('\r\n\r\n');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head.toLowerCase(), body: JSON.parse(rest.join('\r\n\r\n')) };
}

const DOCUMENTED = { error: { code: expect.any(String), message: expect.any(String) }, requestId: expect.any(String) };

/**
 * Answers given before a route runs (Node's HTTP parser, Fastify's URL checks) use the documented error
 * shape {error: {code, message}, requestId} with stable codes, like every other error: Fastify's raw
 * {error, message, statusCode} shape never reaches a client.
 */
describe('errors before routing use the documented shape', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await t.raw.listen({ port: 0, host: '127.0.0.1' });
    port = (t.raw.server.address() as AddressInfo).port;
  });
  afterAll(async () => { await t?.close(); });

  it('431 HEADERS_TOO_LARGE for headers over the limit', async () => {
    const r = parse(await rawRequest(port, `GET /api/v1/metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(r.status).toBe(431);
    expect(r.body).toEqual(DOCUMENTED);
    expect(r.body.error.code).toBe('HEADERS_TOO_LARGE');
    expect(r.headers).toContain('content-type: application/json');
  });

  it('400 BAD_REQUEST for an HTTP/1.1 request without Host (Node answered an empty 400)', async () => {
    const r = parse(await rawRequest(port, 'GET /health/live HTTP/1.1\r\nConnection: close\r\n\r\n'));
    expect(r.status).toBe(400);
    expect(r.body).toEqual(DOCUMENTED);
    expect(r.body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/Host header/) });
    const http10 = await rawRequest(port, 'GET /health/live HTTP/1.0\r\n\r\n'); // HTTP/1.0 needs none
    expect(http10).toMatch(/^HTTP\/1\.[01] 200 /);
  });

  it('400 BAD_REQUEST for bytes that are not HTTP', async () => {
    const r = parse(await rawRequest(port, 'GARBAGE\r\n\r\n'));
    expect(r.status).toBe(400);
    expect(r.body).toEqual(DOCUMENTED);
    expect(r.body.error.code).toBe('BAD_REQUEST');
  });

  it('414 URI_TOO_LONG for an overlong path parameter, and 400 for a malformed percent-encoding', async () => {
    const long = await t.app.inject({ method: 'GET', url: `/api/v1/metrics/${'a'.repeat(1100)}` });
    expect(long.statusCode).toBe(414);
    expect(long.json()).toEqual(DOCUMENTED);
    expect(long.json().error.code).toBe('URI_TOO_LONG');
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/metrics/%zz' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual(DOCUMENTED);
    expect(bad.json().error.code).toBe('BAD_REQUEST');
    // The refused URL is not echoed back.
    expect(long.body).not.toContain('aaaaaaaaaa');
  });
});
