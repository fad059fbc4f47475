import { Anchor, Box, Group, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import { Link } from 'react-router';

/**
 * Charts without a chart library: bars drawn as plain boxes whose words carry the value. The bar is
 * decoration (aria-hidden); the label, the count and the share are text, so colour and length are
 * never the only signal and a screen reader reads the same numbers.
 */
export interface Bar {
  label: string;
  count: number;
  /** An in-app link for the label (a catalog filtered to this value); plain text when absent. */
  to?: string;
}

const TRACK = { background: 'var(--mantine-color-gray-2)', borderRadius: 4, height: 10, overflow: 'hidden' } as const;

/** The share of `count` in `total`, as shown: whole percent, "<1%" for a sliver, 0% for none. */
export function share(count: number, total: number): string {
  if (total <= 0 || count <= 0) return '0%';
  const pct = (100 * count) / total;
  return pct < 1 ? '<1%' : `${Math.round(pct)}%`;
}

/** A titled list of bars, longest first as given; `total` is what the shares are of. */
export function BarList({ title, bars, total, empty = 'Nothing to count yet.' }: { title: string; bars: Bar[]; total: number; empty?: string }) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.count));
  return (
    <Stack gap={6} component="figure" aria-labelledby={id} m={0}>
      <Text component="figcaption" id={id} fw={600}>{title}</Text>
      {bars.length === 0 ? <Text size="sm" c="gray.7">{empty}</Text> : (
        <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {bars.map((b) => (
            <li key={b.label} data-testid="bar">
              <Group justify="space-between" gap="xs" wrap="nowrap">
                {b.to ? <Anchor component={Link} to={b.to} size="sm" style={{ overflowWrap: 'anywhere' }}>{b.label}</Anchor> : <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{b.label}</Text>}
                <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>{b.count.toLocaleString('en')} <Text span c="gray.7" size="sm">({share(b.count, total)})</Text></Text>
              </Group>
              <Box style={TRACK} aria-hidden>
                <Box style={{ width: `${(100 * b.count) / max}%`, height: '100%', background: 'var(--mantine-color-blue-6)' }} />
              </Box>
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** A percentage as the server gave it (never recomputed here): "45%", or null for "not measurable". */
export function percentText(progress: number | null | undefined): string | null {
  if (progress === null || progress === undefined || !Number.isFinite(progress)) return null;
  const clamped = Math.min(100, Math.max(0, progress));
  return `${Number.isInteger(clamped) ? clamped : clamped.toFixed(1)}%`;
}

/**
 * A progress bar for a stored percentage: a real progressbar with a name and a value text, and the
 * percentage written beside it. Without a figure it says so instead of drawing an empty bar.
 */
export function ProgressBar({ label, progress }: { label: string; progress: number | null | undefined }) {
  const text = percentText(progress);
  if (text === null) return <Text size="sm" c="gray.7">Progress: not measurable (needs a target and a current value)</Text>;
  const value = Math.min(100, Math.max(0, progress as number));
  return (
    <Group gap="sm" wrap="nowrap">
      <Box role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} aria-valuetext={text}
        style={{ ...TRACK, flex: 1, minWidth: 80 }}>
        <Box style={{ width: `${value}%`, height: '100%', background: value >= 100 ? 'var(--mantine-color-green-7)' : 'var(--mantine-color-blue-6)' }} />
      </Box>
      <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>{text}</Text>
    </Group>
  );
}
