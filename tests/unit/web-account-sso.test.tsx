// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fieldErrors, toForm, toInput } from '../../web/src/pages/admin/security/sso-form.js';
import type { SsoProbe } from '../../web/src/pages/sign-in-sso.js';
import { SsoSignIn } from '../../web/src/pages/SsoSignIn.js';

/** Single sign-on on the sign-in page (the probe's states) and the SSO settings form's model. */
afterEach(cleanup);
beforeEach(() => localStorage.clear());

function renderSso(linked: string, answers: Record<string, SsoProbe>) {
  const probe = vi.fn(async (id: string) => answers[id] ?? 'unavailable');
  const navigate = vi.fn();
  render(<MantineProvider><SsoSignIn next="/catalog?tier=Tier-1" linked={linked} probe={probe} navigate={navigate} /></MantineProvider>);
  return { probe, navigate, user: userEvent.setup() };
}

const startUrl = (ws: string) => `/api/v1/auth/sso/${ws}/start?mode=cookie&return_to=%2Fcatalog%3Ftier%3DTier-1`;

describe('single sign-on on the sign-in page', () => {
  it('a linked workspace with SSO: the button, after the probe, starts in cookie mode and returns to next', async () => {
    const { probe } = renderSso('acme', { acme: 'enabled' });
    expect(screen.getByText('Checking single sign-on for acme…')).toBeTruthy();
    const button = await screen.findByRole('link', { name: 'Sign in to acme with single sign-on' });
    expect(button.getAttribute('href')).toBe(startUrl('acme'));
    expect(probe).toHaveBeenCalledWith('acme');
  });

  it('a linked workspace without SSO: no button, the field says so and keeps the id', async () => {
    renderSso('nosso', {});
    expect(await screen.findByText(/Single sign-on is not available for “nosso”/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: /with single sign-on/ })).toBeNull();
    expect((screen.getByLabelText('Workspace id for single sign-on') as HTMLInputElement).value).toBe('nosso');
  });

  it('no workspace known: "Use single sign-on" opens the field, which probes, remembers the id and goes', async () => {
    const { user, probe, navigate } = renderSso('', { acme: 'enabled' });
    expect(probe).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Use single sign-on' }));
    await user.type(screen.getByLabelText('Workspace id for single sign-on'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText(/not available for “nope”/)).toBeTruthy();
    expect(navigate).not.toHaveBeenCalled();
    await user.clear(screen.getByLabelText('Workspace id for single sign-on'));
    await user.type(screen.getByLabelText('Workspace id for single sign-on'), ' acme ');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(startUrl('acme')));
    expect(localStorage.getItem('mdl:sso-workspace')).toBe('acme');
  });

  it('the last workspace used here gets its button; one that lost SSO is forgotten', async () => {
    localStorage.setItem('mdl:sso-workspace', 'acme');
    renderSso('', { acme: 'enabled' });
    expect(await screen.findByRole('link', { name: 'Sign in to acme with single sign-on' })).toBeTruthy();
    cleanup();
    renderSso('', {});
    await screen.findByRole('button', { name: 'Use single sign-on' });
    expect(localStorage.getItem('mdl:sso-workspace')).toBeNull();
  });

  it('too many probes and a network failure are said in words', async () => {
    renderSso('acme', { acme: 'throttled' });
    expect(await screen.findByText('Too many attempts. Wait a moment, then try again.')).toBeTruthy();
    cleanup();
    renderSso('acme', { acme: 'failed' });
    expect(await screen.findByText(/could not be reached/)).toBeTruthy();
  });
});

describe('the SSO settings form model', () => {
  const saved = {
    workspace_id: 'default', issuer: 'https://idp.example.com', client_id: 'mdl', client_secret_set: true as const, scopes: ['openid', 'email'],
    allowed_email_domains: ['example.com'], role_claim: 'groups', role_mappings: [{ value: 'staff', role: 'editor' as const }], default_role: null,
    jit_provisioning: true, mfa_amr: ['mfa'], redirect_uri: 'http://x/api/v1/auth/sso/default/callback', created_at: '', updated_at: '',
  };

  it('the secret starts empty and an empty secret is not sent (the stored one is kept)', () => {
    const f = toForm(saved);
    expect(f.client_secret).toBe('');
    const body = toInput(f);
    expect('client_secret' in body).toBe(false);
    expect(body).toMatchObject({ scopes: ['openid', 'email'], allowed_email_domains: ['example.com'], role_mappings: [{ value: 'staff', role: 'editor' }], default_role: null, mfa_amr: ['mfa'] });
    expect(toInput({ ...f, client_secret: 's3cret', mfa_amr: ' ', role_claim: ' ', role_mappings: [{ value: ' ', role: 'admin' }] }))
      .toMatchObject({ client_secret: 's3cret', mfa_amr: null, role_claim: null, role_mappings: [] });
  });

  it('maps the API\'s field issues to the form\'s fields', () => {
    expect(fieldErrors([{ path: 'issuer', message: 'must be https' }, { path: 'allowed_email_domains[1]', message: 'bad' }, { path: 'body.client_id', message: 'x' }]))
      .toEqual({ issuer: 'must be https', allowed_email_domains: 'bad', client_id: 'x' });
    expect(fieldErrors(undefined)).toEqual({});
  });
});
