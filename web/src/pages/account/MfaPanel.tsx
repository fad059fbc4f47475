import { Alert, Badge, Button, CopyButton, Group, SegmentedControl, Stack, Text, TextInput, Title, PasswordInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorState, Loading } from '../../components/States.js';
import { messageOf } from '../SignInForm.js';
import { confirmTotp, disableTotp, fetchMfaStatus, startTotp, type Enrolment, type MfaStatus } from './api.js';
import { QrCode } from './QrCode.js';
import { RecoveryCodes } from './RecoveryCodes.js';

/** The secret in groups of four, as authenticator apps show and accept it. */
export const groupSecret = (s: string) => s.replace(/(.{4})/g, '$1 ').trim();

/**
 * Two-factor authentication of the signed-in account: its status, TOTP enrolment (QR code, the secret
 * for manual entry, a first code to confirm), the recovery codes once, and turning it off. The secret
 * and the codes are kept in this component's state only.
 */
export function MfaPanel({ account }: { account: string }) {
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: ['me', 'mfa'], queryFn: fetchMfaStatus });
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['me'] });

  const start = useMutation({ mutationFn: startTotp, onSuccess: (e) => setEnrolment(e) });

  let body;
  if (status.isPending) body = <Loading label="Loading your two-factor status…" />;
  else if (status.isError) body = <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  else if (codes) body = <RecoveryCodes codes={codes} account={account} onDone={() => setCodes(null)} />;
  else if (enrolment) {
    body = <Enrol enrolment={enrolment} account={account} onCancel={() => setEnrolment(null)}
      onConfirmed={(c) => { setEnrolment(null); setCodes(c); void refresh(); }} />;
  } else if (status.data.enabled) body = <Enabled status={status.data} onDisabled={() => void refresh()} />;
  else {
    body = (
      <Stack gap="sm" align="flex-start">
        <Text>Two-factor authentication is <strong>off</strong>. Add an authenticator app (such as 1Password, Authy or Google Authenticator): each sign-in then asks for its 6-digit code as well as your password.</Text>
        {start.isError && <Alert color="red" role="alert" title="Could not start">{messageOf(start.error)}</Alert>}
        <Button onClick={() => start.mutate()} loading={start.isPending}>Set up an authenticator app</Button>
      </Stack>
    );
  }

  return (
    <Stack gap="sm" component="section" aria-labelledby="mfa-title">
      <Group gap="sm">
        <Title order={2} size="h4" id="mfa-title">Two-factor authentication</Title>
        {status.isSuccess && <Badge variant="outline" tt="none" color={status.data.enabled ? 'green.9' : 'gray.7'} styles={{ label: { color: 'var(--mantine-color-text)' } }}>{status.data.enabled ? 'On' : 'Off'}</Badge>}
      </Group>
      {status.isSuccess && status.data.enrolment_required && !codes && (
        <Alert color="orange" title="Your workspace requires two-factor authentication" role="alert" data-testid="enrolment-required">
          Until you set it up, this account page is all you can use: every other view answers “MFA required”. Set up an authenticator app below.
        </Alert>
      )}
      {body}
    </Stack>
  );
}

function Enrol({ enrolment, account, onConfirmed, onCancel }: { enrolment: Enrolment; account: string; onConfirmed: (codes: string[]) => void; onCancel: () => void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const confirm = useMutation({
    mutationFn: (c: string) => confirmTotp(c),
    onSuccess: (r) => onConfirmed(r.recovery_codes),
    onError: (err) => { setCode(''); setError(messageOf(err)); },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const c = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(c)) return setError('Enter the 6-digit code your app shows now.');
    confirm.mutate(c);
  };
  return (
    <Stack gap="sm">
      <Text>1. Scan this QR code with your authenticator app, or enter the key below by hand.</Text>
      <Group align="flex-start" gap="lg">
        <QrCode value={enrolment.otpauth_uri} label={`QR code to add ${account} to an authenticator app`} />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="totp-secret-label">Key for manual entry (time-based, 6 digits, 30 seconds)</Text>
          <Text ff="monospace" size="lg" aria-labelledby="totp-secret-label" data-testid="totp-secret" style={{ overflowWrap: 'anywhere' }}>{groupSecret(enrolment.secret)}</Text>
          <CopyButton value={enrolment.secret}>
            {({ copied, copy }) => <Button variant="default" size="xs" onClick={copy} w="fit-content">{copied ? 'Copied' : 'Copy the key'}</Button>}
          </CopyButton>
        </Stack>
      </Group>
      <form onSubmit={submit} noValidate aria-label="Confirm the authenticator app">
        <Stack gap="xs" maw={360}>
          <TextInput label="2. Enter the code it shows" autoComplete="one-time-code" inputMode="numeric" required value={code}
            error={error} onChange={(e) => { setCode(e.currentTarget.value); setError(null); }} />
          <Group gap="xs">
            <Button type="submit" loading={confirm.isPending}>Turn on</Button>
            <Button variant="default" onClick={onCancel}>Cancel</Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

type Proof = 'code' | 'recovery' | 'password';

function Enabled({ status, onDisabled }: { status: MfaStatus; onDisabled: () => void }) {
  const [open, setOpen] = useState(false);
  const [proof, setProof] = useState<Proof>('code');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const disable = useMutation({
    mutationFn: () => disableTotp(proof === 'password' ? { password: value } : { code: value.trim() }),
    onSuccess: () => { setOpen(false); setValue(''); onDisabled(); },
    onError: (err) => { setValue(''); setError(messageOf(err)); },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return setError(proof === 'password' ? 'Enter your password.' : 'Enter a code.');
    disable.mutate();
  };
  const left = status.recovery_codes_left;
  return (
    <Stack gap="sm" align="flex-start">
      <Text>
        Two-factor authentication is <strong>on</strong>{status.enabled_at ? ` since ${new Date(status.enabled_at).toLocaleDateString()}` : ''}.
        {' '}{left} recovery code{left === 1 ? '' : 's'} left.
      </Text>
      {left <= 2 && <Alert color="yellow" role="status" title="Few recovery codes left">Turn two-factor authentication off and on again to get 10 new ones.</Alert>}
      {status.policy !== 'none' && <Text size="sm" c="gray.7">Your workspace requires it of {status.policy === 'all' ? 'every member' : 'admins'}.</Text>}
      {!open ? (
        <Button variant="default" color="red" onClick={() => setOpen(true)}>Turn off two-factor authentication</Button>
      ) : (
        <form onSubmit={submit} noValidate aria-label="Turn off two-factor authentication">
          <Stack gap="xs" maw={420}>
            <Text size="sm">Confirm it is you with one of these:</Text>
            <SegmentedControl value={proof} onChange={(v) => { setProof(v as Proof); setValue(''); setError(null); }} aria-label="How to confirm"
              data={[{ value: 'code', label: 'Authenticator code' }, { value: 'recovery', label: 'Recovery code' }, { value: 'password', label: 'Password' }]} />
            {proof === 'password'
              ? <PasswordInput label="Your password" autoComplete="current-password" value={value} error={error} onChange={(e) => { setValue(e.currentTarget.value); setError(null); }} />
              : <TextInput key={proof} label={proof === 'code' ? 'Authenticator code' : 'Recovery code'} autoComplete="one-time-code" value={value} error={error}
                onChange={(e) => { setValue(e.currentTarget.value); setError(null); }} />}
            <Group gap="xs">
              <Button type="submit" color="red.9" loading={disable.isPending}>Turn off</Button>
              <Button variant="default" onClick={() => { setOpen(false); setValue(''); setError(null); }}>Cancel</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
