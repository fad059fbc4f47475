/**
 * The sign-in flow as a state machine, kept apart from the page so its rules are tested on their own
 * (tests/unit/web-sign-in-form.test.tsx): a password, then — when the API asks — the workspace to sign
 * in to (an account in several), then the second factor (TOTP or a recovery code).
 */
export type SignInStep =
  | { step: 'credentials' }
  | { step: 'workspace'; workspaces: string[] }
  | { step: 'mfa'; mfaToken: string; method: 'totp' | 'recovery' }
  | { step: 'done' };

export interface SignInState {
  current: SignInStep;
  email: string;
  password: string;
  workspace: string;
  code: string;
  busy: boolean;
  error: string | null;
}

export type SignInEvent =
  | { type: 'field'; name: 'email' | 'password' | 'workspace' | 'code'; value: string }
  | { type: 'submit' }
  | { type: 'needsWorkspace'; workspaces: string[] }
  | { type: 'needsMfa'; mfaToken: string }
  | { type: 'toggleMethod' }
  | { type: 'signedIn' }
  | { type: 'invalid'; message: string }
  | { type: 'failed'; message: string }
  | { type: 'restart' };

export const initialSignIn = (email = ''): SignInState => ({
  current: { step: 'credentials' }, email, password: '', workspace: '', code: '', busy: false, error: null,
});

export function signInReducer(state: SignInState, event: SignInEvent): SignInState {
  switch (event.type) {
    case 'field':
      return { ...state, [event.name]: event.value };
    case 'submit':
      return { ...state, busy: true, error: null };
    case 'needsWorkspace':
      return { ...state, busy: false, current: { step: 'workspace', workspaces: event.workspaces }, workspace: event.workspaces[0] ?? '' };
    case 'needsMfa':
      // The password has done its work: it is not kept while the second step waits.
      return { ...state, busy: false, password: '', code: '', current: { step: 'mfa', mfaToken: event.mfaToken, method: 'totp' } };
    case 'toggleMethod':
      if (state.current.step !== 'mfa') return state;
      return { ...state, code: '', error: null, current: { ...state.current, method: state.current.method === 'totp' ? 'recovery' : 'totp' } };
    case 'signedIn':
      return { ...state, busy: false, password: '', code: '', error: null, current: { step: 'done' } };
    case 'invalid':
      // Not sent: what the user typed stays, to correct.
      return { ...state, error: event.message };
    case 'failed':
      // Refused by the server: a spent or wrong code is cleared for the next one.
      return { ...state, busy: false, error: event.message, ...(state.current.step === 'mfa' ? { code: '' } : {}) };
    case 'restart':
      return initialSignIn(state.email);
  }
}

/** What the form may submit in its state; null when a required field is empty. */
export function validate(state: SignInState): string | null {
  const c = state.current;
  if (c.step === 'credentials' || c.step === 'workspace') {
    if (!state.email.trim()) return 'Enter your email address.';
    if (!state.password) return 'Enter your password.';
    if (c.step === 'workspace' && !state.workspace) return 'Choose a workspace.';
  }
  if (c.step === 'mfa') {
    const code = state.code.trim();
    if (c.method === 'totp' && !/^\d{6}$/.test(code)) return 'Enter the 6-digit code from your authenticator app.';
    if (c.method === 'recovery' && !/^[A-Za-z0-9]{4}(-?[A-Za-z0-9]{4}){2}$/.test(code)) return 'Enter a recovery code (xxxx-xxxx-xxxx).';
  }
  return null;
}
