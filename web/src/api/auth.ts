import { api, ApiError, rememberCsrf, unwrap } from './client.js';
import type { paths } from './schema.js';

type LoginAnswer = paths['/api/v1/auth/login']['post']['responses'][200]['content']['application/json'];
export type Workspace = paths['/api/v1/workspaces']['get']['responses'][200]['content']['application/json']['items'][number];

/** Who is signed in (GET /me, which declares no response schema: its shape is in identity/routes.ts). */
export interface Me {
  user: { id: string; email: string; displayName?: string };
  workspace_id: string;
  role: 'viewer' | 'editor' | 'admin';
  scopes: string[];
  credential: string;
}

export type LoginResult = { kind: 'session' } | { kind: 'mfa'; mfaToken: string };

function toResult(answer: LoginAnswer): LoginResult {
  if ('mfa_required' in answer) return { kind: 'mfa', mfaToken: answer.mfa_token };
  if ('csrf_token' in answer) rememberCsrf(answer.csrf_token);
  return { kind: 'session' };
}

/** The functions the sign-in form calls (an interface, so its tests can give their own). */
export interface AuthApi {
  login(email: string, password: string, workspace?: string): Promise<LoginResult>;
  completeMfa(mfaToken: string, code: string): Promise<LoginResult>;
}

export const authApi: AuthApi = {
  async login(email, password, workspace) {
    const body = { email, password, mode: 'cookie' as const, ...(workspace ? { workspace } : {}) };
    return toResult(await unwrap(api.POST('/api/v1/auth/login', { body })));
  },
  async completeMfa(mfaToken, code) {
    return toResult(await unwrap(api.POST('/api/v1/auth/mfa', { body: { mfa_token: mfaToken, code, mode: 'cookie' } })));
  },
};

/** The workspaces a "say which one" 401 lists, if that is what it is. */
export function workspacesToChoose(err: unknown): string[] | null {
  if (!(err instanceof ApiError) || err.status !== 401) return null;
  const list = (err.details as { workspaces?: unknown } | undefined)?.workspaces;
  return Array.isArray(list) && list.every((w) => typeof w === 'string') ? list : null;
}

export const fetchMe = () => unwrap(api.GET('/api/v1/me')) as unknown as Promise<Me>;
export const fetchWorkspaces = async () => (await unwrap(api.GET('/api/v1/workspaces'))).items;
export const fetchSetupStatus = async () => (await unwrap(api.GET('/api/v1/setup'))).needs_setup;

export async function runSetup(token: string, email: string, password: string): Promise<void> {
  await unwrap(api.POST('/api/v1/setup', { body: { token, email, password } }));
}

export async function signOut(): Promise<void> {
  await unwrap(api.POST('/api/v1/auth/logout'));
  rememberCsrf(undefined);
}

export async function switchWorkspace(workspaceId: string): Promise<void> {
  const answer = await unwrap(api.POST('/api/v1/auth/switch', { body: { workspace_id: workspaceId } }));
  if ('csrf_token' in answer) rememberCsrf(answer.csrf_token);
}

/** Where a single sign-on login for a workspace starts (a full-page navigation to the provider). */
export function ssoStartUrl(workspaceId: string, returnTo: string): string {
  const q = new URLSearchParams({ mode: 'cookie', return_to: returnTo });
  return `/api/v1/auth/sso/${encodeURIComponent(workspaceId)}/start?${q.toString()}`;
}
