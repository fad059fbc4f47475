import type { Command } from 'commander';
import type { Readable } from 'node:stream';
import type { IdentityServices } from '../../modules/identity/index.js';
import { PASSWORD_MAX_LENGTH } from '../../modules/identity/passwords.js';
import { CliError, writeLine, type CliIo } from '../io.js';
import { withRuntime, type GlobalOptions, type Runtime } from '../runtime.js';

interface PasswordOptions {
  passwordStdin?: boolean;
}

/** Upper bound on what is read from stdin for a password (the policy allows at most 1024 characters). */
const MAX_STDIN_BYTES = PASSWORD_MAX_LENGTH * 4 + 2;

/**
 * Account administration on the local database. Passwords come from stdin (`--password-stdin`) or a
 * no-echo prompt on a terminal, never from argv; only ids are printed, never a password.
 */
export function registerAdminCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const admin = program.command('admin').description('user accounts: create an admin, instance admins, reset a password, disable a user, first-run setup token');
  const run = <T>(fn: (identity: IdentityServices, rt: Runtime) => Promise<T>) =>
    withRuntime(io, globals(), (rt) => fn(rt.services.identity, rt));

  admin
    .command('create')
    .description('create a user who is admin of a workspace (password read from stdin); the first account is also an instance admin')
    .requiredOption('--email <email>', 'email address (the login name)')
    .option('--name <name>', 'display name')
    .option('--workspace <id>', 'workspace the user administers', 'default')
    .option('--create-workspace', 'create that workspace too, in the same step')
    .option('--workspace-name <name>', 'display name of the workspace --create-workspace makes (default: its id)')
    .option('--instance-admin', 'also an instance admin: may create workspaces through the API (MDL_WORKSPACE_CREATION=instance-admins)')
    .option('--password-stdin', 'read the password from stdin (one line)')
    .action(async (o: PasswordOptions & { email: string; name?: string; workspace: string; createWorkspace?: boolean; workspaceName?: string; instanceAdmin?: boolean }) => {
      const password = await readPassword(io, o, true);
      const user = await run(async ({ users, setup }, rt) => {
        // The first account runs the instance, as the one first-run setup makes does.
        const instanceAdmin = o.instanceAdmin === true || (await setup.needsSetup());
        const input = { email: o.email, password, displayName: o.name, instanceAdmin };
        if (o.createWorkspace) {
          return (await rt.services.workspaces.createWithNewAdmin(rt.ctx, { id: o.workspace, name: o.workspaceName ?? o.workspace }, input)).user;
        }
        return users.createUser({ ...rt.ctx, workspaceId: o.workspace }, { ...input, membership: { workspaceId: o.workspace, role: 'admin' } });
      });
      writeLine(io.stdout, user.id);
      writeLine(io.stderr, `created ${user.email} as admin of ${o.createWorkspace ? 'the new ' : ''}workspace ${o.workspace}`);
    });

  admin
    .command('instance-admin')
    .description('make an account an instance admin (may create workspaces through the API), or no longer one with --revoke')
    .requiredOption('--email <email>', 'email address of the user')
    .option('--revoke', 'remove the flag instead')
    .action(async (o: { email: string; revoke?: boolean }) => {
      const user = await run((_identity, rt) => rt.services.workspaces.setInstanceAdmin(rt.ctx, o.email, !o.revoke));
      writeLine(io.stdout, user.id);
      writeLine(io.stderr, `${user.email} is ${o.revoke ? 'no longer' : 'now'} an instance admin`);
    });

  admin
    .command('reset-password')
    .description("set a user's password (read from stdin) and end all their sessions and API keys")
    .requiredOption('--email <email>', 'email address of the user')
    .option('--password-stdin', 'read the new password from stdin (one line)')
    .action(async (o: PasswordOptions & { email: string }) => {
      const password = await readPassword(io, o, true);
      const user = await run(async ({ users }, rt) => {
        const u = await users.getByEmail(o.email);
        await users.resetPassword(rt.ctx, u.id, password);
        return u;
      });
      writeLine(io.stdout, user.id);
      writeLine(io.stderr, `password reset for ${user.email}; their sessions and API keys are revoked`);
    });

  admin
    .command('disable')
    .description('disable a user (no more logins) and end all their sessions and API keys')
    .requiredOption('--email <email>', 'email address of the user')
    .action(async (o: { email: string }) => {
      const user = await run(async ({ users }, rt) => users.disable(rt.ctx, (await users.getByEmail(o.email)).id));
      writeLine(io.stdout, user.id);
      writeLine(io.stderr, `disabled ${user.email}; their sessions and API keys are revoked`);
    });

  admin
    .command('setup-token')
    .description('print a one-time token to create the first admin through the API (only while no user exists)')
    .option('--ttl <minutes>', 'minutes the token stays valid', '30')
    .action(async (o: { ttl: string }) => {
      const ttl = Number(o.ttl);
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > 10080) throw new CliError('--ttl must be a whole number of minutes from 1 to 10080', 2);
      const issued = await run(({ setup }) => setup.issueSetupToken(ttl));
      if (!issued) throw new CliError('setup is already complete: users exist (use `mdl admin create` instead)');
      writeLine(io.stdout, issued.token);
      writeLine(io.stderr, `one-time setup token, valid until ${issued.expiresAt}`);
    });
}

/** From stdin with `--password-stdin`; otherwise a no-echo prompt when stdin is a terminal. */
export async function readPassword(io: CliIo, o: PasswordOptions, confirm: boolean): Promise<string> {
  if (o.passwordStdin) {
    const text = await readAll(io.stdin);
    const password = text.replace(/\r?\n$/, '');
    if (password.includes('\n')) throw new CliError('the password on stdin must be a single line');
    if (password === '') throw new CliError('no password on stdin');
    return password;
  }
  const tty = io.stdin as Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => void };
  if (!tty.isTTY || typeof tty.setRawMode !== 'function') {
    throw new CliError('pass the password on stdin with --password-stdin (it is never read from the command line)', 2);
  }
  const first = await promptHidden(io, tty as Readable & { setRawMode: (raw: boolean) => void }, 'Password: ');
  if (confirm) {
    const again = await promptHidden(io, tty as Readable & { setRawMode: (raw: boolean) => void }, 'Repeat password: ');
    if (again !== first) throw new CliError('the passwords do not match');
  }
  return first;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_STDIN_BYTES) throw new CliError('the password on stdin is too long');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads one line in raw mode without echoing it; Ctrl-C or Ctrl-D aborts. */
function promptHidden(io: CliIo, input: Readable & { setRawMode: (raw: boolean) => void }, label: string): Promise<string> {
  io.stderr.write(label);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      io.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || ch === '\u0004') return finish(new CliError('aborted', 130));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (value.length <= PASSWORD_MAX_LENGTH * 2) value += ch;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}
