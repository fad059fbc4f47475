import type { Command } from 'commander';
import { describeDatabase } from '../../config/index.js';
import { connect } from '../../db/connect.js';
import { migrateDown, migrateToLatest, migrationStatus } from '../../db/migrator.js';
import { writeLine, type CliIo } from '../io.js';
import { configFor, type GlobalOptions } from '../runtime.js';

export function registerDbCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const db = program.command('db').description('database migrations');
  const run = async (fn: (d: ReturnType<typeof connect>) => Promise<void>) => {
    const config = configFor(io, globals());
    const conn = connect(config.database);
    try {
      writeLine(io.stderr, `database: ${describeDatabase(config.database)}`);
      await fn(conn);
    } finally {
      await conn.destroy();
    }
  };
  db.command('migrate').description('apply all pending migrations').action(() => run(async (d) => {
    const applied = await migrateToLatest(d);
    writeLine(io.stdout, applied.length ? `applied: ${applied.join(', ')}` : 'already up to date');
  }));
  db.command('rollback').description('revert the most recent migration').action(() => run(async (d) => {
    const reverted = await migrateDown(d);
    writeLine(io.stdout, reverted.length ? `reverted: ${reverted.join(', ')}` : 'nothing to revert');
  }));
  db.command('status').description('list migrations and when they ran').action(() => run(async (d) => {
    for (const m of await migrationStatus(d)) writeLine(io.stdout, `${m.executedAt ? 'applied ' : 'pending '} ${m.name}${m.executedAt ? `  ${m.executedAt.toISOString()}` : ''}`);
  }));
}
