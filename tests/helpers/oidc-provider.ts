import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

/** An account at the test identity provider: its claims, released by scope (email, profile, groups). */
export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  /**
   * Plays the browser from the provider's authorization URL: the account `accountId` signs in (or
   * the user denies access), consent is granted, and the redirect back to MDL is returned (not followed).
   * `amr`: how the provider says it authenticated the user (RFC 8176), carried into the ID token.
   */
  authorize(authorizationUrl: string, login: ScriptedLogin): Promise<URL>;
  close(): Promise<void>;
}

/** What the scripted sign-in step does: sign `accountId` in (with these `amr` values), or deny access. */
export type ScriptedLogin = { accountId: string; amr?: string[] } | { deny: true };

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 with a random port, one confidential
 * client (client_secret_basic, PKCE required) and a scripted sign-in step instead of login pages.
 */
export async function startTestIdp(opts: { redirectUris: string[]; clientId?: string; clientSecret?: string }): Promise<TestIdp> {
  let handler: Parameters<typeof createServer>[1] = (_req, res) => res.end();
  const server: Server = createServer((req, res) => handler!(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = opts.clientId ?? 'mdl-test';
  const clientSecret = opts.clientSecret ?? `test-client-secret-${Math.random().toString(36).slice(2)}`;
  const accounts = new Map<string, TestAccount>();
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  /** What the scripted sign-in step does next. */
  let pending: ScriptedLogin = { deny: true };

  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId, client_secret: clientSecret, redirect_uris: opts.redirectUris,
      grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys: [jwk] },
    cookies: { keys: ['oidc-provider test cookie key'] },
    // `amr` under `openid`: in every ID token whose login had one (as IdPs that report MFA do).
    claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    // Claims in the ID token itself (as most enterprise IdPs do for groups).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Grant: 600, Session: 600 },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: unknown, id: string) => {
      const a = accounts.get(id);
      return a ? { accountId: id, claims: async () => ({ sub: id, ...a }) } : undefined;
    },
  });
  provider.use(async (ctx: any, next: () => Promise<void>) => {
    if (!/^\/interaction\/[^/]+$/.test(ctx.path)) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    let result;
    if ('deny' in pending) {
      result = { error: 'access_denied', error_description: 'the user denied access' };
    } else {
      const grant = new provider.Grant({ accountId: pending.accountId, clientId: details.params.client_id });
      grant.addOIDCScope(String(details.params.scope));
      result = { login: { accountId: pending.accountId, ...(pending.amr ? { amr: pending.amr } : {}) }, consent: { grantId: await grant.save() } };
    }
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
    ctx.status = 303;
    ctx.redirect(returnTo);
  });
  handler = provider.callback();

  return {
    issuer, clientId, clientSecret, accounts,
    async authorize(authorizationUrl, login) {
      pending = login;
      const jar = new Map<string, string>();
      let url = new URL(authorizationUrl);
      for (let hop = 0; hop < 10; hop++) {
        const r = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
        for (const c of r.headers.getSetCookie()) {
          const [pair] = c.split(';');
          const eq = pair!.indexOf('=');
          jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
        }
        const location = r.headers.get('location');
        if (!location) throw new Error(`the provider did not redirect from ${url.pathname}: ${r.status} ${await r.text()}`);
        await r.arrayBuffer().catch(() => undefined);
        const next = new URL(location, url);
        if (next.origin !== issuer) return next;
        url = next;
      }
      throw new Error('too many redirects at the provider');
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
