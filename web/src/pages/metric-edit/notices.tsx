import { Alert, Anchor, Button, Group, List, Stack, Text } from '@mantine/core';
import type { Ref } from 'react';
import { Link } from 'react-router';
import { DiffView } from '../metric/DiffView.js';
import { metricPath } from '../metric/parts.js';
import type { Warning } from './api.js';
import { nearestFieldElement, type Doc, type FieldIssue } from './model.js';

/**
 * The problems that stopped a save, at the top: each names its field's path and links to it (the link
 * focuses the field, or its nearest enclosing one for a path inside a JSON area). It takes focus when
 * shown, so a screen reader hears it and Tab walks its links.
 */
export function ErrorSummary({ issues, ref }: { issues: FieldIssue[]; ref?: Ref<HTMLDivElement> }) {
  const go = (path: string) => {
    const el = nearestFieldElement(path);
    el?.scrollIntoView?.({ block: 'center' });
    el?.focus();
  };
  return (
    <Alert ref={ref} tabIndex={-1} color="red" role="alert" title={`${issues.length} ${issues.length === 1 ? 'problem stops' : 'problems stop'} the save`} data-testid="error-summary">
      <List size="sm" spacing={4}>
        {issues.map((i, n) => (
          <List.Item key={`${n}:${i.path}`}>
            <Anchor href={`#${i.path}`} onClick={(e) => { e.preventDefault(); go(i.path); }} ff="monospace" size="sm" c="var(--mantine-color-text)" underline="always">{i.path}</Anchor>
            <Text span size="sm">: {i.message}</Text>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** After a save: the version written, and the references it left unresolved (kept, tracked). */
export function SavedNotice({ id, version, warnings }: { id: string; version: string | null; warnings: Warning[] }) {
  return (
    <Alert color={warnings.length > 0 ? 'yellow' : 'green'} role="status" title={version ? `Saved as version ${version}` : 'Saved'} data-testid="saved-notice">
      <Stack gap="xs">
        {warnings.length > 0 && (
          <>
            <Text size="sm">Saved with {warnings.length} unresolved {warnings.length === 1 ? 'reference' : 'references'} (kept as written; they resolve when the target exists):</Text>
            <List size="sm">{warnings.map((w, i) => <List.Item key={i}><Text span ff="monospace" size="sm">{w.path ?? ''}</Text>: {w.message ?? w.code ?? ''}</List.Item>)}</List>
          </>
        )}
        <Anchor component={Link} to={metricPath(id)} size="sm">Open the metric page</Anchor>
      </Stack>
    </Alert>
  );
}

/** A 412: the metric changed since the form opened. The server's version beside the draft, and the two ways on. */
export function ConflictPanel({ current, draft, saving, onReload, onOverwrite }: { current: Doc; draft: Doc; saving: boolean; onReload: () => void; onOverwrite: () => void }) {
  return (
    <Alert color="orange" role="alert" title="Changed since you opened it" data-testid="conflict">
      <Stack gap="sm">
        <Text size="sm">Someone saved this metric after you opened it. Below: what differs between the version on the server now and your draft. Reload to drop your draft and edit the current version, or overwrite it with your draft.</Text>
        <DiffView left={current} right={draft} leftLabel="the current version" rightLabel="your draft" />
        <Group>
          <Button variant="default" onClick={onReload}>Reload (drop my draft)</Button>
          <Button color="red.9" onClick={onOverwrite} loading={saving}>Overwrite with my draft</Button>
        </Group>
      </Stack>
    </Alert>
  );
}
