import { pathToFileURL } from 'node:url';
import { buildApp } from './app.js';
import { ConfigError, describeDatabase, loadConfig } from './config/index.js';
import { connect } from './db/connect.js';
import { migrateToLatest } from './db/migrator.js';
import { VERSION } from './version.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Listening, logging, timeouts and graceful close — everything else lives in buildApp(). */
export async function startServer(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env);
  // No authentication yet (see docs/security.md): refuse anything but loopback.
  if (!LOOPBACK.has(config.host)) {
    throw new ConfigError(`MDL_HOST=${config.host} refused: this version has no authentication and binds to loopback (127.0.0.1, ::1) only`);
  }
  const db = connect(config.database);
  if (config.migrateOnStart) await migrateToLatest(db);
  const app = await buildApp({
    config,
    db,
    logger: {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'], censor: '[redacted]' },
    },
  });
  app.server.requestTimeout = config.requestTimeoutMs;
  app.server.keepAliveTimeout = 5_000;
  app.addHook('onClose', async () => db.destroy());
  await app.listen({ host: config.host, port: config.port });
  app.log.info(`MDL ${VERSION} on http://${config.host}:${config.port} (API /api/v1, docs /api-docs), database ${describeDatabase(config.database)}`);
  app.log.warn('no authentication in this version: listening on loopback only; do not expose this port');

  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (closing) return;
      closing = true;
      app.log.info(`${signal}: closing`);
      const force = setTimeout(() => process.exit(1), 10_000).unref();
      app.close().then(() => { clearTimeout(force); process.exit(0); }, () => process.exit(1));
    });
  }
  return app;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  startServer().catch((err: unknown) => {
    process.stderr.write(`mdl: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
