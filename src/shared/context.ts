/**
 * Who is acting, where, and for which request. Every service call takes one; the auth issue fills
 * `actor` and `workspaceId` from the credential instead of the defaults used until then.
 */
export interface RequestContext {
  workspaceId: string;
  actor: string;
  requestId?: string;
}

export const DEFAULT_WORKSPACE = 'default';

export function localContext(actor = 'local-cli', workspaceId = DEFAULT_WORKSPACE): RequestContext {
  return { workspaceId, actor };
}
