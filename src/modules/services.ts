import type { Db } from '../db/connect.js';
import { EntityService } from './catalog/entity-service.js';
import { HistoryRepository } from './catalog/history-repository.js';
import { EntityLifecycle } from './catalog/lifecycle.js';
import { RefsRepository } from './catalog/refs-repository.js';
import { createDomainKind, DomainsRepository, type DomainFilter } from './domains/kind.js';
import type { Domain } from './domains/schema.js';
import { createMetricKind } from './metrics/kind.js';
import { MetricsRepository } from './metrics/repository.js';
import { MetricsService } from './metrics/service.js';
import { createObjectiveKind, createObjectivesRepository, type ObjectiveFilter } from './objectives/kind.js';
import type { Objective } from './objectives/schema.js';
import { ExportService } from './export/service.js';
import { ImportService } from './import/service.js';
import { CatalogPolicies } from './policies/catalog-policies.js';
import { WorkspacesRepository } from './workspaces/repository.js';

/**
 * The composition root for domain services: the server and the CLI both build exactly this,
 * so there is one code path from either face to the database.
 */
export function createServices(db: Db) {
  const history = new HistoryRepository();
  const refs = new RefsRepository();
  const metricsRepo = new MetricsRepository();
  const domainsRepo = new DomainsRepository();
  const objectivesRepo = createObjectivesRepository();
  const metricLifecycle = new EntityLifecycle(createMetricKind(metricsRepo), db, history, refs);
  const domainLifecycle = new EntityLifecycle(createDomainKind(domainsRepo), db, history, refs);
  const objectiveLifecycle = new EntityLifecycle(createObjectiveKind(objectivesRepo), db, history, refs);
  const metrics = new MetricsService(db, metricLifecycle, metricsRepo, history);
  const domains = new EntityService<Domain, DomainFilter>(db, domainLifecycle, domainsRepo, history);
  const objectives = new EntityService<Objective, ObjectiveFilter>(db, objectiveLifecycle, objectivesRepo, history);
  const workspaces = new WorkspacesRepository(db);
  return {
    db,
    history,
    refs,
    workspaces,
    metrics,
    domains,
    objectives,
    policies: new CatalogPolicies(db, metrics),
    importer: new ImportService(db, { metric: metricLifecycle, domain: domainLifecycle, objective: objectiveLifecycle }, refs, workspaces),
    exporter: new ExportService(workspaces, domains, objectives, metrics),
  };
}

export type Services = ReturnType<typeof createServices>;
