import type { Db } from '../../db/connect.js';
import type { SecretBox } from '../../shared/secret-box.js';
import type { AuthEventRecorder } from '../auth/auth-events.js';
import type { LoginService } from '../auth/login-service.js';
import type { AuditSink } from '../identity/model.js';
import type { UsersService } from '../identity/users-service.js';
import { OidcClient } from './oidc-client.js';
import type { SsoNetworkPolicy } from './outbound.js';
import { SsoProvisioner } from './provisioning.js';
import { SsoRepository } from './repository.js';
import { SsoLoginService } from './service.js';
import { SsoSettingsService } from './settings-service.js';

export interface SsoServices {
  settings: SsoSettingsService;
  login: SsoLoginService;
}

/** Builds the SSO services; without a persistent SecretBox (MDL_SECRET_KEY) configurations cannot be saved. */
export function createSsoServices(db: Db, deps: {
  secretBox: SecretBox | undefined; audit: AuditSink; users: UsersService; login: LoginService; events?: AuthEventRecorder; now?: () => Date;
  /** Which provider addresses the server may reach (default: https to public hosts only). */
  network?: SsoNetworkPolicy;
}): SsoServices {
  const now = deps.now ?? (() => new Date());
  const repo = new SsoRepository();
  const oidc = new OidcClient({ network: deps.network });
  const settings = new SsoSettingsService(db, deps.secretBox, { audit: deps.audit, oidc, repo, now, network: deps.network });
  const provisioner = new SsoProvisioner(db, deps.users, repo, deps.audit, now);
  return { settings, login: new SsoLoginService(db, { settings, oidc, provisioner, login: deps.login, repo, events: deps.events, now }) };
}
