import { Alert, Anchor, Button, NativeSelect, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useReducer, type FormEvent } from 'react';
import { ApiError } from '../api/client.js';
import { workspacesToChoose, type AuthApi } from '../api/auth.js';
import { initialSignIn, signInReducer, validate } from './sign-in-machine.js';

export interface SignInFormProps {
  auth: AuthApi;
  onSignedIn: () => void;
  initialEmail?: string;
}

/** What a failure says to the user: the API's message, or that the server could not be reached. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.isNetwork) return 'The server could not be reached. Check your connection and try again.';
    if (err.status === 429) return 'Too many attempts. Wait a moment, then try again.';
    return err.message;
  }
  return 'Something went wrong. Try again.';
}

/** Email and password, then the workspace (when the account has several), then the second factor. */
export function SignInForm({ auth, onSignedIn, initialEmail = '' }: SignInFormProps) {
  const [state, dispatch] = useReducer(signInReducer, initialEmail, initialSignIn);
  const c = state.current;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const invalid = validate(state);
    if (invalid) return dispatch({ type: 'invalid', message: invalid });
    dispatch({ type: 'submit' });
    try {
      const result = c.step === 'mfa'
        ? await auth.completeMfa(c.mfaToken, state.code.trim())
        : await auth.login(state.email.trim(), state.password, c.step === 'workspace' ? state.workspace : undefined);
      if (result.kind === 'mfa') return dispatch({ type: 'needsMfa', mfaToken: result.mfaToken });
      dispatch({ type: 'signedIn' });
      onSignedIn();
    } catch (err) {
      const workspaces = c.step === 'credentials' ? workspacesToChoose(err) : null;
      if (workspaces) return dispatch({ type: 'needsWorkspace', workspaces });
      // The API answers a wrong code and an expired challenge alike (it says no more than it must).
      if (c.step === 'mfa' && err instanceof ApiError && err.status === 401) {
        return dispatch({ type: 'failed', message: 'That code was not accepted. Try again, or start over if this sign-in took more than a few minutes.' });
      }
      dispatch({ type: 'failed', message: messageOf(err) });
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Sign in">
      <Stack gap="md">
        {state.error && <Alert color="red" role="alert" title="Could not sign in">{state.error}</Alert>}
        {c.step !== 'mfa' && (
          <>
            <TextInput label="Email" type="email" autoComplete="username" required value={state.email} disabled={state.busy || c.step === 'workspace'}
              onChange={(e) => dispatch({ type: 'field', name: 'email', value: e.currentTarget.value })} data-autofocus />
            <PasswordInput label="Password" autoComplete="current-password" required value={state.password} disabled={state.busy || c.step === 'workspace'}
              onChange={(e) => dispatch({ type: 'field', name: 'password', value: e.currentTarget.value })} />
          </>
        )}
        {c.step === 'workspace' && (
          <NativeSelect label="Workspace" description="Your account is in several workspaces: choose one to sign in to." data={c.workspaces}
            value={state.workspace} onChange={(e) => dispatch({ type: 'field', name: 'workspace', value: e.currentTarget.value })} />
        )}
        {c.step === 'mfa' && (
          <>
            <Text size="sm">
              {c.method === 'totp' ? 'Enter the 6-digit code from your authenticator app.' : 'Enter one of your recovery codes. Each works once.'}
            </Text>
            <TextInput key={c.method} label={c.method === 'totp' ? 'Authentication code' : 'Recovery code'} required autoFocus
              autoComplete="one-time-code" inputMode={c.method === 'totp' ? 'numeric' : 'text'} value={state.code} disabled={state.busy}
              onChange={(e) => dispatch({ type: 'field', name: 'code', value: e.currentTarget.value })} />
            <Anchor component="button" type="button" size="sm" onClick={() => dispatch({ type: 'toggleMethod' })}>
              {c.method === 'totp' ? 'Use a recovery code instead' : 'Use an authenticator code instead'}
            </Anchor>
          </>
        )}
        <Button type="submit" loading={state.busy} fullWidth>
          {c.step === 'mfa' ? 'Verify' : 'Sign in'}
        </Button>
        {c.step !== 'credentials' && c.step !== 'done' && (
          <Anchor component="button" type="button" size="sm" onClick={() => dispatch({ type: 'restart' })}>Start over</Anchor>
        )}
      </Stack>
    </form>
  );
}
