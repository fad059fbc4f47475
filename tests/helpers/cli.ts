import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { connect } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createServices, type Services } from '../../src/modules/services.js';
import { localContext, type RequestContext } from '../../src/shared/context.js';
import { runCli } from '../../src/cli/program.js';
import type { DatabaseConfig } from '../../src/config/index.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment that points `mdl` at a test database (a SQLite file, or a PostgreSQL schema). */
export function databaseEnv(c: DatabaseConfig): NodeJS.ProcessEnv {
  return c.kind === 'sqlite' ? { MDL_DATABASE_URL: c.file } : { MDL_DATABASE_URL: c.url, MDL_DB_SCHEMA: c.schema };
}

/** Runs `mdl` in-process with captured output (same code path as bin/mdl.js). */
export async function runMdl(args: string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await runCli(args, {
    stdout, stderr, stdin: Readable.from(opts.stdin === undefined ? [] : [opts.stdin]),
    env: { MDL_LOG_LEVEL: 'silent', ...opts.env }, isTTY: false,
  });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/**
 * A fresh local SQLite database for CLI tests, migrated and seeded through the services, closed before
 * the CLI opens it. `cleanup()` removes its folder.
 */
export async function seededLocalDatabase(prefix: string, seed: (s: Services, ctx: RequestContext) => Promise<void>): Promise<{ dir: string; dbArg: string[]; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'mdl.db');
  const db = connect({ kind: 'sqlite', file });
  try {
    await migrateToLatest(db);
    await seed(createServices(db), localContext());
  } finally {
    await db.destroy();
  }
  return { dir, dbArg: ['--database', file], cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
