import { Alert, Anchor, Button, Group, Radio, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { ErrorState, Loading } from '../../components/States.js';
import { messageOf } from '../SignInForm.js';
import { Link } from 'react-router';
import { fetchMfaStatus } from '../account/api.js';
import { fetchMfaPolicy, saveMfaPolicy, type MfaPolicy } from './security/api.js';

const CHOICES: Array<{ value: MfaPolicy; label: string; description: string }> = [
  { value: 'none', label: 'Not required', description: 'Members choose for themselves whether to use an authenticator app.' },
  { value: 'admins', label: 'Required of admins', description: 'Admins without two-factor authentication can only reach their account page until they set it up.' },
  { value: 'all', label: 'Required of every member', description: 'Every member without it can only reach their account page until they set it up.' },
];

/** /admin/security: the workspace's MFA policy (GET/PUT /settings/mfa). */
export function Component() {
  const queryClient = useQueryClient();
  const policy = useQuery({ queryKey: ['admin', 'mfa-policy'], queryFn: fetchMfaPolicy });
  const mine = useQuery({ queryKey: ['me', 'mfa'], queryFn: fetchMfaStatus });
  const [choice, setChoice] = useState<MfaPolicy | null>(null);
  useEffect(() => { if (policy.data) setChoice(policy.data); }, [policy.data]);
  const save = useMutation({
    mutationFn: saveMfaPolicy,
    onSuccess: (saved) => { queryClient.setQueryData(['admin', 'mfa-policy'], saved); void queryClient.invalidateQueries({ queryKey: ['me'] }); },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice) save.mutate(choice);
  };

  if (policy.isPending) return <Loading label="Loading the MFA policy…" />;
  if (policy.isError) return <ErrorState error={policy.error} onRetry={() => void policy.refetch()} />;
  const changed = choice !== null && choice !== policy.data;
  return (
    <Stack gap="md" maw={720}>
      <Title order={2} size="h3">Security</Title>
      <form onSubmit={submit} aria-labelledby="mfa-policy-title">
        <Stack gap="sm">
          <Title order={3} size="h4" id="mfa-policy-title">Two-factor authentication policy</Title>
          <Text size="sm">Currently: <strong data-testid="mfa-policy-current">{CHOICES.find((c) => c.value === policy.data)?.label}</strong>.
            {' '}A single sign-on login counts as two-factor when the provider says so and the SSO settings name its <code>amr</code> values.</Text>
          <Radio.Group value={choice ?? policy.data} onChange={(v) => { setChoice(v as MfaPolicy); save.reset(); }} label="Who must use two-factor authentication" name="mfa-policy">
            <Stack gap="xs" mt="xs">
              {CHOICES.map((c) => <Radio key={c.value} value={c.value} label={c.label} description={c.description} />)}
            </Stack>
          </Radio.Group>
          {changed && choice !== 'none' && mine.data && !mine.data.enabled && (
            <Alert color="orange" role="alert" title="This applies to you too">
              You have not set up two-factor authentication: after saving, you too can only use <Anchor component={Link} to="/account" underline="always">your account page</Anchor> until you do.
            </Alert>
          )}
          {save.isError && <Alert color="red" role="alert" title="Not saved">{messageOf(save.error)}</Alert>}
          {save.isSuccess && !changed && <Alert color="green" role="status" title="Saved">The policy is now “{CHOICES.find((c) => c.value === save.data)?.label}”. It applies from each member's next request.</Alert>}
          <Group gap="xs">
            <Button type="submit" disabled={!changed} loading={save.isPending}>Save policy</Button>
            {changed && <Button variant="default" onClick={() => setChoice(policy.data)}>Undo</Button>}
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
