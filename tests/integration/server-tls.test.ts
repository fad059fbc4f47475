import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skippedBecause } from '../helpers/skips.js';
import { ConfigError } from '../../src/config/index.js';
import { startServer } from '../../src/server.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

/** GET over HTTPS, accepting the test's self-signed certificate. */
function httpsGet(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: string; protocol: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, rejectUnauthorized: false }, (res) => {
      const protocol = (res.socket as { getProtocol?: () => string | null }).getProtocol?.() ?? '';
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, protocol }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!hasOpenssl)(`TLS (MDL_TLS_CERT_FILE + MDL_TLS_KEY_FILE)${skippedBecause(!hasOpenssl, 'openssl not found')}`, () => {
  let dir: string;
  let cert: string;
  let key: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mdl-tls-'));
    cert = join(dir, 'cert.pem');
    key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves HTTPS with HSTS and the security headers; plain HTTP gets no answer', async () => {
    const app = await startServer({ MDL_PORT: '0', MDL_DATA_DIR: dir, MDL_LOG_LEVEL: 'silent', MDL_TLS_CERT_FILE: cert, MDL_TLS_KEY_FILE: key });
    try {
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const res = await httpsGet(port, '/health/ready');
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ status: 'ok', checks: { database: 'ok' } });
      expect(res.protocol).toMatch(/^TLSv1\.[23]$/);
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
      const unauthenticated = await httpsGet(port, '/api/v1/metrics');
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      const docs = await httpsGet(port, '/api-docs/');
      expect(docs.status).toBe(200);
      expect(docs.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(docs.headers['content-security-policy']).toMatch(/^default-src 'none';script-src 'self';/);
      await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
    } finally {
      await app.close();
    }
  });

  it('in production, binds beyond loopback when TLS is on', async () => {
    const app = await startServer({ MDL_ENV: 'production', MDL_HOST: '0.0.0.0', MDL_PORT: '0', MDL_DATA_DIR: dir, MDL_LOG_LEVEL: 'silent', MDL_TLS_CERT_FILE: cert, MDL_TLS_KEY_FILE: key, MDL_SECRET_KEY: randomBytes(32).toString('hex') });
    try {
      const address = app.server.address();
      expect(address).toMatchObject({ address: '0.0.0.0' });
      const port = typeof address === 'object' && address ? address.port : 0;
      expect((await httpsGet(port, '/health/live')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('refuses to start when a TLS file cannot be read, or only one is given', async () => {
    const missing = startServer({ MDL_PORT: '0', MDL_DATA_DIR: dir, MDL_LOG_LEVEL: 'silent', MDL_TLS_CERT_FILE: cert, MDL_TLS_KEY_FILE: join(dir, 'absent.pem') });
    await expect(missing).rejects.toBeInstanceOf(ConfigError);
    await expect(missing).rejects.toThrow(/^MDL_TLS_KEY_FILE: cannot read .*absent\.pem \(ENOENT\)$/);
    await expect(startServer({ MDL_PORT: '0', MDL_DATA_DIR: dir, MDL_LOG_LEVEL: 'silent', MDL_TLS_CERT_FILE: cert })).rejects.toThrow(/set both or neither/);
  });
});
