import { CliError, type CliIo } from '../io.js';
import { requestedRemote, resolveRemote } from '../remote/settings.js';
import { openRuntime, type GlobalOptions } from '../runtime.js';
import { localBackend } from './local.js';
import { remoteBackend } from './remote.js';
import type { Backend } from './types.js';

export type { Backend } from './types.js';

/** The commands that run against either the local database or a remote server (every one with an API equivalent). */
export const REMOTE_COMMANDS = new Set(['list', 'show', 'delete', 'stats', 'policy', 'policies', 'import', 'export', 'refs', 'vocab', 'audit', 'invitations']);

/**
 * Host-only commands: they act on the database or the signing keys directly, for the operator on the
 * host, and have no API equivalent (migrations, accounts outside any login, signing keys, the server,
 * workspaces whatever MDL_WORKSPACE_CREATION allows, purges).
 */
export const HOST_ONLY_COMMANDS = new Set(['db', 'admin', 'keys', 'serve', 'workspace']);

/** The one place that chooses local or remote: a server or profile (flag, environment, default profile) means remote. */
export async function openBackend(io: CliIo, opts: GlobalOptions): Promise<Backend> {
  const remote = resolveRemote(io, opts);
  return remote ? remoteBackend(remote) : localBackend(await openRuntime(io, opts));
}

/** Runs `fn` with a backend and always closes it. */
export async function withBackend<T>(io: CliIo, opts: GlobalOptions, fn: (b: Backend) => Promise<T>): Promise<T> {
  const backend = await openBackend(io, opts);
  try {
    return await fn(backend);
  } finally {
    await backend.close();
  }
}

/** Commands that never open a backend (they edit the CLI config file). */
export const BACKENDLESS_COMMANDS = new Set(['profile']);

/**
 * Host-only commands (db, admin, keys, serve, workspace) refuse an explicit remote request (--server, --profile,
 * MDL_SERVER, MDL_PROFILE) with exit 2; they ignore the config file's default profile.
 */
export function assertRunsHere(io: CliIo, opts: GlobalOptions, command: string): void {
  // Anything not known to work remotely is treated as host-only, so a new command is never sent by mistake.
  if (REMOTE_COMMANDS.has(command) || BACKENDLESS_COMMANDS.has(command)) return;
  const requested = requestedRemote(io, opts);
  if (!requested) return;
  const hint = requested.source.startsWith('MDL_') ? ` (unset ${requested.source} to run it locally)` : '';
  throw new CliError(`"${command}" works only on the local database and cannot be used with ${requested.source}${hint}`, 2);
}
