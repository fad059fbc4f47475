import { Alert, Button, Checkbox, Group, NativeSelect, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { fetchMe } from '../../api/auth.js';
import { ApiError } from '../../api/client.js';
import { ErrorState, Loading } from '../../components/States.js';
import { messageOf } from '../SignInForm.js';
import { fetchSso, removeSso, saveSso, type SsoConfig } from './security/api.js';
import { CopyField } from './security/CopyField.js';
import { fieldErrors, redirectUriFor, ROLES, signInLinkFor, toForm, toInput, type Role, type SsoForm } from './security/sso-form.js';

/**
 * /admin/sso: the workspace's OpenID Connect provider (GET/PUT/DELETE /settings/sso). The client secret
 * is write-only: the server never answers it, and the field starts empty (empty keeps the stored one).
 */
export function Component() {
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false });
  const sso = useQuery({ queryKey: ['admin', 'sso'], queryFn: fetchSso });
  if (sso.isPending || me.isPending) return <Loading label="Loading the single sign-on settings…" />;
  if (sso.isError) return <ErrorState error={sso.error} onRetry={() => void sso.refetch()} />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  return <SsoSettings config={sso.data} workspaceId={me.data.workspace_id} />;
}

function SsoSettings({ config, workspaceId }: { config: SsoConfig | null; workspaceId: string }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<SsoForm>(() => toForm(config));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirmRemove, setConfirmRemove] = useState(false);
  useEffect(() => setForm(toForm(config)), [config]);
  const set = <K extends keyof SsoForm>(k: K, v: SsoForm[K]) => { setForm((f) => ({ ...f, [k]: v })); setErrors((e) => ({ ...e, [k]: '' })); };

  const save = useMutation({
    mutationFn: () => saveSso(toInput(form)),
    onSuccess: (saved) => { setErrors({}); queryClient.setQueryData(['admin', 'sso'], saved); },
    onError: (err) => setErrors(err instanceof ApiError ? fieldErrors(err.details) : {}),
  });
  const remove = useMutation({
    mutationFn: removeSso,
    onSuccess: () => { setConfirmRemove(false); save.reset(); queryClient.setQueryData(['admin', 'sso'], null); },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const origin = window.location.origin;
  const err = (k: string) => errors[k] || undefined;

  return (
    <Stack gap="md" maw={820}>
      <Title order={2} size="h3">Single sign-on</Title>
      <Text size="sm" data-testid="sso-state">
        {config ? <>Single sign-on is <strong>on</strong> with {config.issuer}.</> : <>Single sign-on is <strong>off</strong>. Configure an OpenID Connect provider to turn it on.</>}
      </Text>
      <CopyField label="Redirect URI to register at the provider" value={config?.redirect_uri ?? redirectUriFor(origin, workspaceId)} testId="sso-redirect-uri" />
      {config && <CopyField label="Sign-in link for this workspace (shows the single sign-on button)" value={signInLinkFor(origin, workspaceId)} testId="sso-sign-in-link" />}
      <form onSubmit={submit} noValidate aria-label="Single sign-on settings">
        <Stack gap="sm">
          {save.isError && <Alert color="red" role="alert" title="Not saved">{messageOf(save.error)}{Object.keys(errors).length ? ': see the fields marked below.' : ''}</Alert>}
          {save.isSuccess && <Alert color="green" role="status" title="Saved">The settings are saved. The client secret is stored encrypted and is never shown again.</Alert>}
          <TextInput label="Issuer URL" required placeholder="https://login.example.com" value={form.issuer} error={err('issuer')} onChange={(e) => set('issuer', e.currentTarget.value)} />
          <TextInput label="Client id" required value={form.client_id} error={err('client_id')} onChange={(e) => set('client_id', e.currentTarget.value)} />
          <PasswordInput label="Client secret" autoComplete="off" value={form.client_secret} error={err('client_secret')}
            description={config ? 'A secret is stored. Leave empty to keep it; it is needed again when the issuer or client id changes.' : 'Required.'}
            onChange={(e) => set('client_secret', e.currentTarget.value)} />
          <TextInput label="Scopes" description="Separated by spaces; must include openid." value={form.scopes} error={err('scopes')} onChange={(e) => set('scopes', e.currentTarget.value)} />
          <TextInput label="Allowed email domains" description="Separated by commas; empty allows any domain." placeholder="example.com" value={form.allowed_email_domains}
            error={err('allowed_email_domains')} onChange={(e) => set('allowed_email_domains', e.currentTarget.value)} />
          <Title order={3} size="h5">Roles from claims</Title>
          <TextInput label="Role claim" description="The ID token claim holding groups or roles, e.g. groups." value={form.role_claim} error={err('role_claim')}
            onChange={(e) => set('role_claim', e.currentTarget.value)} />
          <Stack gap="xs" aria-label="Claim value to role rules" role="group">
            <Text size="sm" fw={500}>Rules (the highest matching role wins)</Text>
            {form.role_mappings.length === 0 && <Text size="sm" c="gray.7">No rules: every login gets the default role.</Text>}
            {form.role_mappings.map((m, i) => (
              <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
                <TextInput label={`Rule ${i + 1}: claim value`} value={m.value} style={{ flex: 1 }}
                  onChange={(e) => { const v = e.currentTarget.value; set('role_mappings', form.role_mappings.map((x, j) => (j === i ? { ...x, value: v } : x))); }} />
                <NativeSelect label={`Rule ${i + 1}: role`} data={[...ROLES]} value={m.role}
                  onChange={(e) => { const v = e.currentTarget.value as Role; set('role_mappings', form.role_mappings.map((x, j) => (j === i ? { ...x, role: v } : x))); }} />
                <Button variant="default" onClick={() => set('role_mappings', form.role_mappings.filter((_x, j) => j !== i))} aria-label={`Remove rule ${i + 1}`}>Remove</Button>
              </Group>
            ))}
            {err('role_mappings') && <Text size="sm" c="red.9" role="alert">{err('role_mappings')}</Text>}
            <Button variant="default" size="xs" w="fit-content" onClick={() => set('role_mappings', [...form.role_mappings, { value: '', role: 'viewer' }])}>Add a rule</Button>
          </Stack>
          <NativeSelect label="Default role" description="When no rule matches." value={form.default_role} error={err('default_role')}
            data={[{ value: '', label: '(none: refuse the login)' }, ...ROLES.map((r) => ({ value: r, label: r }))]} onChange={(e) => set('default_role', e.currentTarget.value as Role | '')} />
          <Checkbox label="Create accounts on first sign-in (just-in-time provisioning)" checked={form.jit_provisioning} onChange={(e) => set('jit_provisioning', e.currentTarget.checked)} />
          <TextInput label="amr values that count as two-factor" description="Separated by commas, e.g. mfa; empty: the provider's MFA does not count for the MFA policy." value={form.mfa_amr}
            error={err('mfa_amr')} onChange={(e) => set('mfa_amr', e.currentTarget.value)} />
          <Group gap="xs">
            <Button type="submit" loading={save.isPending}>{config ? 'Save settings' : 'Turn on single sign-on'}</Button>
            {config && !confirmRemove && <Button variant="default" onClick={() => setConfirmRemove(true)}>Turn off single sign-on…</Button>}
          </Group>
        </Stack>
      </form>
      {confirmRemove && (
        <Alert color="red" role="alert" title="Turn off single sign-on?">
          <Stack gap="xs">
            <Text size="sm">Linked identities and pending logins are removed; accounts that sign in only through the provider cannot sign in until it is configured again.</Text>
            {remove.isError && <Text size="sm" c="red.9">{messageOf(remove.error)}</Text>}
            <Group gap="xs">
              <Button color="red.9" size="xs" onClick={() => remove.mutate()} loading={remove.isPending}>Yes, turn it off</Button>
              <Button variant="default" size="xs" onClick={() => setConfirmRemove(false)}>Cancel</Button>
            </Group>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
