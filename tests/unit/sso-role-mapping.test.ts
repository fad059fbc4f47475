import { describe, expect, it } from 'vitest';
import { claimValues, emailDomainAllowed, mapRole } from '../../src/modules/sso/role-mapping.js';
import { isNonPublicAddress, providerUrlProblem, STRICT_SSO_NETWORK } from '../../src/modules/sso/outbound.js';
import { validateIssuer } from '../../src/modules/sso/schema.js';

const cfg = {
  roleClaim: 'groups',
  roleMappings: [{ value: 'admins', role: 'admin' as const }, { value: 'viewers', role: 'viewer' as const }, { value: 'editors', role: 'editor' as const }],
  defaultRole: null,
};

describe('SSO role mapping', () => {
  it('gives the highest role among the matching rules, whatever their order', () => {
    expect(mapRole(cfg, { groups: ['viewers', 'editors'] })).toBe('editor');
    expect(mapRole({ ...cfg, roleMappings: [...cfg.roleMappings].reverse() }, { groups: ['editors', 'admins', 'viewers'] })).toBe('admin');
    expect(mapRole(cfg, { groups: 'viewers' })).toBe('viewer');
  });

  it('falls back to the default role, else refuses (undefined); values match exactly', () => {
    expect(mapRole(cfg, { groups: ['Admins'] })).toBeUndefined();
    expect(mapRole(cfg, {})).toBeUndefined();
    expect(mapRole(cfg, { roles: ['admins'] })).toBeUndefined();
    expect(mapRole({ ...cfg, defaultRole: 'viewer' }, { groups: ['other'] })).toBe('viewer');
    expect(mapRole({ roleClaim: null, roleMappings: [], defaultRole: 'editor' }, { groups: ['admins'] })).toBe('editor');
  });

  it('reads strings and string arrays only', () => {
    expect(claimValues(['a', 1, null, 'b'])).toEqual(['a', 'b']);
    expect(claimValues({ a: 1 })).toEqual([]);
    expect(claimValues(7)).toEqual([]);
  });

  it('checks email domains exactly (subdomains are listed on their own)', () => {
    expect(emailDomainAllowed([], 'a@anything.test')).toBe(true);
    expect(emailDomainAllowed(['example.com'], 'a@Example.com')).toBe(true);
    expect(emailDomainAllowed(['example.com'], 'a@sub.example.com')).toBe(false);
    expect(emailDomainAllowed(['example.com'], 'a@example.com.evil.test')).toBe(false);
    expect(emailDomainAllowed(['example.com'], 'example.com')).toBe(false);
  });

  it('allows http issuers on loopback only, and only when the instance allows local providers', () => {
    const local = { allowHttp: true, allowPrivate: true };
    for (const u of ['http://127.0.0.1:1', 'http://localhost', 'http://[::1]:8080']) {
      expect(providerUrlProblem(new URL(u), local), u).toBeUndefined();
      expect(providerUrlProblem(new URL(u), STRICT_SSO_NETWORK), u).toMatch(/https|loopback/);
    }
    for (const u of ['http://127.0.0.2', 'http://localhost.evil.test', 'http://0.0.0.0', 'http://idp.example.com']) expect(providerUrlProblem(new URL(u), local), u).toMatch(/https/);
    // Production: http never, even with local providers allowed (the config gives allowHttp=false there).
    expect(providerUrlProblem(new URL('http://127.0.0.1:1'), { allowHttp: false, allowPrivate: true })).toMatch(/https/);
    expect(validateIssuer('https://idp.example.com', STRICT_SSO_NETWORK)).toBe('https://idp.example.com');
    expect(validateIssuer('https://idp.example.com/', STRICT_SSO_NETWORK)).toBe('https://idp.example.com/');
    expect(() => validateIssuer('http://idp.example.com', local)).toThrow();
  });

  it('knows which addresses are not public, in every IPv4 and IPv6 spelling', () => {
    for (const a of ['127.0.0.1', '127.255.0.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
      '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1',
      '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '64:ff9b::a00:1', '2002:7f00:1::1', '::127.0.0.1', 'not-an-ip']) {
      expect(isNonPublicAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '2002:808:808::1']) {
      expect(isNonPublicAddress(a), a).toBe(false);
    }
  });

  it('refuses loopback, private and link-local issuers unless the instance allows them', () => {
    for (const u of ['https://127.0.0.1', 'https://localhost:8443', 'https://10.0.0.5', 'https://169.254.169.254/latest', 'https://[::1]',
      'https://[::ffff:127.0.0.1]', 'https://[fd00::1]', 'https://192.168.0.10', 'https://idp.localhost', 'https://0x7f000001', 'https://2130706433']) {
      expect(providerUrlProblem(new URL(u), STRICT_SSO_NETWORK), u).toMatch(/loopback, private or link-local/);
      expect(providerUrlProblem(new URL(u), { allowHttp: false, allowPrivate: true }), u).toBeUndefined();
    }
    expect(providerUrlProblem(new URL('https://login.example.com/tenant'), STRICT_SSO_NETWORK)).toBeUndefined();
  });
});
