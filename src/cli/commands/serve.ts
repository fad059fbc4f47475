import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { GlobalOptions } from '../runtime.js';

export function registerServeCommand(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('serve')
    .description('serve the API and docs (same as npm start)')
    .option('--port <port>', 'port (MDL_PORT)')
    .option('--host <host>', 'address to bind (MDL_HOST); beyond loopback, use TLS or a TLS proxy')
    .action(async (o: { port?: string; host?: string }) => {
      const { startServer } = await import('../../server.js');
      const g = globals();
      await startServer({
        ...io.env,
        ...(o.port ? { MDL_PORT: o.port } : {}),
        ...(o.host ? { MDL_HOST: o.host } : {}),
        ...(g.database ? { MDL_DATABASE_URL: g.database } : {}),
      });
      // Keep running until a signal closes the server.
      await new Promise(() => undefined);
    });
}
