// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const api = vi.hoisted(() => ({
  fetchMfaStatus: vi.fn(), startTotp: vi.fn(), confirmTotp: vi.fn(), disableTotp: vi.fn(),
  fetchSessions: vi.fn(), revokeSession: vi.fn(), revokeAllSessions: vi.fn(), changePassword: vi.fn(),
}));
vi.mock('../../web/src/pages/account/api.js', async (importOriginal) => ({ ...(await importOriginal<object>()), ...api }));

const { describeAgent, recoveryCodesText } = await import('../../web/src/pages/account/api.js');
const { MfaPanel, groupSecret } = await import('../../web/src/pages/account/MfaPanel.js');
const { RecoveryCodes } = await import('../../web/src/pages/account/RecoveryCodes.js');
const { Sessions } = await import('../../web/src/pages/account/Sessions.js');

afterEach(cleanup);
beforeEach(() => { for (const f of Object.values(api)) f.mockReset(); });

function wrap(ui: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(<MantineProvider><QueryClientProvider client={client}><MemoryRouter>{ui}</MemoryRouter></QueryClientProvider></MantineProvider>);
  return userEvent.setup();
}

const CODES = Array.from({ length: 10 }, (_, i) => `abcd-efgh-${String(i).padStart(4, '0')}`);
const OFF = { enabled: false, pending: false, enabled_at: null, recovery_codes_left: 0, policy: 'all', enrolment_required: true };
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('recovery codes, shown once', () => {
  it('lists every code as text, offers copy and a text download, and lets go of them when saved', async () => {
    const onDone = vi.fn();
    const user = wrap(<RecoveryCodes codes={CODES} account="ann@example.com" onDone={onDone} />);
    const list = screen.getByRole('list', { name: 'Recovery codes' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(CODES);
    expect(screen.getByText(/shown only this once/)).toBeTruthy();
    const download = screen.getByRole('link', { name: 'Download as text' });
    expect(decodeURIComponent(download.getAttribute('href')!.replace(/^data:text\/plain;charset=utf-8,/, ''))).toBe(recoveryCodesText(CODES, 'ann@example.com'));
    expect(download.getAttribute('download')).toBe('mdl-recovery-codes.txt');
    expect(screen.getByRole('button', { name: 'Copy the codes' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'I have saved them' }));
    expect(onDone).toHaveBeenCalledOnce();
  });

  it('the text file names the account and holds one code a line', () => {
    const text = recoveryCodesText(CODES, 'ann@example.com');
    expect(text).toContain('ann@example.com');
    expect(text.split('\n').filter((l) => /^abcd-/.test(l))).toEqual(CODES);
  });
});

describe('TOTP enrolment', () => {
  it('says the workspace requires it, shows the QR code and the key, checks the code, then shows the recovery codes once', async () => {
    api.fetchMfaStatus.mockResolvedValue(OFF);
    api.startTotp.mockResolvedValue({ secret: SECRET, otpauth_uri: `otpauth://totp/MDL:ann@example.com?secret=${SECRET}&issuer=MDL` });
    api.confirmTotp.mockResolvedValue({ enabled: true, recovery_codes: CODES });
    const user = wrap(<MfaPanel account="ann@example.com" />);
    expect(await screen.findByText('Your workspace requires two-factor authentication')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Set up an authenticator app' }));
    expect((await screen.findByTestId('totp-secret')).textContent).toBe(groupSecret(SECRET));
    const qr = await screen.findByRole('img', { name: /QR code to add ann@example.com/ });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    // A code that is not 6 digits is not sent.
    await user.type(screen.getByLabelText(/Enter the code it shows/), '12345');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    expect(await screen.findByText('Enter the 6-digit code your app shows now.')).toBeTruthy();
    expect(api.confirmTotp).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText(/Enter the code it shows/), '6');
    // The server's status after the confirmation (the page asks again once it is on).
    api.fetchMfaStatus.mockResolvedValue({ ...OFF, enabled: true, enabled_at: '2026-12-04T00:00:00Z', recovery_codes_left: 10, enrolment_required: false });
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    await waitFor(() => expect(api.confirmTotp).toHaveBeenCalledWith('123456'));
    expect(await screen.findByTestId('recovery-codes')).toBeTruthy();
    expect(screen.queryByTestId('totp-secret')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'I have saved them' }));
    // Gone for good: the status says "on", and no code is left in the page.
    expect(await screen.findByText(/10 recovery codes left/)).toBeTruthy();
    expect(document.body.textContent).not.toContain(CODES[0]);
    expect(screen.queryByText('Your workspace requires two-factor authentication')).toBeNull();
  });

  it('a refused first code is said, and the field is cleared for the next one', async () => {
    const { ApiError } = await import('../../web/src/api/client.js');
    api.fetchMfaStatus.mockResolvedValue({ ...OFF, enrolment_required: false, policy: 'none' });
    api.startTotp.mockResolvedValue({ secret: SECRET, otpauth_uri: `otpauth://totp/MDL:a?secret=${SECRET}` });
    api.confirmTotp.mockRejectedValue(new ApiError(401, 'MFA_CODE_REJECTED', 'the code was not accepted'));
    const user = wrap(<MfaPanel account="a" />);
    await user.click(await screen.findByRole('button', { name: 'Set up an authenticator app' }));
    await user.type(await screen.findByLabelText(/Enter the code it shows/), '000000');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    expect(await screen.findByText('the code was not accepted')).toBeTruthy();
    expect((screen.getByLabelText(/Enter the code it shows/) as HTMLInputElement).value).toBe('');
  });

  it('turning it off asks for a code, a recovery code or the password, and sends the one chosen', async () => {
    api.fetchMfaStatus.mockResolvedValue({ ...OFF, enabled: true, enabled_at: '2026-12-01T00:00:00Z', recovery_codes_left: 2, enrolment_required: false, policy: 'none' });
    api.disableTotp.mockResolvedValue(null);
    const user = wrap(<MfaPanel account="a" />);
    expect(await screen.findByText('Few recovery codes left')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Turn off two-factor authentication' }));
    await user.click(screen.getByText('Password'));
    await user.type(screen.getByLabelText('Your password'), 'pw secret');
    await user.click(screen.getByRole('button', { name: 'Turn off' }));
    await waitFor(() => expect(api.disableTotp).toHaveBeenCalledWith({ password: 'pw secret' }));
  });
});

describe('sessions', () => {
  const S = (id: string, current: boolean, ua: string) => ({
    id, current, workspaceId: 'default', createdAt: '2026-12-01T10:00:00Z', lastUsedAt: '2026-12-04T10:00:00Z', expiresAt: '2026-12-30T00:00:00Z', userAgent: ua, ip: '127.0.0.1', authMethod: 'password',
  });

  it('marks the current session in words and revokes another one by its id', async () => {
    api.fetchSessions.mockResolvedValue([S('other', false, 'Mozilla/5.0 (Windows NT 10.0) Firefox/133.0'), S('mine', true, 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0')]);
    api.revokeSession.mockResolvedValue(null);
    const user = wrap(<Sessions />);
    const rows = await screen.findAllByTestId('session-row');
    expect(within(rows[0]!).getByText('This session')).toBeTruthy();
    expect(within(rows[0]!).getByText('Chrome on Linux')).toBeTruthy();
    expect(within(rows[1]!).queryByText('This session')).toBeNull();
    await user.click(within(rows[1]!).getByRole('button', { name: /^Revoke the session on Firefox on Windows/ }));
    await waitFor(() => expect(api.revokeSession).toHaveBeenCalledWith('other'));
    await waitFor(() => expect(api.fetchSessions).toHaveBeenCalledTimes(2));
  });

  it('sign out everywhere asks first', async () => {
    api.fetchSessions.mockResolvedValue([S('mine', true, 'curl/8')]);
    api.revokeAllSessions.mockResolvedValue(null);
    const user = wrap(<Sessions />);
    await user.click(await screen.findByRole('button', { name: 'Sign out everywhere' }));
    expect(api.revokeAllSessions).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Yes, sign out everywhere' }));
    await waitFor(() => expect(api.revokeAllSessions).toHaveBeenCalledOnce());
  });

  it('describes user agents in words', () => {
    expect(describeAgent(null)).toBe('Unknown device');
    expect(describeAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605 Version/17 Safari/605')).toBe('Safari on macOS');
    expect(describeAgent('curl/8.5.0')).toBe('curl');
  });
});

describe('the password form', () => {
  it('checks the repetition before sending, then sends the current and the new password', async () => {
    const { PasswordForm } = await import('../../web/src/pages/account/PasswordForm.js');
    api.changePassword.mockResolvedValue(null);
    const user = wrap(<PasswordForm />);
    await user.type(screen.getByLabelText('Current password'), 'old pass');
    await user.type(screen.getByLabelText('New password'), 'a new long passphrase');
    await user.type(screen.getByLabelText('Repeat the new password'), 'a new long passphrasE');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('The new password and its repetition differ.')).toBeTruthy();
    expect(api.changePassword).not.toHaveBeenCalled();
    await user.clear(screen.getByLabelText('Repeat the new password'));
    await user.type(screen.getByLabelText('Repeat the new password'), 'a new long passphrase');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(api.changePassword).toHaveBeenCalledWith('old pass', 'a new long passphrase'));
  });
});
