import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './private-postgres.js';

/**
 * A redis-server of a test's own (no persistence, its own free port), for tests that stall it
 * (SIGSTOP), resume it (SIGCONT), kill it and start it again. The machine's shared Redis is never touched.
 */
export interface PrivateRedis {
  url: string;
  port: number;
  /** SIGSTOP: connections stay open and nothing answers, as a hung server. */
  stall(): void;
  /** SIGCONT after a stall. */
  resume(): void;
  /** SIGKILL; its data is gone. */
  kill(): Promise<void>;
  /** Starts a fresh, empty server on the same port (after kill). */
  start(): Promise<void>;
  /** Kills it, if running. */
  destroy(): Promise<void>;
}

export const privateRedisAvailable = spawnSync('redis-server', ['--version']).status === 0;

/** Resolves once something accepts connections on the port and answers PING. */
async function answersPing(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.setTimeout(500, () => { s.destroy(); resolve(false); });
      s.on('error', () => resolve(false));
      s.on('connect', () => s.write('PING\r\n'));
      s.on('data', (d) => { s.destroy(); resolve(d.toString().startsWith('+PONG')); });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`private redis-server on port ${port} did not answer`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
    await answersPing(port);
  };
  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  // A server left behind by a crashed test run would hold its port for good.
  process.once('exit', () => { child?.kill('SIGKILL'); });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stall: () => { child?.kill('SIGSTOP'); },
    resume: () => { child?.kill('SIGCONT'); },
    kill,
    start,
    destroy: kill,
  };
}
