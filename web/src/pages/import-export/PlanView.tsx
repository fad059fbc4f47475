import { Alert, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { TextBadge } from '../metric/parts.js';
import type { ImportReport } from './upload.js';
import { revealBidi } from '../../components/bidi.js';

const KINDS = ['domain', 'objective', 'metric'] as const;
const OUTCOMES = ['created', 'updated', 'unchanged', 'invalid'] as const;
const REASON: Record<ImportReport['conflicts'][number]['reason'], string> = {
  'defined-twice': 'Defined twice in this batch',
  'edited-since-import': 'Edited since its last import',
  'defined-elsewhere': 'Defined elsewhere (in MDL or another source)',
};
const RESOLUTION: Record<ImportReport['conflicts'][number]['resolution'], { label: string; color: string }> = {
  refused: { label: 'Refused', color: 'red' },
  skipped: { label: 'Skipped: kept what is there', color: 'gray' },
  overwritten: { label: 'Overwritten by the import', color: 'blue' },
};

/** Where the report comes from: a dry run (the plan), a finished import, or one the server refused. */
export type PlanStage = 'plan' | 'done' | 'refused';

const HEADLINE: Record<PlanStage, string> = {
  plan: 'Dry run: the plan. Nothing has been written yet.',
  done: 'Imported.',
  refused: 'The import was refused: nothing was written.',
};

function Part({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <section aria-labelledby={id} data-testid={testId}>
      <Title order={3} size="h5" id={id} mb={6}>{title}</Title>
      {children}
    </section>
  );
}

const Mono = ({ children }: { children: string }) => <Text span ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }}>{children}</Text>;

function JsonCell({ value }: { value: unknown }) {
  if (value === undefined) return <Text span c="gray.7" size="sm">(absent)</Text>;
  if (typeof value === 'string') return <Text span size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{value}</Text>;
  return <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{JSON.stringify(value, null, 2)}</Code>;
}

const more = (shown: number, total: number, what: string) =>
  total > shown ? <Text size="sm" c="gray.7">Showing the first {shown} of {total} {what}.</Text> : null;

/**
 * An import report as the user reads it: counts by kind, each invalid record with the field path and
 * the message, the unresolved references, conflicts with their field diffs, and the files left out.
 * Every value is rendered as text.
 */
