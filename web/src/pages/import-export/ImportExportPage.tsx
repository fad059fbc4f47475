import { Alert, Anchor, Button, Checkbox, Group, Paper, Progress, Radio, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../api/client.js';
import { fetchMe } from '../../api/auth.js';
import { ErrorState } from '../../components/States.js';
import { DropZone } from './DropZone.js';
import { PlanView } from './PlanView.js';
import { blockers, DEFAULT_OPTIONS, formatBytes, runImport, type ImportOptions, type ImportOutcome, type OnConflict, type UploadProgress } from './upload.js';

type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; dryRun: boolean; started: number; progress?: UploadProgress }
  | { kind: 'plan'; outcome: ImportOutcome }
  | { kind: 'done'; outcome: ImportOutcome }
  | { kind: 'error'; dryRun: boolean; error: unknown };

const EXPORTS: Array<{ label: string; href: string }> = [
  { label: 'Catalog as JSON', href: '/api/v1/export?format=json' },
  { label: 'Catalog as YAML', href: '/api/v1/export?format=yaml' },
  { label: 'Metrics as OSI (YAML)', href: '/api/v1/export?format=yaml&to=osi' },
  { label: 'Metrics as OSI (JSON)', href: '/api/v1/export?format=json&to=osi' },
];

/**
 * Import and export (issue 9, view 9). Files dropped or chosen are sent at once as a dry run; its plan
 * shows what would happen, and Confirm sends the same files for real. Changing an option re-plans.
 * Export is a plain link to the API: the cookie session authenticates it and the server's
 * Content-Disposition names the file, so no token is ever put in a URL.
 */
export function Component() {
  const [files, setFiles] = useState<File[]>([]);
  const [options, setOptions] = useState<ImportOptions>(DEFAULT_OPTIONS);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const run = useRef(0);
  // The request in flight: a new batch or option aborts it (its answer would be for other input).
  const inFlight = useRef<AbortController | null>(null);
  const queryClient = useQueryClient();
  // A role without the import permission (viewer) is told so instead of offered a drop zone the server refuses.
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false });
  const canImport = me.data?.scopes.includes('import') ?? true;

  const start = (dryRun: boolean, batch: File[] = files, opts: ImportOptions = options) => {
    if (batch.length === 0) return;
    const mine = ++run.current;
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    const started = performance.now();
    setPhase({ kind: 'running', dryRun, started });
    runImport(batch, dryRun, opts, (progress) => { if (run.current === mine) setPhase({ kind: 'running', dryRun, started, progress }); }, controller.signal)
      .then((outcome) => {
        if (run.current !== mine) return;
        setPhase(dryRun && !outcome.refused ? { kind: 'plan', outcome } : { kind: 'done', outcome });
        if (!dryRun && outcome.report.committed) void queryClient.invalidateQueries();
      })
      .catch((error: unknown) => {
        if (run.current !== mine) return;
        setPhase({ kind: 'error', dryRun, error });
        // XHR bypasses the client's middleware: a read through it refreshes the session (then Retry
        // works), or, when the session has ended, sends the user to sign-in and back here.
        if (error instanceof ApiError && error.status === 401) void fetchMe().catch(() => {});
      });
  };
  const onFiles = (picked: File[]) => {
    setFiles(picked);
    start(true, picked);
  };
  const onOptions = (next: ImportOptions) => {
    setOptions(next);
    // A plan belongs to its options: plan again (unless the import already ran).
    if (phase.kind !== 'done' && phase.kind !== 'running') start(true, files, next);
  };
  useEffect(() => () => inFlight.current?.abort(), []);
  const reset = () => {
    run.current++;
    inFlight.current?.abort();
    setFiles([]);
    setPhase({ kind: 'idle' });
  };

  const running = phase.kind === 'running';
  const planBlockers = phase.kind === 'plan' ? blockers(phase.outcome.report, options) : [];

  return (
    <Stack gap="xl">
      <Paper component="section" aria-labelledby="import-heading" withBorder p="md" radius="md">
        <Title order={2} size="h3" id="import-heading" mb="sm">Import</Title>
        {!canImport ? (
          <Text size="sm">Your role in this workspace ({me.data?.role}) cannot import. An editor or admin can; you can still export below.</Text>
        ) : (
        <Stack gap="md">
          <DropZone files={files} onFiles={onFiles} disabled={running} />
          <ImportOptionsForm options={options} onChange={onOptions} disabled={running || phase.kind === 'done'} />
          {phase.kind === 'running' && <RunProgress phase={phase} />}
          {phase.kind === 'error' && (
            <ErrorState error={phase.error} onRetry={() => start(phase.dryRun)} />
          )}
          {phase.kind === 'plan' && (
            <>
              <PlanView report={phase.outcome.report} stage="plan" />
              {planBlockers.length > 0 && (
                <Alert color="orange" variant="light" title="Confirming now would be refused" role="note">
                  <Stack gap={4}>{planBlockers.map((b) => <Text key={b} size="sm">{b}</Text>)}</Stack>
                </Alert>
              )}
              <Group>
                <Button onClick={() => start(false)} disabled={planBlockers.length > 0}>Confirm import</Button>
                <Button variant="default" onClick={reset}>Cancel</Button>
              </Group>
            </>
          )}
          {phase.kind === 'done' && (
            <>
              <PlanView report={phase.outcome.report} stage={phase.outcome.refused ? 'refused' : 'done'} />
              {phase.outcome.message && <Text size="sm">{phase.outcome.message}</Text>}
              <Group><Button variant="default" onClick={reset}>Import other files</Button></Group>
            </>
          )}
        </Stack>
        )}
      </Paper>

      <Paper component="section" aria-labelledby="export-heading" withBorder p="md" radius="md">
        <Title order={2} size="h3" id="export-heading" mb="sm">Export</Title>
        <Text size="sm" mb="sm">
          Download the whole catalog (domains, objectives and metrics) in the shape import reads, or the metrics as an
          Open Semantic Interchange document. Metrics without a formula are left out of OSI and listed in its MDL extension.
        </Text>
        <Group gap="sm" component="ul" aria-label="Downloads" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {EXPORTS.map((e) => <li key={e.href}><Button component="a" href={e.href} variant="default">{e.label}</Button></li>)}
        </Group>
        <Text size="sm" c="gray.7" mt="sm">The same from a script: <Anchor href="/api-docs" underline="always">GET /api/v1/export</Anchor> with an API key.</Text>
      </Paper>
    </Stack>
  );
}

