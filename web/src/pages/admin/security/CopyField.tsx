import { Button, CopyButton, Group, Stack, Text } from '@mantine/core';

/** A value to copy elsewhere (the redirect URI, the sign-in link): shown as text, with a copy button named by it. */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500}>{label}</Text>
      <Group gap="xs" wrap="nowrap" align="center">
        <Text ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }} data-testid={testId}>{value}</Text>
        <CopyButton value={value}>
          {({ copied, copy }) => <Button size="xs" variant="default" onClick={copy} aria-label={`Copy: ${label}`}>{copied ? 'Copied' : 'Copy'}</Button>}
        </CopyButton>
      </Group>
    </Stack>
  );
}
