import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { fetchSetupStatus, runSetup } from '../api/auth.js';
import { ErrorState, Loading } from '../components/States.js';
import { AuthLayout } from './AuthLayout.js';
import { messageOf } from './SignInForm.js';

/**
 * The server's PASSWORD_MIN_LENGTH (src/modules/identity/passwords.ts). Restated, not imported: that
 * module loads argon2 and the common-password list, which cannot go into a browser bundle. The server's
 * check (length, common passwords, equal to the email) is the one that counts; this only helps early.
 */
const PASSWORD_MIN_LENGTH = 12;

/** First-run setup: the one-time token the server printed at start becomes the first admin account. */
export function Component() {
  const navigate = useNavigate();
  const status = useQuery({ queryKey: ['setup'], queryFn: fetchSetupStatus, retry: false, staleTime: 0 });
  const [form, setForm] = useState({ token: '', email: '', password: '', confirm: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: keyof typeof form) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [name]: e.currentTarget.value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.token.trim() || !form.email.trim()) return setError('Enter the setup token and your email address.');
    if ([...form.password].length < PASSWORD_MIN_LENGTH) return setError(`The password needs at least ${PASSWORD_MIN_LENGTH} characters.`);
    if (form.password !== form.confirm) return setError('The two passwords differ.');
    setBusy(true);
    setError(null);
    try {
      await runSetup(form.token.trim(), form.email.trim(), form.password);
      navigate(`/sign-in?set_up=1&email=${encodeURIComponent(form.email.trim())}`, { replace: true });
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  if (status.isPending) return <AuthLayout title="First-run setup"><Loading /></AuthLayout>;
  if (status.isError) return <AuthLayout title="First-run setup"><ErrorState error={status.error} onRetry={() => void status.refetch()} /></AuthLayout>;
  if (!status.data) {
    return (
      <AuthLayout title="First-run setup">
        <Text>This server already has its first admin. <Anchor component={Link} to="/sign-in">Sign in</Anchor>.</Text>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Create the first admin">
      <form onSubmit={submit} noValidate aria-label="First-run setup">
        <Stack gap="md">
          <Text size="sm">On its first start the server printed a one-time setup token in its terminal (valid 30 minutes). Paste it here to create the first admin account.</Text>
          {error && <Alert color="red" role="alert" title="Setup failed">{error}</Alert>}
          <TextInput label="Setup token" required autoComplete="off" spellCheck={false} value={form.token} onChange={set('token')} disabled={busy} />
          <TextInput label="Email" type="email" required autoComplete="username" value={form.email} onChange={set('email')} disabled={busy} />
          <PasswordInput label="Password" description={`At least ${PASSWORD_MIN_LENGTH} characters; a passphrase works well.`} required autoComplete="new-password"
            value={form.password} onChange={set('password')} disabled={busy} />
          <PasswordInput label="Repeat the password" required autoComplete="new-password" value={form.confirm} onChange={set('confirm')} disabled={busy} />
          <Button type="submit" loading={busy} fullWidth>Create the admin account</Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
