import type { Db } from '../../db/connect.js';
import type { AccountReach } from '../auth/account-reach.js';
import type { AuthEventRecorder } from '../auth/auth-events.js';
import type { LoginService } from '../auth/login-service.js';
import type { SessionService } from '../auth/sessions.js';
import type { HistoryRepository } from '../catalog/history-repository.js';
import type { UsersService } from '../identity/users-service.js';
import type { MfaService } from '../mfa/service.js';
import { WorkspacePurger } from './purge.js';
import { WorkspacesRepository } from './repository.js';
import { DEFAULT_WORKSPACE_SETTINGS, WorkspacesService, type WorkspaceSettings } from './service.js';
import { WorkspaceSwitcher } from './switch.js';

export { WorkspaceDeletedError, type MyWorkspace, type Workspace, type WorkspaceView } from './model.js';
export { WorkspacesService, DEFAULT_WORKSPACE_SETTINGS, type WorkspaceSettings } from './service.js';
export type { PurgeReport, PurgeOutcome } from './purge.js';

/** Builds the workspace services (lifecycle, purge, switching) on one database. */
export function createWorkspaceServices(db: Db, deps: {
  history: HistoryRepository; users: UsersService; mfa: MfaService; reach: AccountReach; login: LoginService; sessions: SessionService;
  events: AuthEventRecorder; settings?: Partial<WorkspaceSettings>; clock?: () => Date; epoch?: { readonly epoch: number | undefined };
}): WorkspacesService {
  const clock = deps.clock ?? (() => new Date());
  const settings: WorkspaceSettings = { ...DEFAULT_WORKSPACE_SETTINGS, ...deps.settings };
  const repo = new WorkspacesRepository(db);
  const purger = new WorkspacePurger(db, { history: deps.history, repo, archiveDir: settings.archiveDir, clock });
  const switcher = new WorkspaceSwitcher(db, { users: deps.users, mfa: deps.mfa, login: deps.login, sessions: deps.sessions, events: deps.events, repo, clock });
  return new WorkspacesService(db, { history: deps.history, users: deps.users, mfa: deps.mfa, reach: deps.reach, repo, purger, switcher, settings, clock, ...(deps.epoch ? { epoch: deps.epoch } : {}) });
}
