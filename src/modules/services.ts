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
import { ApiKeyService } from './auth/api-keys.js';
import { DenialRecorder } from './auth/denials.js';
import { LoginService } from './auth/login-service.js';
import { AuthResolver } from './auth/resolver.js';
import { UserCredentialRevoker } from './auth/revoker.js';
import { SessionService } from './auth/sessions.js';
import { SigningKeyStore } from './auth/signing-keys.js';
import { TokenService } from './auth/tokens.js';
import { createIdentityServices } from './identity/index.js';
import { AuditService } from './audit/service.js';
import { MfaService } from './mfa/service.js';

export interface AuthConfig {
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
}

const DEFAULT_AUTH: AuthConfig = { issuer: 'mdl', audience: 'mdl-api', accessTtlSeconds: 900 };

/**
 * The composition root for domain services: the server and the CLI both build exactly this,
 * so there is one code path from either face to the database.
 */
export function createServices(db: Db, authConfig: AuthConfig = DEFAULT_AUTH) {
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
  const signingKeys = new SigningKeyStore(db);
  const tokens = new TokenService(signingKeys, authConfig);
  const sessions = new SessionService(db);
  const apiKeys = new ApiKeyService(db);
  const identity = createIdentityServices(db, { revoker: new UserCredentialRevoker(sessions, apiKeys), audit: history });
  const mfa = new MfaService(db, { audit: history });
  const denials = new DenialRecorder(db, history);
  // The workspace MFA policy narrows unenrolled users to `self` on every request; refusals are audited like any denial.
  const mfaGate = { state: mfa.state.bind(mfa), onDenied: denials.record.bind(denials) };
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
    auth: { signingKeys, tokens, sessions, apiKeys, resolver: new AuthResolver(tokens, sessions, identity.users, apiKeys, mfaGate), denials },
    identity,
    audit: new AuditService(db),
    mfa,
    login: new LoginService(identity.users, sessions, tokens, mfa),
  };
}

export type Services = ReturnType<typeof createServices>;
