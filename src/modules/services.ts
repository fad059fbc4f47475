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
import { ProvenanceRepository } from './import/provenance-repository.js';
import { ReferencesService } from './references/service.js';
import { LineageRepository } from './lineage/repository.js';
import { LineageService } from './lineage/service.js';
import { VocabulariesRepository } from './vocabularies/repository.js';
import { VocabularyService } from './vocabularies/service.js';
import { CatalogPolicies } from './policies/catalog-policies.js';
import { WorkspacesRepository } from './workspaces/repository.js';
import { createWorkspaceServices, type WorkspaceSettings } from './workspaces/index.js';
import { ApiKeyService } from './auth/api-keys.js';
import { AuthEventRecorder } from './auth/auth-events.js';
import { LoginService } from './auth/login-service.js';
import { AuthResolver } from './auth/resolver.js';
import { PrincipalCache } from './auth/principal-cache.js';
import { UserCredentialRevoker } from './auth/revoker.js';
import { SessionService } from './auth/sessions.js';
import { AccountReach } from './auth/account-reach.js';
import { SigningKeyStore } from './auth/signing-keys.js';
import { TokenService } from './auth/tokens.js';
import { createIdentityServices } from './identity/index.js';
import { ServiceAccountService } from './identity/service-accounts.js';
import { AuditService } from './audit/service.js';
import { MfaService } from './mfa/service.js';
import { createSsoServices } from './sso/index.js';
import type { SsoNetworkPolicy } from './sso/outbound.js';
import { SecretsAtRest } from './secrets/reseal.js';
import { SecretBox } from '../shared/secret-box.js';
import { createInvitationServices, type InvitationOptions } from './invitations/index.js';

export interface AuthConfig {
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
}

const DEFAULT_AUTH: AuthConfig = { issuer: 'mdl', audience: 'mdl-api', accessTtlSeconds: 900 };

export interface ServicesOptions {
  /**
   * Seals secrets at rest (signing keys, TOTP secrets, OIDC client secrets). The server and the CLI
   * always pass the one built from the configuration (secretBoxFor: MDL_SECRET_KEY, or the development
   * key file). Omitted, a random in-memory key is used (SecretBox.ephemeral(), for tests): nothing it
   * seals can be opened by another process.
   */
  secretBox?: SecretBox;
  /** Which SSO provider addresses the server may reach (config: MDL_ENV, MDL_SSO_ALLOW_PRIVATE_ISSUERS); default https to public hosts. */
  ssoNetwork?: SsoNetworkPolicy;
  /** Invitation lifetime and SMTP delivery (config.invitations); default 7 days, the link shown to the admin. */
  invitations?: InvitationOptions;
  /** Workspace creation, retention and the purge's archive folder (config.workspaces); default: instance admins, 7 days, no purge. */
  workspaces?: Partial<WorkspaceSettings>;
}

/**
 * The composition root for domain services: the server and the CLI both build exactly this,
 * so there is one code path from either face to the database.
 */
export function createServices(db: Db, authConfig: AuthConfig = DEFAULT_AUTH, options: ServicesOptions = {}) {
  const secretBox = options.secretBox ?? SecretBox.ephemeral();
  // Each table with a sealed column registers here; `secrets.resealAll()` runs at start-up and as `mdl keys reencrypt`.
  const secrets = new SecretsAtRest(secretBox);
  const history = new HistoryRepository();
  const refs = new RefsRepository();
  const metricsRepo = new MetricsRepository();
  const domainsRepo = new DomainsRepository();
  const objectivesRepo = createObjectivesRepository();
  const vocabularies = new VocabularyService(db, new VocabulariesRepository(), history);
  const metricLifecycle = new EntityLifecycle(createMetricKind(metricsRepo, vocabularies), db, history, refs);
  const domainLifecycle = new EntityLifecycle(createDomainKind(domainsRepo), db, history, refs);
  const objectiveLifecycle = new EntityLifecycle(createObjectiveKind(objectivesRepo), db, history, refs);
  const metrics = new MetricsService(db, metricLifecycle, metricsRepo, history);
  const domains = new EntityService<Domain, DomainFilter>(db, domainLifecycle, domainsRepo, history);
  const objectives = new EntityService<Objective, ObjectiveFilter>(db, objectiveLifecycle, objectivesRepo, history);
  const workspaces = new WorkspacesRepository(db);
  const signingKeys = new SigningKeyStore(db, { secretBox });
  const tokens = new TokenService(signingKeys, authConfig);
  // Inert until an AuthEpochWatcher reads auth_epoch (the server does, src/app.ts; the CLI does not).
  const principalCache = new PrincipalCache<unknown>();
  const sessions = new SessionService(db);
  const apiKeys = new ApiKeyService(db);
  const identity = createIdentityServices(db, { revoker: new UserCredentialRevoker(sessions, apiKeys), audit: history });
  const mfa = new MfaService(db, { audit: history, secretBox });
  secrets.register(signingKeys);
  secrets.register(mfa);
  const events = new AuthEventRecorder(db, history);
  // The workspace MFA policy narrows unenrolled users to `self` on every request; refusals are audited like any denial.
  const mfaGate = { state: mfa.state.bind(mfa), onDenied: events.denied.bind(events) };
  const login = new LoginService(identity.users, sessions, tokens, mfa, events);
    // OIDC client secrets are stored for good: an ephemeral key (no MDL_SECRET_KEY) makes saving them refused.
  const sso = createSsoServices(db, { secretBox, audit: history, users: identity.users, login, events, network: options.ssoNetwork });
  secrets.register(sso.settings);
  const invitations = createInvitationServices(db, { audit: history, users: identity.users, login, mfa, events, options: options.invitations });
  const reach = new AccountReach(identity.users);
  const workspaceService = createWorkspaceServices(db, { history, users: identity.users, mfa, reach, login, sessions, events, settings: options.workspaces, epoch: principalCache });
  return {
    db,
    history,
    refs,
    workspaces: workspaceService,
    metrics,
    domains,
    objectives,
    policies: new CatalogPolicies(db, metrics, vocabularies),
    vocabularies,
    references: new ReferencesService(db, refs, history, { metric: metricLifecycle, domain: domainLifecycle, objective: objectiveLifecycle }),
    lineage: new LineageService(db, new LineageRepository()),
    importer: new ImportService(db, { metric: metricLifecycle, domain: domainLifecycle, objective: objectiveLifecycle }, refs, workspaces, new ProvenanceRepository(), vocabularies),
    exporter: new ExportService(workspaces, domains, objectives, metrics),
    auth: {
      signingKeys, tokens, sessions, apiKeys, resolver: new AuthResolver(tokens, sessions, identity.users, apiKeys, mfaGate, principalCache), events,
      principalCache,
      reach,
    },
    identity,
    audit: new AuditService(db),
    mfa,
    secrets,
    login,
    serviceAccounts: new ServiceAccountService(db, apiKeys, { audit: history }),
    invitations,
    sso,
  };
}

export type Services = ReturnType<typeof createServices>;
