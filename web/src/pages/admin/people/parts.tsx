import { Alert, Button, Code, CopyButton, Group, List, Modal, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { fetchMe, type Me } from '../../../api/auth.js';
import { ApiError } from '../../../api/client.js';
import { EmptyState } from '../../../components/States.js';

/** Parts every admin people page uses: who is signed in, the server's refusals, confirmations, a once-shown secret. */

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false });
}

export const isAdmin = (me: Pick<Me, 'scopes'> | undefined) => !!me?.scopes.includes('admin');

/** What a non-admin sees on an admin-only page (the server refuses the calls too). */
export function AdminsOnly({ what }: { what: string }) {
  return (
    <EmptyState title="Admins only" mark="⚿">
      {what} are managed by the workspace's admins. Ask an admin if you need a change. You can still manage your own API keys under “API keys”.
    </EmptyState>
  );
}

/** The server's details as lines of text: field issues (`path: message`), else the JSON as text. */
export function detailLines(details: unknown): string[] {
  if (details === undefined || details === null) return [];
  if (Array.isArray(details) && details.every((d) => d && typeof d === 'object' && typeof (d as { message?: unknown }).message === 'string')) {
    return details.map((d) => {
      const { path, message } = d as { path?: unknown; message: string };
      return path !== undefined && path !== '' ? `${String(path)}: ${message}` : message;
    });
  }
  return [JSON.stringify(details)];
}

/** A refused or failed call: its message, code and details, as text. */
export function Problem({ error, title = 'The server refused this' }: { error: unknown; title?: string }) {
  const api = error instanceof ApiError ? error : undefined;
  const lines = detailLines(api?.details);
  const network = api?.isNetwork ?? error instanceof TypeError;
  return (
    <Alert color={network ? 'orange' : 'red'} title={network ? 'The server could not be reached' : title} role="alert" variant="light">
      <Stack gap={4}>
        <Text size="sm">{error instanceof Error ? error.message : String(error)}{api && !network ? ` (${api.code})` : ''}</Text>
        {lines.length > 0 && <List size="sm" data-testid="problem-details">{lines.map((l, i) => <List.Item key={i}>{l}</List.Item>)}</List>}
      </Stack>
    </Alert>
  );
}

/** An async action's state: busy while it runs, its error kept until the next try. */
export function useAction<A extends unknown[], R>(run: (...args: A) => Promise<R>, invalidate: QueryKey[] = []) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = async (...args: A): Promise<R | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await run(...args);
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setBusy(false);
      for (const key of invalidate) void queryClient.invalidateQueries({ queryKey: key });
    }
  };
  return { busy, error, go, reset: () => setError(null) };
}

/**
 * A confirmation dialog for a consequential action: what will happen, the server's refusal if it
 * refuses, Cancel and the action. It closes only when the action succeeded.
 */
export function ConfirmModal({ opened, title, children, confirmLabel, danger = false, busy, error, onConfirm, onClose, confirmDisabled = false }: {
  opened: boolean; title: string; children: ReactNode; confirmLabel: string; danger?: boolean; busy: boolean; error: unknown;
  onConfirm: () => void; onClose: () => void; confirmDisabled?: boolean;
}) {
  return (
    // lockScroll off: its scroll lock injects a <style> without the CSP nonce, which the strict CSP refuses.
    <Modal lockScroll={false} opened={opened} onClose={onClose} title={title} closeButtonProps={{ 'aria-label': 'Cancel' }}>
      <form onSubmit={(e) => { e.preventDefault(); if (!confirmDisabled) onConfirm(); }}>
        <Stack gap="sm">
          {children}
          {error !== null && <Problem error={error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" color={danger ? 'red.9' : undefined} loading={busy} disabled={confirmDisabled}>{confirmLabel}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * A secret shown this once (an API key, an invitation link): the value as text, a copy button, and
 * the warning in words. The caller holds it in component state only and drops it on close.
 */
export function OnceSecret({ label, value, warning }: { label: string; value: string; warning: string }) {
  // "Invitation link" → "the invitation link"; an acronym ("API key secret") keeps its case.
  const labelId = useId();
  const what = label.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
  return (
    <Stack gap="xs" data-testid="once-secret">
      <Alert color="yellow" variant="light" title="Copy it now" role="note">
        <Text size="sm">{warning}</Text>
      </Alert>
      <Text size="sm" fw={600} id={labelId}>{label}</Text>
      <Code block aria-labelledby={labelId} tabIndex={0} data-testid="secret-value" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{value}</Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          // The visible word starts the accessible name (axe label-content-name-mismatch); the mark repeats it.
          <Button variant={copied ? 'default' : 'filled'} onClick={copy} w="fit-content">
            {copied ? 'Copied' : 'Copy'} <VisuallyHidden>the {what}</VisuallyHidden>{copied && <span aria-hidden> ✓</span>}
          </Button>
        )}
      </CopyButton>
    </Stack>
  );
}

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp as a readable local date, in a <time> with the exact value. */
export function When({ at, none = '—' }: { at: string | null | undefined; none?: string }) {
  if (!at) return <Text span size="sm" c="gray.7">{none}</Text>;
  const d = new Date(at);
  return <time dateTime={at}>{Number.isNaN(d.getTime()) ? at : DATE.format(d)}</time>;
}
