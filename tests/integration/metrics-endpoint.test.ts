import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

/** /metrics counts the process's CPU from the start, not from the first scrape (prom-client counts from its collector's creation). */
describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp('sqlite'); });
  afterAll(async () => t?.close());

  it('counts CPU spent before the first scrape', async () => {
    const until = Date.now() + 300;
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1); // ~0.3 s of CPU before anyone scrapes
    expect(x).toBeGreaterThan(0);
    const r = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(r.statusCode).toBe(200);
    const cpu = Number(/^process_cpu_seconds_total (\S+)$/m.exec(r.body)?.[1]);
    expect(cpu).toBeGreaterThan(0.2);
  });
});
