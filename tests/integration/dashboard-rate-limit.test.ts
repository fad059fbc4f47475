import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * The dashboard's page loads and files count apart from the API's rate limit (10 times it by default):
 * a clean-clone CI run showed a browser, mid-review, the API's 429 JSON in place of the page once its
 * page loads and asset fetches had spent the API's per-IP allowance.
 */
describe('the dashboard and the API rate limit', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp('sqlite', { app: { rateLimit: { max: 3 } } }); });
  afterAll(async () => t?.close());

  const page = (url = '/catalog') => t.raw.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
  const api = () => t.raw.inject({ method: 'GET', url: '/api/v1/setup' });

  it('serves more page loads than the API allows, without spending the API limit, then refuses with its own', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await page();
      expect(r.statusCode, `load ${i + 1}`).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
    }
    // The API's own allowance (3 a window per IP) is untouched by the ten page loads.
    expect((await api()).statusCode).toBe(200);
    expect((await api()).statusCode).toBe(200);
    expect((await api()).statusCode).toBe(200);
    expect((await api()).statusCode).toBe(429);
    // The dashboard's limit, 10 times the API's: 30 a window.
    let refused = 0;
    for (let i = 0; i < 25; i++) if ((await page()).statusCode === 429) refused++;
    expect(refused).toBe(5);
  });

  it('an unknown API path with a long segment (under the 1024 limit) is a 404, not a 414', async () => {
    const fresh = await createTestApp('sqlite');
    try {
      const r = await fresh.raw.inject({ method: 'GET', url: `/api/v1/no-such-route/${'a'.repeat(200)}` });
      expect(r.statusCode, r.body).toBe(404);
      const over = await fresh.raw.inject({ method: 'GET', url: `/api/v1/no-such-route/${'a'.repeat(1100)}` });
      expect(over.statusCode).toBe(414);
    } finally {
      await fresh.close();
    }
  });
});
