/** The server child process of bench:api: start, readiness, stop, and cleanup on exit and signals. */
import type autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT } from './machine.js';

// ---------------------------------------------------------------------------------------------------------
// Cleanup: the server child and the temporary directory go away on success, failure and Ctrl-C.

let server: ChildProcess | undefined;
let serverOutput = '';
let tempDir: string | undefined;
let current: autocannon.Instance | undefined;
let interrupted = false;

/** The autocannon run in progress, stopped on cleanup and when the server dies (set by the load generator). */
export function setCurrentRun(instance: autocannon.Instance | undefined): void {
  current = instance;
}

export function isInterrupted(): boolean {
  return interrupted;
}

export function serverPid(): number | undefined {
  return server?.pid;
}

/** Creates the temporary directory for the catalog and database; cleanupSync() removes it. */
export function createTempDir(): string {
  tempDir = mkdtempSync(join(os.tmpdir(), 'mdl-bench-api-'));
  return tempDir;
}

export function cleanupSync(): void {
  current?.stop();
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

export async function stopServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

process.on('exit', cleanupSync);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    interrupted = true;
    process.stderr.write(`\nbench:api: ${signal}, stopping the server and removing ${tempDir ?? 'the temporary files'}\n`);
    cleanupSync();
    process.exit(130);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Start

/** Starts the built server with `env` and waits until `${base}/health/ready` answers (20 s at most). */
export async function startServer(serverEntry: string, env: NodeJS.ProcessEnv, base: string): Promise<ChildProcess> {
  const t = performance.now();
  const child = spawn(process.execPath, [serverEntry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  const keep = (d: Buffer) => { serverOutput = (serverOutput + d.toString()).slice(-16_384); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('exit', (code, signal) => {
    if (!interrupted && current) {
      process.stderr.write(`bench:api: the server exited during the run (${signal ?? `exit ${code}`})\n${serverOutput}\n`);
      current.stop();
    }
  });
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited at start:\n${serverOutput}`);
    if (performance.now() - t > 20_000) throw new Error(`the server was not ready within 20 s:\n${serverOutput}`);
    const ok = await fetch(`${base}/health/ready`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return child;
}
