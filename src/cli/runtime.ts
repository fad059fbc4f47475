import { loadConfig, type Config } from '../config/index.js';
import { secretBoxFor } from '../config/secret-keys.js';
import { connect, type Db } from '../db/connect.js';
import { migrateToLatest } from '../db/migrator.js';
import { createServices, type Services } from '../modules/services.js';
import { localContext, type RequestContext } from '../shared/context.js';
import { writeLine, type CliIo } from './io.js';

export interface GlobalOptions {
  database?: string;
  /** Remote mode: the server URL (else MDL_SERVER). */
  server?: string;
  apiKey?: string;
  apiKeyFile?: string;
  /** Remote mode: a named profile from the CLI config file (else MDL_PROFILE, else its default_profile). */
  profile?: string;
  /** Allow plain http:// to a non-loopback host. */
  insecure?: boolean;
}

export interface Runtime {
  config: Config;
  db: Db;
  services: Services;
  ctx: RequestContext;
  close(): Promise<void>;
}

export function configFor(io: CliIo, opts: GlobalOptions): Config {
  return loadConfig(opts.database ? { ...io.env, MDL_DATABASE_URL: opts.database } : io.env);
}

/** Opens the local database the same way the server does (migrating first when configured). */
export async function openRuntime(io: CliIo, opts: GlobalOptions, { migrate = true } = {}): Promise<Runtime> {
  const config = configFor(io, opts);
  const db = connect(config.database);
  try {
    if (migrate && config.migrateOnStart) await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  // Resolved on first use: only commands that touch a secret read (or create) the development key file.
  const secretBox = secretBoxFor(config, {
    deferred: true,
    onResolved: (s) => {
      if (s.created) writeLine(io.stderr, `mdl: ${s.notice}`);
      if (s.warning) writeLine(io.stderr, `mdl: warning: ${s.warning}`);
    },
  });
  return { config, db, services: createServices(db, config.auth, { secretBox, ssoNetwork: config.ssoNetwork, invitations: config.invitations, workspaces: config.workspaces }), ctx: localContext(io.env.USER ? `cli:${io.env.USER}` : 'local-cli'), close: () => db.destroy() };
}

/** Runs `fn` with an open runtime and always closes it. */
export async function withRuntime<T>(io: CliIo, opts: GlobalOptions, fn: (rt: Runtime) => Promise<T>, o?: { migrate?: boolean }): Promise<T> {
  const rt = await openRuntime(io, opts, o);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}
