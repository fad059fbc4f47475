import type { Command } from 'commander';
import { SigningKeyStore } from '../../modules/auth/signing-keys.js';
import { table, toJson } from '../format.js';
import { writeLine, type CliIo } from '../io.js';
import { withRuntime, type GlobalOptions } from '../runtime.js';

/** `mdl keys`: the access-token signing keys. Prints kids and dates only, never key material. */
export function registerKeysCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const keys = program.command('keys').description('access-token signing keys');
  keys
    .command('rotate')
    .description('add a new signing key; the previous one keeps verifying until the tokens it signed expire')
    .action(async () => {
      await withRuntime(io, globals(), async ({ db }) => {
        const { kid } = await new SigningKeyStore(db).rotate();
        writeLine(io.stdout, kid);
      });
    });
  keys
    .command('list')
    .description('list signing keys: kid, created, retired and status (signing, verifying, retired)')
    .option('--json', 'print JSON instead of a table')
    .action(async (o: { json?: boolean }) => {
      await withRuntime(io, globals(), async ({ db }) => {
        const list = await new SigningKeyStore(db).list();
        if (o.json) return writeLine(io.stdout, toJson(list));
        if (list.length === 0) return writeLine(io.stdout, 'no signing keys yet (the first is created on first use, or by `mdl keys rotate`)');
        const rows = list.map((k) => ({ ...k, retiredAt: k.retiredAt ?? '-' }));
        writeLine(io.stdout, table(rows, [
          { key: 'kid', label: 'KID' },
          { key: 'alg', label: 'ALG' },
          { key: 'createdAt', label: 'CREATED' },
          { key: 'retiredAt', label: 'RETIRED' },
          { key: 'status', label: 'STATUS' },
        ]));
      });
    });
}
