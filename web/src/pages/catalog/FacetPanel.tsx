import { Button, Checkbox, Stack, Text, Title } from '@mantine/core';
import { memo, useState } from 'react';
import type { Facets } from './api.js';
import { FACET_LABELS, FACETS, type FacetName } from './url-state.js';

const SHOWN = 8;

interface FacetPanelProps {
  facets: Facets | undefined;
  selected: Record<FacetName, string[]>;
  onChange(facet: FacetName, values: string[]): void;
}

/**
 * One checkbox group per facet. Each value shows the count it would have with the other facets' choices
 * (the server counts each facet without its own filter), so choices within a facet combine with OR and
 * across facets with AND. A chosen value the counts no longer list stays shown (count 0) so it can be
 * unticked.
 */
export const FacetPanel = memo(function FacetPanel({ facets, selected, onChange }: FacetPanelProps) {
  return (
    <Stack gap="md" component="section" aria-label="Filters">
      <Title order={2} size="h4">Filters</Title>
      {FACETS.map((name) => (
        <FacetGroup key={name} name={name} facet={facets?.facets[name]} selected={selected[name]} onChange={(v) => onChange(name, v)} />
      ))}
    </Stack>
  );
});

function FacetGroup({ name, facet, selected, onChange }: {
  name: FacetName;
  facet: Facets['facets'][FacetName] | undefined;
  selected: string[];
  onChange(values: string[]): void;
}) {
  const [all, setAll] = useState(false);
  const listed = facet?.values ?? [];
  const missing = selected.filter((v) => !listed.some((l) => l.value === v)).map((value) => ({ value, count: 0 }));
  const values = [...listed, ...missing];
  const visible = all ? values : values.slice(0, Math.max(SHOWN, selected.length));
  if (values.length === 0) {
    return (
      <div>
        <Text fw={600} size="sm">{FACET_LABELS[name]}</Text>
        <Text size="sm" c="dimmed">{facet ? 'No values' : '…'}</Text>
      </div>
    );
  }
  return (
    <Checkbox.Group label={FACET_LABELS[name]} value={selected} onChange={onChange}>
      <Stack gap={6} mt={6}>
        {visible.map((v) => (
          // A value is free text up to 500 characters: an unbroken one wraps inside the panel instead of
          // running over the results beside it.
          <Checkbox key={v.value} value={v.value} size="sm" styles={{ body: { minWidth: 0 }, labelWrapper: { minWidth: 0 } }}
            label={<span style={{ overflowWrap: 'anywhere' }}><span>{v.value}</span> <Text span size="xs" c="dimmed">({v.count.toLocaleString()})</Text></span>}
            aria-label={`${v.value}, ${v.count} metric${v.count === 1 ? '' : 's'}`} />
        ))}
        {values.length > visible.length || all ? (
          <Button variant="subtle" size="compact-xs" onClick={() => setAll(!all)} style={{ alignSelf: 'flex-start' }}>
            {all ? `Show fewer ${FACET_LABELS[name].toLowerCase()} values` : `Show all ${values.length} ${FACET_LABELS[name].toLowerCase()} values`}
          </Button>
        ) : null}
        {facet && facet.other > 0 ? <Text size="xs" c="dimmed">and {facet.other.toLocaleString()} more past the first 50 values</Text> : null}
      </Stack>
    </Checkbox.Group>
  );
}
