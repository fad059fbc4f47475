// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthApi, LoginResult } from '../../web/src/api/auth.js';
import { ApiError } from '../../web/src/api/client.js';
import { SignInForm } from '../../web/src/pages/SignInForm.js';
import { initialSignIn, signInReducer, validate } from '../../web/src/pages/sign-in-machine.js';

afterEach(cleanup);

/** An AuthApi whose answers the test scripts, recording each call. */
function scriptedAuth(login: Array<LoginResult | ApiError>, mfa: Array<LoginResult | ApiError> = []) {
  const answer = (queue: Array<LoginResult | ApiError>) => async () => {
    const next = queue.shift();
    if (!next) throw new Error('unexpected call');
    if (next instanceof ApiError) throw next;
    return next;
  };
  const auth = { login: vi.fn(answer(login)), completeMfa: vi.fn(answer(mfa)) } satisfies AuthApi;
  return auth;
}

function renderForm(auth: AuthApi, onSignedIn = vi.fn()) {
  render(<MantineProvider><SignInForm auth={auth} onSignedIn={onSignedIn} /></MantineProvider>);
  return { user: userEvent.setup(), onSignedIn };
}

const password = () => screen.getByLabelText(/^Password/);

describe('the sign-in form', () => {
  it('signs in with email and password, trimming the email but not the password', async () => {
    const auth = scriptedAuth([{ kind: 'session' }]);
    const { user, onSignedIn } = renderForm(auth);
    await user.type(screen.getByLabelText(/^Email/), '  ann@example.com ');
    await user.type(password(), ' secret with spaces ');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledOnce());
    expect(auth.login).toHaveBeenCalledWith('ann@example.com', ' secret with spaces ', undefined);
  });

  it('says what is missing without calling the API', async () => {
    const auth = scriptedAuth([]);
    const { user } = renderForm(auth);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Enter your email address.');
    await user.type(screen.getByLabelText(/^Email/), 'ann@example.com');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Enter your password.'));
    expect(auth.login).not.toHaveBeenCalled();
  });

  it('shows the server\'s message for a wrong password, as text, and lets the user try again', async () => {
    const auth = scriptedAuth([new ApiError(401, 'UNAUTHORIZED', 'invalid email or password <b>x</b>'), { kind: 'session' }]);
    const { user, onSignedIn } = renderForm(auth);
    await user.type(screen.getByLabelText(/^Email/), 'ann@example.com');
    await user.type(password(), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('invalid email or password <b>x</b>');
    expect(alert.querySelector('b')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledOnce());
  });

  it('asks which workspace when the account has several, then signs in to the chosen one', async () => {
    const several = new ApiError(401, 'UNAUTHORIZED', 'this account belongs to several workspaces: say which one', { workspaces: ['default', 'acme'] });
    const auth = scriptedAuth([several, { kind: 'session' }]);
    const { user, onSignedIn } = renderForm(auth);
    await user.type(screen.getByLabelText(/^Email/), 'ann@example.com');
    await user.type(password(), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const select = await screen.findByLabelText(/^Workspace/);
    await user.selectOptions(select, 'acme');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledOnce());
    expect(auth.login).toHaveBeenLastCalledWith('ann@example.com', 'pw', 'acme');
  });

  it('goes to the MFA step when asked; a bad code keeps the step; a recovery code works; the password is not kept', async () => {
    const auth = scriptedAuth([{ kind: 'mfa', mfaToken: 'challenge-1' }], [new ApiError(401, 'UNAUTHORIZED', 'invalid or expired credentials'), { kind: 'session' }]);
    const { user, onSignedIn } = renderForm(auth);
    await user.type(screen.getByLabelText(/^Email/), 'ann@example.com');
    await user.type(password(), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const code = await screen.findByLabelText(/^Authentication code/);
    expect(screen.queryByLabelText(/^Password/)).toBeNull();
    // Five digits is no TOTP code: refused before the API.
    await user.type(code, '12345');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('alert')).textContent).toContain('6-digit code');
    expect(auth.completeMfa).not.toHaveBeenCalled();
    await user.type(code, '6'); // what was typed stayed, to correct
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('That code was not accepted'));
    expect(auth.completeMfa).toHaveBeenCalledWith('challenge-1', '123456');
    expect((screen.getByLabelText(/^Authentication code/) as HTMLInputElement).value).toBe(''); // refused: cleared for the next
    await user.click(screen.getByRole('button', { name: 'Use a recovery code instead' }));
    await user.type(screen.getByLabelText(/^Recovery code/), 'abcd-efgh-ijkl');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledOnce());
    expect(auth.completeMfa).toHaveBeenLastCalledWith('challenge-1', 'abcd-efgh-ijkl');
  });

  it('says when the server cannot be reached, in words', async () => {
    const auth = scriptedAuth([new ApiError(0, 'NETWORK', 'The server could not be reached.')]);
    const { user } = renderForm(auth);
    await user.type(screen.getByLabelText(/^Email/), 'ann@example.com');
    await user.type(password(), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not be reached/);
  });
});

describe('the sign-in state machine', () => {
  it('drops the password at the MFA step and on success, and restarts keeping only the email', () => {
    let s = signInReducer(signInReducer(initialSignIn('a@b.c'), { type: 'field', name: 'password', value: 'pw' }), { type: 'submit' });
    expect(s.busy).toBe(true);
    s = signInReducer(s, { type: 'needsMfa', mfaToken: 't' });
    expect(s).toMatchObject({ password: '', busy: false, current: { step: 'mfa', mfaToken: 't', method: 'totp' } });
    s = signInReducer(s, { type: 'toggleMethod' });
    expect(s.current).toMatchObject({ method: 'recovery' });
    s = signInReducer(s, { type: 'restart' });
    expect(s).toEqual(initialSignIn('a@b.c'));
    expect(signInReducer(s, { type: 'toggleMethod' })).toBe(s); // no MFA step: nothing to toggle
  });

  it('validates codes by method', () => {
    const mfa = (method: 'totp' | 'recovery', code: string) => validate({ ...initialSignIn(), code, current: { step: 'mfa', mfaToken: 't', method } });
    expect(mfa('totp', '123456')).toBeNull();
    expect(mfa('totp', '12345a')).toMatch(/6-digit/);
    expect(mfa('recovery', 'abcd-efgh-ijkl')).toBeNull();
    expect(mfa('recovery', 'abcdefghijkl')).toBeNull();
    expect(mfa('recovery', 'abc')).toMatch(/recovery code/);
  });
});
