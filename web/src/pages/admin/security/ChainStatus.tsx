import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../../components/States.js';
import { verifyChain } from './api.js';

/** The audit chain's verification (GET /audit/verify), said in words: verified, or where it breaks. */
export function ChainStatus() {
  const check = useQuery({ queryKey: ['audit', 'verify'], queryFn: verifyChain, staleTime: 0 });
  const again = <Button size="xs" variant="default" onClick={() => void check.refetch()} loading={check.isFetching}>Check again</Button>;
  if (check.isPending) return <Group gap="xs" role="status"><Loader size="xs" aria-hidden /><Text size="sm">Verifying the audit chain…</Text></Group>;
  if (check.isError) return <ErrorState error={check.error} onRetry={() => void check.refetch()} />;
  const r = check.data;
  if (r.ok) {
    const legacy = 'unchained' in r && r.unchained ? ` ${r.unchained} older events predate the chain and are not covered.` : '';
    return (
      <Alert color="green" variant="light" title="Audit chain verified" role="status" data-testid="chain-status">
        <Group justify="space-between" gap="sm">
          <Text size="sm">✓ Verified: all {r.count} events link up; none was altered or removed.{legacy}</Text>{again}
        </Group>
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" title="Audit chain broken" role="alert" data-testid="chain-status">
      <Group justify="space-between" gap="sm">
        <Text size="sm">✗ Broken at event #{r.firstBroken.id} ({r.firstBroken.reason}) of {r.count} checked: an event was altered or removed there.</Text>{again}
      </Group>
    </Alert>
  );
}
