import { pathToFileURL } from 'node:url';
import { buildApp } from './app.js';
import { ConfigError, describeDatabase, loadConfig } from './config/index.js';
import { connect } from './db/connect.js';
import { migrateToLatest } from './db/migrator.js';
import { createServices } from './modules/services.js';
import { VERSION } from './version.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Listening, logging, timeouts and graceful close — everything else lives in buildApp(). */
export async function startServer(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env);
  // Authentication is enforced, but rate limits, security headers and TLS guidance are not in yet
  // (docs/security.md): until they are, refuse anything but loopback.
  if (!LOOPBACK.has(config.host)) {
    throw new ConfigError(`MDL_HOST=${config.host} refused: this version binds to loopback (127.0.0.1, ::1) only until rate limiting and security headers are in place`);
  }
  const db = connect(config.database);
  if (config.migrateOnStart) await migrateToLatest(db);
  const services = createServices(db, config.auth);
  const app = await buildApp({
    config,
    db,
    services,
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
  await announceSetup(services, config.port, (line) => process.stderr.write(`${line}\n`));

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

/**
 * First run: no accounts exist, so print a one-time setup token (30 minutes, single use) that
 * POST /api/v1/setup exchanges for the first admin. Written to the terminal only, never to the log.
 * `mdl admin create` on the host is the alternative.
 */
export async function announceSetup(services: ReturnType<typeof createServices>, port: number, print: (line: string) => void): Promise<void> {
  const issued = await services.identity.setup.issueSetupToken(30);
  if (!issued) return;
  print('');
  print('MDL has no accounts yet. Create the first admin within 30 minutes with this one-time token:');
  print(`  curl -X POST http://127.0.0.1:${port}/api/v1/setup -H 'content-type: application/json' \\`);
  print(`    -d '{"token":"${issued.token}","email":"you@example.com","password":"<12+ characters>"}'`);
  print('or, on this host: mdl admin create --email you@example.com --password-stdin');
  print('');
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  startServer().catch((err: unknown) => {
    process.stderr.write(`mdl: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
