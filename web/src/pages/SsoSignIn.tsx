import { Anchor, Button, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { ssoStartUrl } from '../api/auth.js';
import { lastSsoWorkspace, probeMessage, probeSso, rememberSsoWorkspace, validWorkspaceId, type ProbeSso, type SsoProbe } from './sign-in-sso.js';

export interface SsoSignInProps {
  /** Where to land after the login (already checked by safeNext: a path on this origin). */
  next: string;
  /** `?workspace=` of a per-workspace sign-in link. */
  linked: string;
  probe?: ProbeSso;
  /** The full-page navigation to the provider (a test gives its own). */
  navigate?: (url: string) => void;
}

/**
 * "Sign in with single sign-on": a button when the linked (or last used) workspace has it, after a
 * probe; otherwise a small "Use single sign-on" field for the workspace id, which probes and then goes.
 */
export function SsoSignIn({ next, linked, probe = probeSso, navigate = (u) => window.location.assign(u) }: SsoSignInProps) {
  const initial = validWorkspaceId(linked) ? linked : lastSsoWorkspace();
  const [known, setKnown] = useState<{ id: string; probe: SsoProbe | 'pending' } | null>(initial ? { id: initial, probe: 'pending' } : null);
  const [open, setOpen] = useState(Boolean(linked) && !validWorkspaceId(linked));
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!initial) return;
    let live = true;
    void probe(initial).then((p) => {
      if (!live) return;
      setKnown({ id: initial, probe: p });
      // A remembered workspace that no longer offers SSO is forgotten (each such probe costs an attempt).
      if (p === 'unavailable' && initial !== linked) rememberSsoWorkspace(null);
      if (p !== 'enabled' && initial === linked) { setOpen(true); setTyped(linked); setError(probeMessage(p, linked)); }
    });
    return () => { live = false; };
  }, [initial, linked, probe]);

  const go = (id: string) => {
    rememberSsoWorkspace(id);
    navigate(ssoStartUrl(id, next));
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const id = typed.trim();
    if (!validWorkspaceId(id)) return setError('Enter the workspace id (ask your admin for the sign-in link).');
    setBusy(true);
    const p = await probe(id);
    setBusy(false);
    if (p === 'enabled') return go(id);
    setError(probeMessage(p, id));
  };

  if (known?.probe === 'pending') {
    return <Group gap="xs" justify="center" role="status"><Loader size="xs" aria-hidden /><Text size="sm">Checking single sign-on for {known.id}…</Text></Group>;
  }
  const button = known?.probe === 'enabled'
    ? <Button variant="default" fullWidth component="a" href={ssoStartUrl(known.id, next)} onClick={() => rememberSsoWorkspace(known.id)}>Sign in to {known.id} with single sign-on</Button>
    : null;
  return (
    <Stack gap="xs">
      {button}
      {!open ? (
        <Anchor component="button" type="button" size="sm" onClick={() => setOpen(true)} style={{ alignSelf: 'center' }}>
          {button ? 'Use single sign-on for another workspace' : 'Use single sign-on'}
        </Anchor>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate aria-label="Single sign-on">
          <Stack gap="xs">
            <Group align="flex-start" gap="xs" wrap="nowrap">
              <TextInput label="Workspace id for single sign-on" placeholder="e.g. acme" value={typed} style={{ flex: 1 }} autoFocus={!linked}
                error={error} onChange={(e) => { setTyped(e.currentTarget.value); setError(null); }} />
              <Button type="submit" variant="default" mt={25} loading={busy}>Continue</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
