import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { localContext, type RequestContext } from '../../src/shared/context.js';
import { createTestApp, type Injector, type TestApp } from './app.js';
import { sampleDomain, sampleMetric, sampleObjective } from './samples.js';

export interface RemoteTestServer {
  t: TestApp;
  /** http://127.0.0.1:<port> of the listening app. */
  url: string;
  /** The SQLite file behind it, for the same commands in local mode. */
  dbFile: string;
  /** A scratch folder, removed by close(). */
  dir: string;
  /** A new API key with these scopes (as the workspace admin unless `as` says otherwise); the secret. */
  createKey(scopes: string[], as?: Injector): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real app on a SQLite file, seeded with the sample domain, two metrics and an objective (plus what
 * `seed` adds), listening on a loopback port: the server the remote-CLI tests compare local mode with.
 */
export async function startRemoteTestServer(
  opts: { dirPrefix: string; seed?: (t: TestApp, ctx: RequestContext) => Promise<void> },
): Promise<RemoteTestServer> {
  const t = await createTestApp('sqlite');
  const cfg = t.tdb.config;
  if (cfg.kind !== 'sqlite') throw new Error('expected sqlite');
  const dir = mkdtempSync(join(tmpdir(), opts.dirPrefix));
  const ctx = localContext();
  await t.services.domains.create(ctx, sampleDomain());
  await t.services.metrics.create(ctx, sampleMetric());
  await opts.seed?.(t, ctx);
  await t.services.objectives.create(ctx, sampleObjective());
  await t.raw.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.raw.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  return {
    t, url: `http://127.0.0.1:${addr.port}`, dbFile: cfg.file, dir,
    async createKey(scopes, as = t.app) {
      const res = await as.inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: scopes.join('+'), scopes } });
      expect(res.statusCode).toBe(201);
      return res.json().key as string;
    },
    async close() {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The second catalog metric the remote-CLI tests list and filter. */
export const secondMetric = () => sampleMetric({ metric_id: 'M-T2', name: 'Second', tier: 'Tier-2', tags: ['ops'] });
