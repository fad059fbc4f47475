import { Alert, Button, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { rememberCsrf } from '../../api/client.js';
import { messageOf } from '../SignInForm.js';
import { changePassword } from './api.js';

/**
 * Change the password: the server ends every session and key of the account, this one too, so sign-in
 * follows. An account that signs in only with SSO has no password to give: the server's refusal is shown.
 */
export function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: () => changePassword(current, next),
    onSuccess: () => {
      rememberCsrf(undefined);
      queryClient.clear();
      navigate('/sign-in?signed_out=1', { replace: true });
    },
    onError: (err) => { setCurrent(''); setError(messageOf(err)); },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!current || !next) return setError('Enter your current and your new password.');
    if (next !== repeat) return setError('The new password and its repetition differ.');
    setError(null);
    change.mutate();
  };
  return (
    <Stack gap="sm" component="section" aria-labelledby="password-title">
      <Title order={2} size="h4" id="password-title">Password</Title>
      <form onSubmit={submit} noValidate aria-label="Change your password">
        <Stack gap="xs" maw={420}>
          <Text size="sm" c="gray.7">Changing it signs you out everywhere, this browser too.</Text>
          {error && <Alert color="red" role="alert" title="Password not changed">{error}</Alert>}
          <PasswordInput label="Current password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} />
          <PasswordInput label="New password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.currentTarget.value)} />
          <PasswordInput label="Repeat the new password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} />
          <Button type="submit" w="fit-content" loading={change.isPending}>Change password</Button>
        </Stack>
      </form>
    </Stack>
  );
}
