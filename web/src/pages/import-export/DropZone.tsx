import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useId, useRef, useState, type DragEvent } from 'react';
import { formatBytes } from './upload.js';
import { revealBidi } from '../../components/bidi.js';

export const ACCEPT = '.json,.yaml,.yml,application/json,application/yaml,text/yaml';

/**
 * Where files come in: dropped on the zone, or chosen with the button (a real button, so Tab and Enter
 * or Space reach the picker). The file input itself is `hidden`: not a tab stop of its own. A new
 * drop or choice replaces the selection, which is one import batch.
 */
export function DropZone({ files, onFiles, disabled }: { files: readonly File[]; onFiles(files: File[]): void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const hintId = useId();
  const take = (list: FileList | null) => {
    const picked = list ? Array.from(list) : [];
    if (picked.length > 0) onFiles(picked);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (!disabled) take(e.dataTransfer.files);
  };
  const total = files.reduce((n, f) => n + f.size, 0);
  return (
    <Paper
      withBorder p="lg" radius="md" data-testid="drop-zone" data-over={over || undefined}
      role="group" aria-labelledby={hintId}
      style={{ borderStyle: 'dashed', borderWidth: 2, borderColor: over ? 'var(--mantine-color-blue-6)' : undefined, background: over ? 'var(--mantine-color-blue-0)' : undefined }}
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <Stack align="center" gap="sm" ta="center">
        <Text id={hintId} fw={500}>{over ? 'Release to add these files' : 'Drop files here to import them as one batch'}</Text>
        <Text size="sm" c="gray.7">JSON or YAML: MDL catalogs, metrics, domains and objectives, dbt semantic models and metrics, Cube models, OSI documents.</Text>
        <Button variant="default" onClick={() => input.current?.click()} disabled={disabled}>Choose files…</Button>
        <input
          ref={input} type="file" multiple accept={ACCEPT} hidden data-testid="import-file-input" aria-label="Files to import"
          onChange={(e) => { take(e.currentTarget.files); e.currentTarget.value = ''; }}
        />
        {files.length > 0 && (
          <Stack gap={2} w="100%" maw={560}>
            <Text size="sm" fw={500}>{files.length} {files.length === 1 ? 'file' : 'files'}, {formatBytes(total)}</Text>
            <Group gap="xs" justify="center" component="ul" aria-label="Chosen files" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {files.map((f, i) => <Text key={`${i}:${f.name}`} component="li" size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>{revealBidi(f.name)} ({formatBytes(f.size)})</Text>)}
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
