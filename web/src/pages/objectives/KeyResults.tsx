import { Paper, Stack, Text, Title } from '@mantine/core';
import { EntityLinks, Facts, metricPath } from '../metric/parts.js';
import { ProgressBar } from '../overview/Bars.js';
import { StatusBadge } from '../domains/shared.js';
import { DIRECTION_TEXT, withUnit, type KeyResult } from './api.js';

/**
 * One key result: its progress bar from the stored `progress` (computed by the server from baseline,
 * target, current and direction on every write; never recomputed here), the values and direction as
 * text, and its metrics as links.
 */
export function KeyResultCard({ kr }: { kr: KeyResult }) {
  const title = kr.name ?? kr.kr_id;
  return (
    <Paper withBorder p="sm" radius="md" component="li" data-testid="key-result" aria-label={`Key result ${kr.kr_id}`}>
      <Stack gap={6}>
        <Title order={3} size="h5" style={{ overflowWrap: 'anywhere' }}>{title} {kr.name && <Text span size="sm" c="gray.7" ff="monospace">{kr.kr_id}</Text>}</Title>
        {kr.description && <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{kr.description}</Text>}
        <ProgressBar label={`Progress of ${title}`} progress={kr.progress} />
        <Facts rows={[
          ['Baseline', withUnit(kr.baseline_value, kr.unit)],
          ['Target', withUnit(kr.target_value, kr.unit)],
          ['Current', withUnit(kr.current_value, kr.unit)],
          ['Direction', kr.direction ? DIRECTION_TEXT[kr.direction] ?? kr.direction : null],
          ['Status', kr.status, (s: string) => <StatusBadge status={s} />],
          ['Progress the file reported', kr.reported_progress_percentage == null ? null : `${kr.reported_progress_percentage}% (not used: the figure above is computed)`],
          ['Metrics', kr.metric_ids, (ids: string[]) => <EntityLinks ids={ids} to={metricPath} label={`Metrics of ${kr.kr_id}`} />],
        ]} />
      </Stack>
    </Paper>
  );
}

export function KeyResultList({ items }: { items: KeyResult[] }) {
  return (
    <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((kr) => <KeyResultCard key={kr.kr_id} kr={kr} />)}
    </Stack>
  );
}
