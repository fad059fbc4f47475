import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL cluster of a test's own (initdb + pg_ctl from /usr/lib/postgresql/<version>/bin), on a
 * free port and a temp directory, for tests that stop and restart the server. The machine's shared
 * PostgreSQL is never touched. As root, the commands run as the `postgres` OS user (initdb refuses root).
 */
export interface PrivatePostgres {
  /** Superuser URL (trust authentication on 127.0.0.1). */
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** `pg_ctl restart -m fast`: sessions are ended with 57P01 admin_shutdown, as a real restart does. */
  restart(): Promise<void>;
  /** Stops the cluster (immediate) and removes its directory. */
  destroy(): Promise<void>;
}

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a))[0];
  return version ? join(root, version, 'bin') : undefined;
}

const asRoot = process.getuid?.() === 0;
const postgresUser = asRoot ? spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }) : undefined;

/** Whether a private cluster can be made here: the binaries, and a non-root user to run them. */
export const privatePostgresAvailable = Boolean(binDir()) && (!asRoot || postgresUser?.status === 0);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'mdl-pg-private-'));
  chmodSync(dir, 0o755);
  if (asRoot) {
    const uid = Number(postgresUser!.stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const port = await freePort();
  // Asynchronous, so the test's own load goes on while the cluster stops and starts.
  const run = (tool: string, args: string[], allowFail = false) => new Promise<void>((resolve, reject) => {
    const cmd = join(bin, tool);
    const child = asRoot ? spawn('runuser', ['-u', 'postgres', '--', cmd, ...args]) : spawn(cmd, args);
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0 || allowFail) return resolve();
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
      reject(new Error(`${tool} ${args.join(' ')} failed (${code}): ${output}\n${log}`));
    });
  });
  await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => run('pg_ctl', ['-D', data, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']),
    restart: () => run('pg_ctl', ['-D', data, '-l', logFile, '-o', options, '-m', 'fast', '-w', '-t', '60', 'restart']),
    destroy: async () => {
      await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '60', 'stop'], true);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
