import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMdl, type CliResult } from '../helpers/cli.js';
import { startRemoteTestServer, type RemoteTestServer } from '../helpers/remote.js';

/**
 * `mdl invitations` against a real server on a loopback port: an admin key creates (the link printed
 * once), lists, resends and revokes; the invitee runs `accept` with the link and the password on stdin.
 * Local mode (the host's database) prints the same, with the bare path when no MDL_PUBLIC_URL is set.
 */
const NEW_PW = 'cli invitee passphrase lantern 93';
const TOKEN_LINK = /^http:\/\/127\.0\.0\.1:\d+\/invite#token=[A-Za-z0-9_-]{43}$/;

describe('mdl invitations (remote mode against a real server; local mode on its database)', () => {
  let server: RemoteTestServer;
  let adminKey: string;
  let viewerKey: string;
  const remote = (args: string[], stdin?: string, key = adminKey): Promise<CliResult> =>
    runMdl(['--server', server.url, '--api-key', key, 'invitations', ...args], { stdin });
  const accept = (args: string[], stdin?: string): Promise<CliResult> => runMdl(['invitations', 'accept', ...args], { stdin });
  const local = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
    runMdl(['--database', server.dbFile, 'invitations', ...args], { env });
  const lines = (s: string) => s.split('\n').filter((l) => l !== '');
  const roleOf = async (email: string) => (await server.t.tdb.db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.role').where('m.workspace_id', '=', 'default').where('u.email', '=', email).executeTakeFirst())?.role;

  beforeAll(async () => {
    server = await startRemoteTestServer({ dirPrefix: 'mdl-inv-cli-' });
    adminKey = await server.createKey(['admin']);
    viewerKey = await server.createKey(['metrics:read']);
  });
  afterAll(async () => server?.close());

  it('prints help for every invitations command', async () => {
    for (const c of ['list', 'create', 'resend', 'revoke', 'accept']) {
      const r = await runMdl(['invitations', c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toMatch(new RegExp(`^Usage: mdl invitations ${c}`));
    }
  });

  it('create prints the id and the link once; accept joins with the password from stdin, once', async () => {
    const created = await remote(['create', '--email', 'CLI.Invitee@Example.com', '--role', 'editor']);
    expect(created.code, created.stderr).toBe(0);
    const [id, link, ...rest] = lines(created.stdout);
    expect(id).toMatch(/^inv_/);
    expect(link).toMatch(TOKEN_LINK);
    expect(rest).toEqual([]);
    expect(created.stderr).toMatch(/invited cli\.invitee@example\.com as editor; no email is configured: give them this link, shown once, valid until /);
    expect(created.stderr).not.toContain(link!);
    const token = new URL(link!).hash.replace('#token=', '');

    // The password is never taken from the command line, and a link goes only to its own server.
    expect((await accept([link!])).code).toBe(2);
    const elsewhere = await accept(['--server', 'http://127.0.0.1:1', link!, '--password-stdin'], NEW_PW);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/the link is for http:\/\/127\.0\.0\.1:\d+/);
    expect((await accept([token, '--password-stdin'], NEW_PW)).code).toBe(2); // a bare token needs --server

    const ok = await accept([link!, '--password-stdin', '--display-name', 'CLI Invitee'], `${NEW_PW}\n`);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('default\n');
    expect(ok.stderr).toBe('you joined workspace default as editor\n');
    expect(await roleOf('cli.invitee@example.com')).toBe('editor');
    const user = await server.t.services.identity.users.getByEmail('cli.invitee@example.com');
    expect(user.displayName).toBe('CLI Invitee');
    expect((await server.t.services.identity.users.authenticate('cli.invitee@example.com', NEW_PW)).id).toBe(user.id);

    const again = await accept(['--server', server.url, token, '--password-stdin'], NEW_PW);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/invalid, expired or already used invitation/);
    const accepted = JSON.parse((await remote(['list', '--status', 'accepted', '--json'])).stdout);
    expect(accepted.map((i: { id: string }) => i.id)).toEqual([id]);
  });

  it('list shows pending invitations; resend prints a new link and kills the old; revoke kills it', async () => {
    const first = lines((await remote(['create', '--email', 'resend-me@example.com', '--role', 'viewer'])).stdout);
    const second = lines((await remote(['create', '--email', 'revoke-me@example.com', '--role', 'admin'])).stdout);

    const table = await remote(['list']);
    expect(table.code, table.stderr).toBe(0);
    const [header, rule, ...rows] = lines(table.stdout);
    expect(rule).toMatch(/^[- ]+$/);
    expect(header).toMatch(/^ID\s+EMAIL\s+ROLE\s+STATUS\s+EXPIRES\s+DELIVERY$/);
    expect(rows.map((r) => r.split(/\s+/).slice(0, 4))).toEqual([
      [second[0], 'revoke-me@example.com', 'admin', 'pending'],
      [first[0], 'resend-me@example.com', 'viewer', 'pending'],
    ]);
    expect(table.stdout).not.toMatch(/token/);
    const json = JSON.parse((await remote(['list', '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(json.map((i) => i.email)).toEqual(['revoke-me@example.com', 'resend-me@example.com']);
    expect(JSON.stringify(json)).not.toMatch(/token|"link":/);

    const resent = await remote(['resend', first[0]!]);
    expect(resent.code, resent.stderr).toBe(0);
    const [sameId, newLink] = lines(resent.stdout);
    expect(sameId).toBe(first[0]);
    expect(newLink).toMatch(TOKEN_LINK);
    expect(newLink).not.toBe(first[1]);
    expect(resent.stderr).toMatch(/invitation resent to resend-me@example\.com as viewer/);
    expect((await accept([first[1]!, '--password-stdin'], NEW_PW)).code).toBe(1);

    const revoked = await remote(['revoke', second[0]!]);
    expect(revoked).toMatchObject({ code: 0, stdout: '', stderr: `invitation ${second[0]} is revoked\n` });
    expect((await accept([second[1]!, '--password-stdin'], NEW_PW)).code).toBe(1);
    expect(await roleOf('revoke-me@example.com')).toBeUndefined();
    const pending = JSON.parse((await remote(['list', '--json'])).stdout).map((i: { id: string }) => i.id);
    expect(pending).toEqual([first[0]]);
    expect(JSON.parse((await remote(['list', '--status', 'revoked', '--json'])).stdout).map((i: { id: string }) => i.id)).toEqual([second[0]]);

    const joined = await accept([newLink!, '--password-stdin', '--json'], NEW_PW);
    expect(joined.code, joined.stderr).toBe(0);
    expect(JSON.parse(joined.stdout)).toMatchObject({ workspace_id: 'default', role: 'viewer', access_token: expect.any(String), refresh_token: expect.any(String) });
  });

  it('refuses what it cannot do: a key without the admin scope, --workspace in remote mode, bad options', async () => {
    const forbidden = await remote(['list'], undefined, viewerKey);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toMatch(/admin/);
    const ws = await remote(['list', '--workspace', 'other']);
    expect(ws.code).toBe(2);
    expect(ws.stderr).toMatch(/--workspace works in local mode only/);
    expect((await remote(['list', '--status', 'bogus'])).code).toBe(2);
    expect((await remote(['list', '--limit', '0'])).code).toBe(2);
    const badRole = await remote(['create', '--email', 'x@example.com', '--role', 'owner']);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toMatch(/role/);
    const notLink = await accept(['https://127.0.0.1/elsewhere#token=abc', '--password-stdin'], NEW_PW);
    expect(notLink.code).toBe(2);
    expect(notLink.stderr).toMatch(/\/invite#token=/);
  });

  it('local mode on the host: the bare path without MDL_PUBLIC_URL, the whole link with it; the token works on the server', async () => {
    const bare = await local(['create', '--email', 'local-one@example.com', '--role', 'viewer']);
    expect(bare.code, bare.stderr).toBe(0);
    const [, path] = lines(bare.stdout);
    expect(path).toMatch(/^\/invite#token=[A-Za-z0-9_-]{43}$/);
    expect(bare.stderr).toMatch(/MDL_PUBLIC_URL is not set/);
    const joined = await accept([`${server.url}${path}`, '--password-stdin'], NEW_PW);
    expect(joined.code, joined.stderr).toBe(0);
    expect(await roleOf('local-one@example.com')).toBe('viewer');

    const full = await local(['create', '--email', 'local-two@example.com', '--role', 'editor'], { MDL_PUBLIC_URL: 'http://127.0.0.1:8080' });
    expect(full.code, full.stderr).toBe(0);
    expect(lines(full.stdout)[1]).toMatch(/^http:\/\/127\.0\.0\.1:8080\/invite#token=[A-Za-z0-9_-]{43}$/);
    const listed = await local(['list', '--json']);
    expect(JSON.parse(listed.stdout).map((i: { email: string }) => i.email)).toContain('local-two@example.com');
    const other = await local(['list', '--workspace', 'nowhere', '--json']);
    expect(other.code).toBe(0);
    expect(JSON.parse(other.stdout)).toEqual([]);
  });
});
