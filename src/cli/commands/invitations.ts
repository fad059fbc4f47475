import type { Command } from 'commander';
import { withWorkspace } from '../../db/tenant-context.js';
import type { InvitationView, IssuedInvitation } from '../../modules/invitations/index.js';
import { INVITE_PATH } from '../../modules/invitations/index.js';
import { DEFAULT_WORKSPACE, type RequestContext } from '../../shared/context.js';
import { escapeForTerminal, table, toJson } from '../format.js';
import { CliError, writeLine, type CliIo } from '../io.js';
import { RemoteClient } from '../remote/client.js';
import { parseServerUrl, requestedRemote, resolveRemote } from '../remote/settings.js';
import { openRuntime, type GlobalOptions } from '../runtime.js';
import { readPassword } from './admin.js';

/** What an admin does with invitations, against the local database or a remote server (the same answers). */
interface InvitationsBackend {
  list(status: string, limit: number): Promise<InvitationView[]>;
  create(email: string, role: string): Promise<Answer>;
  resend(id: string): Promise<Answer>;
  revoke(id: string): Promise<void>;
  close(): Promise<void>;
}

/** The API's create/resend answer; locally without MDL_PUBLIC_URL there is no origin, so only the token. */
type Answer = Pick<IssuedInvitation, 'invitation' | 'delivery'> & { link: string | null; token?: string };

const enc = encodeURIComponent;

/**
 * Local mode acts on `--workspace` (default `default`) as the host; remote mode on the API key's
 * workspace (the key needs the `admin` scope), where `--workspace` is refused rather than ignored.
 */
async function openInvitations(io: CliIo, opts: GlobalOptions, workspace: string | undefined): Promise<InvitationsBackend> {
  const remote = resolveRemote(io, opts);
  if (remote) {
    if (workspace !== undefined) throw new CliError('--workspace works in local mode only: remote mode acts on the API key\'s workspace', 2);
    const api = new RemoteClient(remote);
    return {
      list: async (status, limit) => (await api.json<{ items: InvitationView[] }>('GET', '/invitations', { query: { status, limit } })).items,
      create: (email, role) => api.json<Answer>('POST', '/invitations', { body: JSON.stringify({ email, role }), contentType: 'application/json' }),
      resend: (id) => api.json<Answer>('POST', `/invitations/${enc(id)}/resend`),
      revoke: async (id) => { await api.send('DELETE', `/invitations/${enc(id)}`); },
      close: async () => undefined,
    };
  }
  const rt = await openRuntime(io, opts);
  const { manage } = rt.services.invitations;
  const ctx: RequestContext = { ...rt.ctx, workspaceId: workspace ?? DEFAULT_WORKSPACE };
  const scoped = <T>(fn: () => Promise<T>): Promise<T> => withWorkspace(ctx.workspaceId, fn);
  const local = (i: IssuedInvitation): Answer => ({ invitation: i.invitation, delivery: i.delivery, link: i.link ?? null, ...(i.link ? {} : { token: i.token }) });
  return {
    list: (status, limit) => scoped(() => manage.list(ctx.workspaceId, { status, limit })),
    create: async (email, role) => local(await scoped(() => manage.create(ctx, { email, role }, rt.config.publicUrl))),
    resend: async (id) => local(await scoped(() => manage.resend(ctx, id, rt.config.publicUrl))),
    revoke: (id) => scoped(() => manage.revoke(ctx, id)),
    close: () => rt.close(),
  };
}

/**
 * `mdl invitations` (alias `mdl invitation`): admins invite, list, resend and revoke; the invitee runs
 * `accept` against the server of the link. The link (a credential) is printed only when it was not
 * emailed, as the API answers it.
 */
