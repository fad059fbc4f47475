import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { buildApp } from './app.js';
import { ConfigError, describeDatabase, loadConfig, type Config } from './config/index.js';
import { resolveSecretKeys } from './config/secret-keys.js';
import { isLoopbackHost } from './config/secrets.js';
import { connect, databaseRole, rlsBypassProblem } from './db/connect.js';
import { migrateToLatest } from './db/migrator.js';
import { retryWhileUnavailable } from './db/retry.js';
import { StartupGate } from './http/health.js';
import { createRedisClient, describeRedis } from './http/redis.js';
import { describeReseal } from './modules/secrets/reseal.js';
import { createServices } from './modules/services.js';
import { SecretBox } from './shared/secret-box.js';
import { VERSION } from './version.js';

/** How often the server purges deleted workspaces whose retention has run out. */
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

export interface StartOptions {
  /** Where the JSON log goes (default: stdout). Tests pass a stream to read it. */
  logStream?: NodeJS.WritableStream;
}

/** The TLS certificate and key, read once at start; an unreadable file stops the start. */
function readTls(tls: Config['tls']): { cert: Buffer; key: Buffer } | undefined {
  if (!tls) return undefined;
  const read = (setting: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new ConfigError(`${setting}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
  return { cert: read('MDL_TLS_CERT_FILE', tls.certFile), key: read('MDL_TLS_KEY_FILE', tls.keyFile) };
}

/**
 * Listening, logging, timeouts and graceful close — everything else lives in buildApp().
 * Any address may be bound (every route authenticates, rate limits and security headers apply);
 * MDL_ENV=production refuses plain HTTP beyond loopback unless MDL_TRUST_PROXY_TLS says a TLS proxy is in front,
 * and other modes warn.
 */
export async function startServer(env: NodeJS.ProcessEnv = process.env, options: StartOptions = {}) {
  const config = loadConfig(env);
  const https = readTls(config.tls);
  const db = connect(config.database);
  // Secrets at rest are sealed with MDL_SECRET_KEY (outside production, else the development key file).
  const setup = (() => {
    try {
      return resolveSecretKeys(config);
    } catch (err) {
      void db.destroy();
      throw err;
    }
  })();
  const services = createServices(db, config.auth, { secretBox: new SecretBox(setup.keys), ssoNetwork: config.ssoNetwork, invitations: config.invitations, workspaces: config.workspaces });
  // Shared rate-limit counters when MDL_REDIS_URL is set; in-process otherwise (and during a Redis outage).
  const redis = config.rateLimit.redisUrl ? createRedisClient(config.rateLimit.redisUrl, config.rateLimit.redisTimeoutMs) : undefined;
  // Listening comes first and the database work after it, retried while the database cannot be reached:
  // meanwhile readiness answers 503 `database: "connecting"` and every other route 503 DATABASE_UNAVAILABLE.
  const startup = new StartupGate();
  const app = await buildApp({
    config,
    db,
    services,
    startup,
    workspaces: { purgeIntervalMs: PURGE_INTERVAL_MS },
    rateLimit: { ...config.rateLimit, redis },
    principalCache: config.principalCache,
    security: config.security,
    trustedProxies: config.trustedProxies,
    ...(https ? { https } : {}),
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    logger: {
      level: config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'], censor: '[redacted]' },
    },
  }).catch(async (err: unknown) => { await db.destroy(); redis?.disconnect(); throw err; });
  app.addHook('onClose', async () => db.destroy());
  if (redis) app.addHook('onClose', async () => redis.disconnect());
  if (!https && !config.trustProxyTls && !isLoopbackHost(config.host)) {
    // Production refused this in loadConfig; elsewhere it is allowed, but tokens and passwords would cross the network in clear.
    app.log.warn(`MDL_HOST=${config.host} binds beyond loopback without TLS: credentials travel in clear text. Set MDL_TLS_CERT_FILE and MDL_TLS_KEY_FILE, or MDL_TRUST_PROXY_TLS=true behind a TLS-terminating proxy (MDL_ENV=production refuses to start like this)`);
  }
  // A failed listen (the port is in use) closes the database and Redis (the onClose hooks), whose open
  // connections would otherwise keep `mdl serve` running after it has reported the failure.
  await app.listen({ host: config.host, port: config.port }).catch(async (err: unknown) => { await app.close(); throw err; });
  // The port bound, which MDL_PORT=0 leaves to the system.
  const bound = app.server.address();
  const port = typeof bound === 'object' && bound ? bound.port : config.port;
  const scheme = https ? 'https' : 'http';
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  app.log.info(`MDL ${VERSION} on ${scheme}://${shownHost}:${port} (API /api/v1, docs /api-docs), database ${describeDatabase(config.database)}, mode ${config.env}${config.security.hsts ? ', HSTS on' : ''}${config.security.corsOrigins.length > 0 ? `, CORS for ${config.security.corsOrigins.join(' ')}` : ''}`);

  const stopping = new AbortController();
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (closing) return;
      closing = true;
      stopping.abort();
      app.log.info(`${signal}: closing`);
      const force = setTimeout(() => process.exit(1), 10_000).unref();
      app.close().then(() => { clearTimeout(force); process.exit(0); }, () => process.exit(1));
    });
  }

  const atStart = await retryWhileUnavailable(async () => {
    // Row-level security binds neither superusers nor BYPASSRLS roles: warn, and refuse in production unless allowed.
    const bypass = rlsBypassProblem(await databaseRole(db));
    if (bypass && config.env === 'production' && !config.allowRlsBypass) throw new ConfigError(`refusing to start (MDL_ENV=production): ${bypass}`);
    if (config.migrateOnStart) await migrateToLatest(db);
    // Values in clear or sealed by a previous key are re-sealed now, so a wrong key stops the start here.
    return { bypass, resealed: await services.secrets.resealAll() };
  }, {
    giveUpMs: config.databaseStartTimeoutMs,
    signal: stopping.signal,
    onRetry: (code, attempt, delayMs) => app.log.warn({ dbCode: code, attempt }, `the database cannot be reached yet (${code}): retrying in ${delayMs} ms`),
  }).catch(async (err: unknown) => { if (!closing) await app.close(); throw err; });
  startup.markReady();
  app.purgeTimer.start(); // deleted workspaces past their retention: now, then hourly
  if (atStart.bypass) app.log.warn(config.allowRlsBypass ? `${atStart.bypass} (accepted: MDL_ALLOW_RLS_BYPASS=true)` : atStart.bypass);
  app.log.info(setup.notice);
  if (setup.warning) app.log.warn(setup.warning);
  const moved = atStart.resealed.filter((r) => r.resealed > 0);
  if (moved.length > 0) app.log.info(`secrets at rest re-sealed under the current key: ${describeReseal(moved).join('; ')}`);
  app.log.info(`rate limits: ${config.rateLimit.max} requests per ${config.rateLimit.windowMs} ms per principal or IP, ${config.rateLimit.loginMaxFailures} credential failures per ${config.rateLimit.loginWindowMs} ms; counters ${redis && config.rateLimit.redisUrl ? `in Redis ${describeRedis(config.rateLimit.redisUrl)}` : 'in-process'}`);
  await announceSetup(services, port, (line) => process.stderr.write(`${line}\n`), scheme, config.host);
  return app;
}

