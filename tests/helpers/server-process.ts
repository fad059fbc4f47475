import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type Db } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createServices } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { SecretBox } from '../../src/shared/secret-box.js';
import { TEST_PASSWORD } from './app.js';

/**
 * The real server as a child process (`node --import tsx src/server.ts`) on an SQLite file of its own,
 * for what only a separate process shows: whether a request ends the process, and the memory it takes
 * (/proc/<pid>/status). Used by tests and by bench/import-yaml-memory.ts.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const SERVER = join(ROOT, 'src', 'server.ts');
export const ADMIN_EMAIL = 'admin@example.com';

/** Migrates `<dir>/mdl.db` and creates the workspace admin the server's clients sign in as. */
export async function seedSqlite(dir: string): Promise<void> {
  const db = connect({ kind: 'sqlite', file: join(dir, 'mdl.db') });
  try {
    await migrateToLatest(db);
    await seedAdmin(db);
  } finally {
    await db.destroy();
  }
}

/** Creates the workspace admin the server's clients sign in as, in a migrated database. */
export async function seedAdmin(db: Db): Promise<void> {
  const services = createServices(db, undefined, { secretBox: SecretBox.ephemeral() });
  await services.identity.users.createUser(localContext('test-setup'), { email: ADMIN_EMAIL, password: TEST_PASSWORD, membership: { workspaceId: 'default', role: 'admin' } });
}

/** A field of /proc/<pid>/status in bytes (VmRSS: resident now, VmHWM: the peak so far); null off Linux or once it exited. */
export function procMemory(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number | null {
  if (pid === undefined) return null;
  try {
    const kb = new RegExp(`^${field}:\\s*(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

export class ServerProcess {
  readonly child: ChildProcess;
  /** The tail of its stdout and stderr (the last 64 KiB). */
  output = '';
  base = '';

  /** Starts the server on `<dir>/mdl.db` (seedSqlite first) on a free port; `env` adds settings. */
  constructor(dir: string, env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: dir, MDL_DATA_DIR: dir, MDL_PORT: '0', MDL_LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => { this.output = (this.output + d.toString()).slice(-65_536); };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits for the start log line ("MDL <version> on http://127.0.0.1:<port> …"): listening, maybe not ready. */
  async listening(ms = 60_000): Promise<string> {
    const until = Date.now() + ms;
    for (;;) {
      const port = /on http:\/\/127\.0\.0\.1:(\d+) /.exec(this.output)?.[1];
      if (port) return (this.base = `http://127.0.0.1:${port}`);
      if (!this.alive || Date.now() > until) throw new Error(`the server did not start listening:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits until it listens and /health/ready answers 200. */
  async ready(ms = 60_000): Promise<string> {
    const until = Date.now() + ms;
    await this.listening(ms);
    for (;;) {
      if (await fetch(`${this.base}/health/ready`).then((r) => r.ok, () => false)) return this.base;
      if (!this.alive || Date.now() > until) throw new Error(`the server did not become ready:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async login(): Promise<string> {
    const r = await fetch(`${this.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN_EMAIL, password: TEST_PASSWORD }) });
    if (r.status !== 200) throw new Error(`login answered ${r.status}: ${await r.text()}`);
    return ((await r.json()) as { access_token: string }).access_token;
  }

  memory(field: 'VmRSS' | 'VmHWM'): number | null {
    return procMemory(this.pid, field);
  }

  /** Resets the peak (VmHWM) to the current RSS, so the next reading is the peak of what follows (Linux). */
  resetPeak(): void {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
    } catch {
      // Not Linux, or not allowed: VmHWM stays the peak since the start.
    }
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const force = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(force);
  }
}
