import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../shared/context.js';
import { BadRequestError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { SecretBox } from '../../shared/secret-box.js';
import { appendAudit, type AuditSink } from '../identity/model.js';
import type { Resealable, ResealReport } from '../secrets/reseal.js';
import type { OidcClient, ProviderSettings } from './oidc-client.js';
import { STRICT_SSO_NETWORK, type SsoNetworkPolicy } from './outbound.js';
import { SsoRepository } from './repository.js';
import { DEFAULT_SCOPES, parseSsoConfig, type SsoConfig, type SsoConfigView } from './schema.js';

export const SECRET_KEY_REQUIRED = 'MDL_SECRET_KEY is required to store an SSO client secret (it is kept encrypted): set MDL_SECRET_KEY or MDL_SECRET_KEY_FILE and restart';

export interface SsoSettingsDeps {
  audit: AuditSink;
  oidc: OidcClient;
  repo?: SsoRepository;
  now?: () => Date;
  /** Which issuers may be saved (default: https to public hosts only). */
  network?: SsoNetworkPolicy;
}

/** The associated data the client secret is sealed under: a sealed secret copied to another workspace does not open. */
const secretContext = (workspaceId: string) => `sso:${workspaceId}`;

/**
 * The workspace's OpenID Connect provider (admins). The client secret is sealed with SecretBox before
 * it is stored, never answered and never audited; saving is refused when no MDL_SECRET_KEY is set
 * (no SecretBox, or only the ephemeral one of tests).
 * A new issuer or client id needs the secret again, so a stored secret is never sent to a provider
 * it was not given for. Every change is an audit event in the same transaction.
 */
export class SsoSettingsService implements Resealable {
  private readonly repo: SsoRepository;
  private readonly audit: AuditSink;
  private readonly oidc: OidcClient;
  private readonly now: () => Date;
  private readonly network: SsoNetworkPolicy;

  constructor(private readonly db: Db, private readonly secretBox: SecretBox | undefined, deps: SsoSettingsDeps) {
    this.network = deps.network ?? STRICT_SSO_NETWORK;
    this.repo = deps.repo ?? new SsoRepository();
    this.audit = deps.audit;
    this.oidc = deps.oidc;
    this.now = deps.now ?? (() => new Date());
  }

  async get(workspaceId: string): Promise<SsoConfig> {
    const c = await this.repo.findProvider(this.db, workspaceId);
    if (!c) throw new NotFoundError('single sign-on is not configured for this workspace');
    return c;
  }

  /** Creates or replaces the configuration of the context's workspace. */
  async put(ctx: RequestContext, body: unknown): Promise<SsoConfig> {
    // An ephemeral key (tests, no MDL_SECRET_KEY) would seal a secret no other process could open.
    const box = this.secretBox && !this.secretBox.ephemeral ? this.secretBox : undefined;
    if (!box) throw new BadRequestError(SECRET_KEY_REQUIRED);
    const b = parseSsoConfig(body, this.network);
    const ws = ctx.workspaceId;
    const at = this.now().toISOString();
    const saved = await this.db.transaction().execute(async (trx) => {
      const before = await this.repo.findProvider(trx, ws);
      const sameClient = before !== undefined && before.issuer === b.issuer && before.clientId === b.client_id;
      if (b.client_secret === undefined && !sameClient) {
        throw new ValidationError('invalid SSO configuration', [{
          path: 'client_secret', message: before ? 'is required when the issuer or client id changes' : 'is required',
        }]);
      }
      const after: SsoConfig = {
        workspaceId: ws,
        issuer: b.issuer,
        clientId: b.client_id,
        sealedSecret: b.client_secret !== undefined ? box.seal(b.client_secret, secretContext(ws)) : before!.sealedSecret,
        scopes: b.scopes ? [...new Set(b.scopes)] : [...DEFAULT_SCOPES],
        allowedEmailDomains: b.allowed_email_domains,
        roleClaim: b.role_claim ?? null,
        roleMappings: (b.role_mappings ?? []).map((m) => ({ value: m.value, role: m.role })),
        defaultRole: b.default_role ?? null,
        jitProvisioning: b.jit_provisioning ?? false,
        mfaAmr: b.mfa_amr ? [...new Set(b.mfa_amr)] : null,
        createdAt: before?.createdAt ?? at,
        updatedAt: at,
      };
      await this.repo.putProvider(trx, after);
      await appendAudit(this.audit, trx, {
        workspaceId: ws, actor: ctx.actor, requestId: ctx.requestId, ip: ctx.ip, at,
        action: before ? 'sso.config.update' : 'sso.config.create', entityType: 'sso_provider', entityId: ws,
        before: before ? auditView(before) : null, after: { ...auditView(after), client_secret_changed: b.client_secret !== undefined },
      });
      return after;
    });
    this.oidc.forget(ws);
    return saved;
  }

  /** Turns SSO off for the context's workspace: the provider, its linked identities and pending logins go. */
  async remove(ctx: RequestContext): Promise<void> {
    const ws = ctx.workspaceId;
    const at = this.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const before = await this.repo.findProvider(trx, ws);
      if (!before || !(await this.repo.deleteProvider(trx, ws))) throw new NotFoundError('single sign-on is not configured for this workspace');
      await appendAudit(this.audit, trx, {
        workspaceId: ws, actor: ctx.actor, requestId: ctx.requestId, ip: ctx.ip, at,
        action: 'sso.config.delete', entityType: 'sso_provider', entityId: ws, before: auditView(before), after: null,
      });
    });
    this.oidc.forget(ws);
  }

  /** Moves client secrets sealed by an older MDL_SECRET_KEY under the current one (start-up, `mdl keys reencrypt`). */
  async reseal(): Promise<ResealReport> {
    if (!this.secretBox || this.secretBox.ephemeral) return { table: 'sso_providers', values: 0, resealed: 0, fromClear: 0 };
    return this.repo.resealSecrets(this.db, this.secretBox, secretContext);
  }

  /** Whether the workspace has a provider configured (for the public probe: nothing else is read). */
  async offers(workspaceId: string): Promise<boolean> {
    return (await this.repo.findProvider(this.db, workspaceId)) !== undefined;
  }

  /**
   * A workspace's provider with its secret opened, for a login; undefined when the workspace does not
   * exist or has no SSO (the caller answers both alike). Throws if the secret cannot be opened.
   */
  async providerFor(workspaceId: string): Promise<{ config: SsoConfig; settings: ProviderSettings } | undefined> {
    const config = await this.repo.findProvider(this.db, workspaceId);
    if (!config) return undefined;
    if (!this.secretBox) throw new Error('MDL_SECRET_KEY is not configured: the stored SSO client secret cannot be opened');
    const clientSecret = this.secretBox.open(config.sealedSecret, secretContext(workspaceId));
    return { config, settings: { workspaceId, issuer: config.issuer, clientId: config.clientId, clientSecret } };
  }
}

/** The API's view of a configuration: never the secret. */
export function toView(c: SsoConfig, redirectUri: string): SsoConfigView {
  return {
    workspace_id: c.workspaceId, ...auditView(c), client_secret_set: true, redirect_uri: redirectUri, created_at: c.createdAt, updated_at: c.updatedAt,
  };
}

/** What the audit log says about a configuration: every setting but the secret. */
function auditView(c: SsoConfig) {
  return {
    issuer: c.issuer, client_id: c.clientId, scopes: c.scopes, allowed_email_domains: c.allowedEmailDomains, role_claim: c.roleClaim,
    role_mappings: c.roleMappings, default_role: c.defaultRole, jit_provisioning: c.jitProvisioning, mfa_amr: c.mfaAmr,
  };
}
