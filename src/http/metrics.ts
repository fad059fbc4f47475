import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import { z } from 'zod';
import type { Db } from '../db/connect.js';
import type { DatabaseFault } from '../db/errors.js';
import { faultsOf } from '../db/faults.js';

const FAULTS: readonly DatabaseFault[] = ['disk_full', 'io_error', 'insufficient_resources', 'unavailable'];

/** Process metrics (CPU, memory, event loop, handles) are the process's: one collector, whatever the number of apps. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * GET /metrics in the Prometheus text format: the database write failures by reason, failed connection
 * attempts, and the process metrics. It needs the `admin` scope (an admin's token or an API key with
 * `admin`), since a scrape reveals the instance's condition; `metrics:read` already names the catalog's
 * metric definitions, so it is not the scope here.
 */
export function registerMetrics(app: FastifyInstance, db: Db): void {
  // At start, not at the first scrape: prom-client counts CPU from when its collector is made.
  const proc = processMetrics();
  const faults = faultsOf(db);
  const registry = new Registry();
  new Counter({
    name: 'mdl_db_write_failures_total',
    help: 'Database writes that failed because of the database\'s condition, by reason (disk_full, io_error, insufficient_resources, unavailable)',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const reason of FAULTS) this.inc({ reason }, faults.writeFailures.get(reason) ?? 0);
    },
  });
  new Counter({
    name: 'mdl_db_connect_failures_total',
    help: 'Attempts to open a database connection that failed because the database could not be reached',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(faults.connectFailures);
    },
  });
  app.get('/metrics', {
    config: { scope: 'admin' },
    schema: { tags: ['health'], summary: 'Prometheus metrics: database write failures and the process', response: { 200: z.string() } },
  }, async (_request, reply) => {
    const merged = Registry.merge([proc, registry]);
    return reply.type(merged.contentType).send(await merged.metrics());
  });
}
