import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/index.js';
import { MigrationError } from '../db/migrator.js';
import { DomainError } from '../shared/errors.js';
import { VERSION } from '../version.js';
import { registerAdminCommands } from './commands/admin.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerCatalogCommands } from './commands/catalog.js';
import { registerDbCommands } from './commands/db.js';
import { registerInvitationCommands } from './commands/invitations.js';
import { registerKeysCommands } from './commands/keys.js';
import { registerPolicyCommands } from './commands/policy.js';
import { registerProfileCommands } from './commands/profile.js';
import { registerTransferCommands } from './commands/transfer.js';
import { registerReferenceCommands } from './commands/references.js';
import { registerVocabCommands } from './commands/vocab.js';
import { registerWorkspaceCommands } from './commands/workspace.js';
import { registerServeCommand } from './commands/serve.js';
import { assertRunsHere } from './backend/index.js';
import { CliError, writeLine, type CliIo } from './io.js';
import type { GlobalOptions } from './runtime.js';

/** Builds the `mdl` program; every command calls the same services as the API. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('mdl')
    .description('MDL — the Metrics Definition Library')
    // `-V` only: a program-level `--version` is matched after the subcommand too and took `show --version <semver>`.
    // `mdl --version` alone still prints it (runCli).
    .version(VERSION, '-V', 'print the version (also: mdl --version)')
    .option('--database <url>', 'database: a SQLite file path or postgres://... (default MDL_DATABASE_URL, else ./.mdl/mdl.db)')
    .option('--server <url>', 'run against a remote MDL server over its REST API (default MDL_SERVER)')
    .option('--api-key <key>', 'API key for --server (default MDL_API_KEY; prefer --api-key-file or the variable: arguments are visible to other local users)')
    .option('--api-key-file <path>', 'read the API key for --server from a file')
    .option('--profile <name>', 'run against the server of a named profile in the CLI config file (default MDL_PROFILE, else its default_profile)')
    .option('--insecure', 'allow plain http:// to a non-loopback server (the key travels in clear)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  const globals = () => program.opts<GlobalOptions>();
  program.hook('preAction', (_self, action) => {
    let top: Command = action;
    while (top.parent && top.parent !== program) top = top.parent;
    assertRunsHere(io, globals(), top.name());
  });
  registerServeCommand(program, io, globals);
  registerCatalogCommands(program, io, globals);
  registerTransferCommands(program, io, globals);
  registerReferenceCommands(program, io, globals);
  registerVocabCommands(program, io, globals);
  registerPolicyCommands(program, io, globals);
  registerDbCommands(program, io, globals);
  registerAuditCommands(program, io, globals);
  registerAdminCommands(program, io, globals);
  registerWorkspaceCommands(program, io, globals);
  registerInvitationCommands(program, io, globals);
  registerKeysCommands(program, io, globals);
  registerProfileCommands(program, io, globals);
  return program;
}

/** One line per failure: the reason, never a stack trace; field issues listed below it. */
function describeFailure(err: unknown): { message: string; issues: string[] } {
  if (err instanceof DomainError) {
    const d = err.details as unknown;
    const issues = Array.isArray(d) ? d.map((i: { path?: string; message?: string }) => `  ${i.path}: ${i.message}`) : [];
    const refs = (d as { referrers?: Array<{ type: string; id: string; field: string }> } | undefined)?.referrers;
    if (refs) issues.push(...refs.map((r) => `  referenced by ${r.type} ${r.id} (${r.field})`));
    return { message: err.message, issues };
  }
  if (err instanceof CliError || err instanceof ConfigError || err instanceof MigrationError) return { message: err.message, issues: [] };
  if (err instanceof Error && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return { message: `${err.message} (${(err as { code: string }).code})`, issues: [] };
  }
  return { message: err instanceof Error ? err.message : String(err), issues: [] };
}

/** Runs the CLI and returns its exit code (0 ok, 1 failure, 2 usage error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv.length === 1 && argv[0] === '--version' ? ['-V'] : argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
    }
    const { message, issues } = describeFailure(err);
    writeLine(io.stderr, `mdl: ${message}`);
    for (const line of issues.slice(0, 50)) writeLine(io.stderr, line);
    if (issues.length > 50) writeLine(io.stderr, `  … and ${issues.length - 50} more`);
    return err instanceof CliError ? err.exitCode : 1;
  }
}