/**
 * First run: no accounts exist, so print a one-time setup token (30 minutes, single use) that
 * POST /api/v1/setup exchanges for the first admin. Written to the terminal only, never to the log.
 * `mdl admin create` on the host is the alternative.
 */
export async function announceSetup(services: ReturnType<typeof createServices>, port: number, print: (line: string) => void, scheme: 'http' | 'https' = 'http', host = '127.0.0.1'): Promise<void> {
  const issued = await services.identity.setup.issueSetupToken(30);
  if (!issued) return;
  // A wildcard bind is reachable on loopback; a specific address only on itself.
  const target = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  print('');
  print('MDL has no accounts yet. Create the first admin within 30 minutes with this one-time token:');
  print(`  curl ${scheme === 'https' ? '--cacert <your CA certificate> ' : ''}-X POST ${scheme}://${target}:${port}/api/v1/setup -H 'content-type: application/json' \\`);
  print(`    -d '{"token":"${issued.token}","email":"you@example.com","password":"<12+ characters>"}'`);
  // In a clone `mdl` is not on PATH: npx finds the package's own bin.
  print("or, on this host, from the MDL folder: echo -n '<12+ characters>' | npx mdl admin create --email you@example.com --password-stdin");
  print('then sign in: POST /api/v1/auth/login (see the README)');
  print('');
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  startServer().catch((err: unknown) => {
    process.stderr.write(`mdl: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
