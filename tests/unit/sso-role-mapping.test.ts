import { describe, expect, it } from 'vitest';
import { claimValues, emailDomainAllowed, mapRole } from '../../src/modules/sso/role-mapping.js';
import { isLoopbackHttp, validateIssuer } from '../../src/modules/sso/schema.js';

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

  it('allows http issuers on loopback only', () => {
    for (const u of ['http://127.0.0.1:1', 'http://localhost', 'http://[::1]:8080']) expect(isLoopbackHttp(new URL(u))).toBe(true);
    for (const u of ['http://127.0.0.2', 'http://localhost.evil.test', 'https://127.0.0.1', 'http://0.0.0.0']) expect(isLoopbackHttp(new URL(u))).toBe(false);
    expect(validateIssuer('https://idp.example.com')).toBe('https://idp.example.com');
    expect(validateIssuer('https://idp.example.com/')).toBe('https://idp.example.com/');
    expect(() => validateIssuer('http://idp.example.com')).toThrow();
  });
});
