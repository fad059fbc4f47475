import { Alert, Anchor, Button, Center, Loader, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.js';
import { revealBidi } from './bidi.js';

/** While a view's data loads: a labelled spinner, never a blank area. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs"><Loader aria-hidden /><Text size="sm" c="gray.7">{label}</Text></Stack>
    </Center>
  );
}

/** A failed load: what happened and a retry. A network failure says so in words (not only in colour). */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const network = error instanceof ApiError ? error.isNetwork : error instanceof TypeError;
  const title = network ? 'The server could not be reached' : 'Something went wrong';
  const detail = network ? 'Check your connection, then try again.' : error instanceof Error ? error.message : String(error);
  return (
    <Alert color={network ? 'orange' : 'red'} title={title} role="alert" variant="light">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{revealBidi(detail)}</Text>
        {onRetry && <Button size="xs" variant="default" onClick={onRetry}>Retry</Button>}
      </Stack>
    </Alert>
  );
}

/** A designed empty state: an icon-like mark, a title and a sentence (and maybe an action). */
export function EmptyState({ title, children, mark = '◇' }: { title: string; children: ReactNode; mark?: string }) {
  return (
    <Center py={64}>
      <Stack align="center" gap="sm" maw={520} ta="center">
        <ThemeIcon size={56} radius="xl" variant="light" aria-hidden>{mark}</ThemeIcon>
        <Title order={2} size="h3">{title}</Title>
        <Text c="gray.7">{children}</Text>
      </Stack>
    </Center>
  );
}

/**
 * The designed 404 of an entity's page: what is missing and where to look instead. The link sits in a
 * sentence, so it is underlined (colour alone must not mark it: axe link-in-text-block).
 */
export function MissingEntity({ kind, id, doing = '', back }: { kind: string; id: string | undefined; doing?: string; back: { to: string; label: string } }) {
  return (
    <EmptyState title={`${kind[0]!.toUpperCase()}${kind.slice(1)} not found`} mark="?">
      There is no {kind} “{id}” in this workspace{doing}. It may have been deleted or renamed. <Anchor component={Link} to={back.to} underline="always">{back.label}</Anchor>.
    </EmptyState>
  );
}
