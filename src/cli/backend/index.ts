import { CliError, type CliIo } from '../io.js';
import { requestedServer, resolveRemote } from '../remote/settings.js';
import { openRuntime, type GlobalOptions } from '../runtime.js';
import { localBackend } from './local.js';
import { remoteBackend } from './remote.js';
import type { Backend } from './types.js';

export type { Backend } from './types.js';

/** The commands that run against either the local database or a remote server. */
export const REMOTE_COMMANDS = new Set(['list', 'show', 'delete', 'stats', 'policy', 'import', 'export']);

/** The one place that chooses local or remote: --server/MDL_SERVER means remote. */
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

/** Local-only commands (db, admin, keys, audit, serve, policies) refuse remote mode with exit 2. */
export function assertRunsHere(io: CliIo, opts: GlobalOptions, command: string): void {
  const requested = requestedServer(io, opts);
  if (!requested || REMOTE_COMMANDS.has(command)) return;
  const hint = requested.source === 'MDL_SERVER' ? ' (unset MDL_SERVER to run it locally)' : '';
  throw new CliError(`"${command}" works only on the local database and cannot be used with ${requested.source}${hint}`, 2);
}
