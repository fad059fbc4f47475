import type { Command } from 'commander';
import { describeReseal } from '../../modules/secrets/reseal.js';
import { table, toJson } from '../format.js';
import { writeLine, type CliIo } from '../io.js';
import { withRuntime, type GlobalOptions } from '../runtime.js';

/**
 * `mdl keys`: the access-token signing keys, and re-encryption of secrets at rest (MDL_SECRET_KEY).
 * Prints kids, dates and counts only, never key material.
 */
export function registerKeysCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const keys = program.command('keys').description('access-token signing keys; re-encryption of secrets at rest');
  keys
    .command('rotate')
    .description('add a new signing key; the previous one keeps verifying until the tokens it signed expire')
    .action(async () => {
      await withRuntime(io, globals(), async ({ services }) => {
        const { kid } = await services.auth.signingKeys.rotate();
        writeLine(io.stdout, kid);
      });
    });
  keys
    .command('list')
    .description('list signing keys: kid, created, retired and status (signing, verifying, retired)')
    .option('--json', 'print JSON instead of a table')
    .action(async (o: { json?: boolean }) => {
      await withRuntime(io, globals(), async ({ services }) => {
        const list = await services.auth.signingKeys.list();
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
  keys
    .command('reencrypt')
    .description('re-seal every secret at rest (signing keys, TOTP secrets, OIDC client secrets) that is in clear or sealed by a key in MDL_SECRET_KEY_PREVIOUS under MDL_SECRET_KEY, one transaction per table (the server also does this at start-up)')
    .option('--json', 'print JSON instead of text')
    .action(async (o: { json?: boolean }) => {
      await withRuntime(io, globals(), async ({ services }) => {
        const reports = await services.secrets.resealAll();
        const keyId = services.secrets.box.currentKeyId;
        if (o.json) return writeLine(io.stdout, toJson({ key_id: keyId, tables: reports }));
        for (const line of describeReseal(reports)) writeLine(io.stdout, line);
        writeLine(io.stdout, `every value is now sealed by key ${keyId}`);
      });
    });
}