function ImportOptionsForm({ options, onChange, disabled }: { options: ImportOptions; onChange(o: ImportOptions): void; disabled: boolean }) {
  return (
    <Group align="flex-start" gap="xl" wrap="wrap" role="group" aria-label="Import options">
      <Stack gap="xs">
        <Checkbox label="Continue on error (import the valid records, report the rest)" checked={options.continueOnError} disabled={disabled}
          onChange={(e) => onChange({ ...options, continueOnError: e.currentTarget.checked })} />
        <Checkbox label="Strict (refuse records whose references resolve nowhere)" checked={options.strict} disabled={disabled}
          onChange={(e) => onChange({ ...options, strict: e.currentTarget.checked })} />
      </Stack>
      <Radio.Group label="On conflict" value={options.onConflict} onChange={(v) => onChange({ ...options, onConflict: v as OnConflict })}>
        <Group gap="md" mt={4}>
          <Radio value="fail" label="Fail (refuse the batch)" disabled={disabled} />
          <Radio value="skip" label="Skip (keep what is there)" disabled={disabled} />
          <Radio value="overwrite" label="Overwrite (take the import)" disabled={disabled} />
        </Group>
      </Radio.Group>
    </Group>
  );
}

/** Bytes sent while uploading (XHR upload progress), then an indeterminate bar with the elapsed time while the server works. */
function RunProgress({ phase }: { phase: Extract<Phase, { kind: 'running' }> }) {
  const [now, setNow] = useState(() => performance.now());
  const labelId = useId();
  useEffect(() => {
    const t = setInterval(() => setNow(performance.now()), 200);
    return () => clearInterval(t);
  }, []);
  const p = phase.progress;
  const uploading = p && !p.sent && p.total > 0;
  const seconds = Math.max(0, (now - phase.started) / 1000).toFixed(1);
  const what = phase.dryRun ? 'Planning (dry run)' : 'Importing';
  const text = uploading ? `${what}: uploaded ${formatBytes(p.loaded)} of ${formatBytes(p.total)}, ${seconds} s` : `${what}: the server is checking${phase.dryRun ? '' : ' and writing'} the records, ${seconds} s`;
  return (
    <Stack gap={4} data-testid="import-progress">
      <Text id={labelId} size="sm" role="status" aria-live="polite">{text}</Text>
      <Progress.Root size="lg" aria-labelledby={labelId}>
        {uploading
          ? <Progress.Section value={Math.round((p.loaded / p.total) * 100)} aria-labelledby={labelId} />
          : <Progress.Section value={100} striped animated aria-labelledby={labelId} aria-valuetext="working" />}
      </Progress.Root>
    </Stack>
  );
}
