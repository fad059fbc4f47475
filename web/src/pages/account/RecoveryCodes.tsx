import { Alert, Button, CopyButton, Group, List, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { recoveryCodesText } from './api.js';

/**
 * The 10 recovery codes, shown this once (the server never answers them again): copy, download as a
 * text file, and "I have saved them", which drops them from memory. They live only in this component's
 * props: never in the URL, storage or a log.
 */
export function RecoveryCodes({ codes, account, onDone }: { codes: string[]; account: string; onDone: () => void }) {
  const text = useMemo(() => recoveryCodesText(codes, account), [codes, account]);
  // A data: URL for the download: no request, nothing to revoke, gone with the component.
  const href = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
  return (
    <Stack gap="sm" data-testid="recovery-codes">
      <Alert color="yellow" title="Save your recovery codes now" role="status">
        These {codes.length} codes are shown only this once. Each signs you in one time when your authenticator app is not at hand.
        Store them somewhere safe, such as a password manager.
      </Alert>
      <List aria-label="Recovery codes" ff="monospace" spacing={2} listStyleType="none" style={{ columns: 2, maxWidth: 360 }}>
        {codes.map((c) => <List.Item key={c}>{c}</List.Item>)}
      </List>
      <Group gap="xs">
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => <Button variant="default" size="xs" onClick={copy}>{copied ? 'Copied' : 'Copy the codes'}</Button>}
        </CopyButton>
        <Button variant="default" size="xs" component="a" href={href} download="mdl-recovery-codes.txt">Download as text</Button>
        <Button size="xs" onClick={onDone}>I have saved them</Button>
      </Group>
      <Text size="sm" c="gray.7">After you leave this step the codes cannot be shown again; you can turn two-factor authentication off and on to get new ones.</Text>
    </Stack>
  );
}