export function PlanView({ report, stage }: { report: ImportReport; stage: PlanStage }) {
  const changes = report.changes;
  return (
    <Stack gap="md" data-testid="import-report" data-stage={stage}>
      <Alert color={stage === 'refused' ? 'red' : stage === 'done' ? 'green' : 'blue'} variant="light" title={HEADLINE[stage]} role="status">
        <Text size="sm">
          {report.errors_total} invalid, {report.unresolved_total} unresolved {report.unresolved_total === 1 ? 'reference' : 'references'}, {report.conflicts_total} {report.conflicts_total === 1 ? 'conflict' : 'conflicts'}
          {report.skipped_files.length > 0 ? `, ${report.skipped_files.length} skipped ${report.skipped_files.length === 1 ? 'file' : 'files'}` : ''}.
          {' '}Mode: {report.mode}; references: {report.reference_policy}; on conflict: {report.on_conflict}; {report.duration_ms} ms.
        </Text>
      </Alert>

      <Table withTableBorder withColumnBorders aria-label="Records by kind and outcome" maw={640}>
        <Table.Thead>
          <Table.Tr><Table.Th>Kind</Table.Th>{OUTCOMES.map((o) => <Table.Th key={o} ta="right">{o[0]!.toUpperCase() + o.slice(1)}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {KINDS.map((k) => (
            <Table.Tr key={k} data-kind={k}>
              <Table.Th scope="row">{k[0]!.toUpperCase() + k.slice(1)}s</Table.Th>
              {OUTCOMES.map((o) => <Table.Td key={o} ta="right" data-outcome={o}>{report.counts[k]?.[o] ?? 0}</Table.Td>)}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {report.catalog_meta && <Text size="sm">Catalog fields: {report.catalog_meta}.</Text>}

      {report.errors.length > 0 && (
        <Part title={`Invalid records (${report.errors_total})`} testId="import-errors">
          <Table.ScrollContainer minWidth={640}>
            <Table withTableBorder layout="fixed" aria-label="Invalid records">
              <Table.Thead><Table.Tr><Table.Th w="28%">Record</Table.Th><Table.Th w="28%">Field</Table.Th><Table.Th>Problem</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {report.errors.flatMap((e, i) => (e.issues.length > 0 ? e.issues : [{ path: '', message: 'invalid' }]).map((issue, j) => (
                  <Table.Tr key={`${i}:${j}`}>
                    <Table.Td><Mono>{e.path}</Mono>{e.id ? <Text size="xs" c="gray.7" style={{ overflowWrap: 'anywhere' }}>{e.kind} {e.id}</Text> : <Text size="xs" c="gray.7">{e.kind}</Text>}</Table.Td>
                    <Table.Td><Mono>{issue.path || '(the record)'}</Mono></Table.Td>
                    <Table.Td><Text size="sm" style={{ overflowWrap: 'anywhere' }}>{issue.message}</Text></Table.Td>
                  </Table.Tr>
                )))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {more(report.errors.length, report.errors_total, 'invalid records')}
        </Part>
      )}

      {report.unresolved.length > 0 && (
        <Part title={`Unresolved references (${report.unresolved_total})`} testId="import-unresolved">
          <Text size="sm" mb={6}>Kept as written; each resolves when its target is imported or created.</Text>
          <Table.ScrollContainer minWidth={640}>
            <Table withTableBorder layout="fixed" aria-label="Unresolved references">
              <Table.Thead><Table.Tr><Table.Th>Record</Table.Th><Table.Th>Field</Table.Th><Table.Th>Target</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {report.unresolved.map((u, i) => (
                  <Table.Tr key={i}>
                    <Table.Td><Mono>{u.path}</Mono><Text size="xs" c="gray.7" style={{ overflowWrap: 'anywhere' }}>{u.kind} {u.id}</Text></Table.Td>
                    <Table.Td><Mono>{u.field}</Mono></Table.Td>
                    <Table.Td><Text size="sm" style={{ overflowWrap: 'anywhere' }}>{u.target_type} “{u.target_id}”</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {more(report.unresolved.length, report.unresolved_total, 'unresolved references')}
        </Part>
      )}

      {report.conflicts.length > 0 && (
        <Part title={`Conflicts (${report.conflicts_total})`} testId="import-conflicts">
          <Stack gap="md">
            {report.conflicts.map((c, i) => (
              <Stack key={i} gap={6} data-testid="import-conflict">
                <Group gap="sm">
                  <Text fw={600} style={{ overflowWrap: 'anywhere' }}>{c.kind} {c.id}</Text>
                  <TextBadge color="orange">{REASON[c.reason]}</TextBadge>
                  <TextBadge color={RESOLUTION[c.resolution].color}>{RESOLUTION[c.resolution].label}</TextBadge>
                </Group>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>Current: {sideText(c.current)}. Incoming: {sideText(c.incoming)}.</Text>
                <Table.ScrollContainer minWidth={640}>
                  <Table withTableBorder withColumnBorders layout="fixed" aria-label={`Differences for ${c.kind} ${c.id}`}>
                    <Table.Thead><Table.Tr><Table.Th w="26%">Field</Table.Th><Table.Th>Current</Table.Th><Table.Th>Incoming</Table.Th></Table.Tr></Table.Thead>
                    <Table.Tbody>
                      {c.diff.map((d, j) => (
                        <Table.Tr key={j}>
                          <Table.Td><Mono>{d.path || '(whole record)'}</Mono></Table.Td>
                          <Table.Td><JsonCell value={d.before} /></Table.Td>
                          <Table.Td><JsonCell value={d.after} /></Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Stack>
            ))}
          </Stack>
          {more(report.conflicts.length, report.conflicts_total, 'conflicts')}
        </Part>
      )}

      {report.skipped_files.length > 0 && (
        <Part title={`Skipped files (${report.skipped_files.length})`} testId="import-skipped">
          <Stack gap={4} component="ul" style={{ margin: 0, paddingInlineStart: 20 }}>
            {report.skipped_files.map((f, i) => <li key={i}><Mono>{revealBidi(f.source)}</Mono> <Text span size="sm">— {revealBidi(f.reason)}</Text></li>)}
          </Stack>
        </Part>
      )}

      {changes.length > 0 && (
        <Part title={stage === 'done' ? 'What changed' : 'What would change'} testId="import-changes">
          <Table.ScrollContainer minWidth={640}>
            <Table withTableBorder layout="fixed" aria-label="Changes">
              <Table.Thead><Table.Tr><Table.Th>Record</Table.Th><Table.Th w={110}>Outcome</Table.Th><Table.Th w={100}>Version</Table.Th><Table.Th>Fields</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {changes.map((c, i) => (
                  <Table.Tr key={i}>
                    <Table.Td><Text size="sm" style={{ overflowWrap: 'anywhere' }}>{c.kind} {c.id}</Text></Table.Td>
                    <Table.Td><Text size="sm">{c.outcome}</Text></Table.Td>
                    <Table.Td><Mono>{c.version}</Mono></Table.Td>
                    <Table.Td><Text size="sm" style={{ overflowWrap: 'anywhere' }}>{c.changed.length > 0 ? c.changed.join(', ') : '—'}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {report.changes_truncated && <Text size="sm" c="gray.7">More changed than shown; the counts above are complete.</Text>}
        </Part>
      )}
    </Stack>
  );
}

function sideText(s: ImportReport['conflicts'][number]['current']): string {
  const parts = [s.source ?? s.path, s.format, s.name ? `as “${s.name}”` : undefined].filter((x): x is string => Boolean(x));
  return parts.length > 0 ? revealBidi(parts.join(', ')) : 'stored in MDL';
}
