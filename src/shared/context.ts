/**
 * Who is acting, where, and for which request. Every service call takes one; the auth issue fills
 * `actor` and `workspaceId` from the credential instead of the defaults used until then.
 */
export interface RequestContext {
  workspaceId: string;
  actor: string;
  requestId?: string;
  /** Client address, for the audit log; absent for the CLI. */
  ip?: string;
}

export const DEFAULT_WORKSPACE = 'default';

/**
 * Reserved (created by migration 0006; not a valid slug, so no one can create or join it): its audit
 * chain holds the authentication events no workspace can be named for.
 */
export const SYSTEM_WORKSPACE = '_system';

export function localContext(actor = 'local-cli', workspaceId = DEFAULT_WORKSPACE): RequestContext {
  return { workspaceId, actor };
}
