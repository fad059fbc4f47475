import { api, ApiError } from '../api/client.js';

/**
 * Single sign-on on the sign-in page. The server lists no workspaces with a provider (that would tell
 * anyone which exist), so the page asks about one: from `?workspace=`, the last one used here, or typed
 * in. GET /auth/sso/:workspace answers 200 or one 404 for "no SSO" and "no such workspace" alike.
 */
export type SsoProbe = 'enabled' | 'unavailable' | 'throttled' | 'failed';
export type ProbeSso = (workspaceId: string) => Promise<SsoProbe>;

export const probeSso: ProbeSso = async (workspaceId) => {
  try {
    const r = await api.GET('/api/v1/auth/sso/{workspaceId}', { params: { path: { workspaceId } } });
    if (r.response.ok && r.data?.enabled) return 'enabled';
    if (r.response.status === 404 || r.response.status === 400) return 'unavailable';
    if (r.response.status === 429) return 'throttled';
    return 'failed';
  } catch (err) {
    return err instanceof ApiError && err.status === 429 ? 'throttled' : 'failed';
  }
};

/** A workspace id as the start route takes it (1–64 characters, no spaces). */
export const validWorkspaceId = (id: string) => /^[^\s/?#]{1,64}$/.test(id);

/** The last workspace signed in to with SSO on this browser: a workspace id, not a secret. */
const KEY = 'mdl:sso-workspace';
export const lastSsoWorkspace = (): string => {
  try {
    const v = localStorage.getItem(KEY) ?? '';
    return validWorkspaceId(v) ? v : '';
  } catch {
    return '';
  }
};
export const rememberSsoWorkspace = (id: string | null) => {
  try {
    if (id) localStorage.setItem(KEY, id); else localStorage.removeItem(KEY);
  } catch {
    // Storage refused (private mode): the field still works.
  }
};

/** What the page says for a probe that did not find single sign-on. */
export function probeMessage(p: Exclude<SsoProbe, 'enabled'>, workspaceId: string): string {
  switch (p) {
    case 'unavailable': return `Single sign-on is not available for “${workspaceId}”. Check the workspace id, or sign in with your password.`;
    case 'throttled': return 'Too many attempts. Wait a moment, then try again.';
    case 'failed': return 'The server could not be reached. Check your connection and try again.';
  }
}