export function registerInvitationCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const inv = program.command('invitations').alias('invitation').description('invite people to a workspace; accept an invitation (remote)');
  const WS = 'local mode: the workspace (default "default"); remote mode uses the API key\'s';
  const run = async <T>(workspace: string | undefined, fn: (b: InvitationsBackend) => Promise<T>): Promise<T> => {
    const b = await openInvitations(io, globals(), workspace);
    try {
      return await fn(b);
    } finally {
      await b.close();
    }
  };
  const report = (a: Answer, verb: string) => {
    if (a.delivery.method === 'email' && a.delivery.status === 'sent') {
      writeLine(io.stderr, `${verb} ${escapeForTerminal(a.invitation.email)} as ${a.invitation.role}: the link was emailed (valid until ${a.invitation.expires_at})`);
      return;
    }
    const why = a.delivery.method === 'email' ? `the email failed (${a.delivery.status === 'failed' ? a.delivery.reason : ''})` : 'no email is configured';
    writeLine(io.stderr, `${verb} ${escapeForTerminal(a.invitation.email)} as ${a.invitation.role}; ${why}: give them this link, shown once, valid until ${a.invitation.expires_at}:`);
    if (a.link) writeLine(io.stdout, a.link);
    else if (a.token) {
      writeLine(io.stdout, `${INVITE_PATH}#token=${a.token}`);
      writeLine(io.stderr, '(MDL_PUBLIC_URL is not set: put the server\'s address in front of that path)');
    }
  };
  /** What create and resend print: the answer as JSON, or its id and then how the link went out. */
  const printIssued = (a: Answer, verb: string, json: boolean | undefined) => {
    if (json) return writeLine(io.stdout, toJson(a));
    writeLine(io.stdout, a.invitation.id);
    report(a, verb);
  };

  inv.command('list')
    .description('invitations of the workspace, newest first')
    .option('--status <status>', 'pending, expired, accepted, revoked or all', 'pending')
    .option('--limit <n>', 'at most this many (1 to 500)', '100')
    .option('--workspace <id>', WS)
    .option('--json', 'print JSON instead of a table')
    .action(async (o: { status: string; limit: string; workspace?: string; json?: boolean }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new CliError('--limit must be a whole number from 1 to 500', 2);
      if (!['pending', 'expired', 'accepted', 'revoked', 'all'].includes(o.status)) throw new CliError('--status must be pending, expired, accepted, revoked or all', 2);
      const items = await run(o.workspace, (b) => b.list(o.status, limit));
      if (o.json) return writeLine(io.stdout, toJson(items));
      if (items.length === 0) return writeLine(io.stderr, `no ${o.status === 'all' ? '' : `${o.status} `}invitations`);
      writeLine(io.stdout, table(items as unknown as Array<Record<string, unknown>>, [
        { key: 'id', label: 'ID' }, { key: 'email', label: 'EMAIL', max: 40 }, { key: 'role', label: 'ROLE' }, { key: 'status', label: 'STATUS' },
        { key: 'expires_at', label: 'EXPIRES' }, { key: 'delivery', label: 'DELIVERY' },
      ]));
    });

  inv.command('create')
    .description('invite an email address with a role (prints the id, and the link when it was not emailed)')
    .requiredOption('--email <email>', 'the address to invite')
    .requiredOption('--role <role>', 'viewer, editor or admin')
    .option('--workspace <id>', WS)
    .option('--json', 'print the answer as JSON')
    .action(async (o: { email: string; role: string; workspace?: string; json?: boolean }) => {
      printIssued(await run(o.workspace, (b) => b.create(o.email, o.role)), 'invited', o.json);
    });

  inv.command('resend')
    .description('send again with a new link (the old one stops working) and a new expiry')
    .argument('<id>', 'the invitation')
    .option('--workspace <id>', WS)
    .option('--json', 'print the answer as JSON')
    .action(async (id: string, o: { workspace?: string; json?: boolean }) => {
      printIssued(await run(o.workspace, (b) => b.resend(id)), 'invitation resent to', o.json);
    });

  inv.command('revoke')
    .description('revoke an invitation: its link stops working')
    .argument('<id>', 'the invitation')
    .option('--workspace <id>', WS)
    .action(async (id: string, o: { workspace?: string }) => {
      await run(o.workspace, (b) => b.revoke(id));
      writeLine(io.stderr, `invitation ${escapeForTerminal(id)} is revoked`);
    });

  inv.command('accept')
    .description('accept an invitation on its server: your password from stdin (an existing account\'s, or the one to set for a new account)')
    .argument('<link|token>', 'the link (https://…/invite#token=…), or the token with --server')
    .option('--password-stdin', 'read the password from stdin (one line); otherwise a prompt on a terminal')
    .option('--display-name <name>', 'your name, for a new account')
    .option('--mfa-code <code>', 'an existing account with two-factor authentication: a TOTP or recovery code')
    .option('--json', 'print the answer, with the session\'s access and refresh tokens, as JSON')
    .action(async (given: string, o: { passwordStdin?: boolean; displayName?: string; mfaCode?: string; json?: boolean }) => {
      const { server, token } = acceptTarget(io, globals(), given);
      const password = await readPassword(io, o, false);
      // A public route: no API key is sent (the invitee has none yet).
      const api = new RemoteClient({ ...server, apiKey: '' });
      const body = { token, password, ...(o.displayName ? { display_name: o.displayName } : {}), ...(o.mfaCode ? { mfa_code: o.mfaCode } : {}) };
      const r = await api.json<{ workspace_id: string; role: string; already_member?: true }>('POST', '/invitations/accept', { body: JSON.stringify(body), contentType: 'application/json' });
      if (o.json) return writeLine(io.stdout, toJson(r));
      writeLine(io.stdout, r.workspace_id);
      writeLine(io.stderr, r.already_member
        ? `you were already a member of workspace ${r.workspace_id} (role ${r.role}); the invitation is used up`
        : `you joined workspace ${r.workspace_id} as ${r.role}`);
    });
}

/**
 * Where `accept` sends the password: the link's own server, checked like --server (https, or http to
 * loopback, or --insecure). A bare token needs --server (or MDL_SERVER); a link and a different --server
 * is a usage error, so the password never goes somewhere the user did not name.
 */
function acceptTarget(io: CliIo, opts: GlobalOptions, given: string): { server: { apiBase: string; origin: string }; token: string } {
  const requested = requestedRemote(io, opts);
  if (requested?.kind === 'profile') throw new CliError(`accept takes the link, or a token with --server, not ${requested.source}`, 2);
  if (opts.database !== undefined) throw new CliError('accept runs against the server of the invitation (remote mode), not --database', 2);
  if (/^https?:\/\//i.test(given)) {
    let url: URL;
    try {
      url = new URL(given);
    } catch {
      throw new CliError('the invitation link is not a URL', 2);
    }
    const token = new URLSearchParams(url.hash.slice(1)).get('token');
    if (!token || url.pathname !== INVITE_PATH) throw new CliError(`the link must look like https://<server>${INVITE_PATH}#token=…`, 2);
    const server = parseServerUrl(url.origin, 'the invitation link', opts.insecure);
    if (requested && parseServerUrl(requested.url, requested.source, opts.insecure).origin !== server.origin) {
      throw new CliError(`the link is for ${server.origin}, not ${requested.source}: give one of them`, 2);
    }
    return { server, token };
  }
  if (!requested) throw new CliError('give the whole link, or the token with --server (or MDL_SERVER)', 2);
  return { server: parseServerUrl(requested.url, requested.source, opts.insecure), token: given.trim() };
}
