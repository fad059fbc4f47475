import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { fetchMe } from '../../api/auth.js';
import { ApiError } from '../../api/client.js';
import { EmptyState, ErrorState, Loading, MissingEntity } from '../../components/States.js';
import { fetchMetric } from '../metric/api.js';
import { metricPath } from '../metric/parts.js';
import { fetchVocabularies, saveMetric, type Vocabulary, type Warning } from './api.js';
import { ConflictPanel, ErrorSummary, SavedNotice } from './notices.js';
import { FormContext, type FormCtx } from './fields.js';
import { FormGroups } from './groups.js';
import { clearDraft, detailsToIssues, draftKey, loadDraft, saveDraft, setAt, toBody, validate, type Doc, type Draft, type FieldIssue } from './model.js';

/**
 * /metrics/new and /metrics/:id/edit: every field of the definition, saved with POST or with PUT and
 * If-Match of the version that was opened. The draft lives in sessionStorage until it is saved.
 */
export function Component() {
  const id = useParams().id ?? null;
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false });
  const vocabularies = useQuery({ queryKey: ['vocabularies'], queryFn: fetchVocabularies });
  // No cache: the form must start from (and send If-Match of) the version on the server now.
  const metric = useQuery({ queryKey: ['metric', id, 'edit'], queryFn: () => fetchMetric(id!), enabled: id !== null, gcTime: 0, refetchOnWindowFocus: false, retry: (n, err) => !(err instanceof ApiError && err.status === 404) && n < 1 });

  const failed = [me, vocabularies, metric].find((q) => q.isError);
  if (failed) {
    if (failed === metric && failed.error instanceof ApiError && failed.error.status === 404) {
      return <MissingEntity kind="metric" id={id ?? undefined} doing=" to edit" back={{ to: '/catalog', label: 'Search the catalog' }} />;
    }
    return <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />;
  }
  if (me.isPending || vocabularies.isPending || (id !== null && metric.isPending)) return <Loading label="Opening the editor…" />;
  if (me.data!.role === 'viewer') return <EmptyState title="You can read, not edit" mark="✎">Your role in this workspace is viewer. An editor or admin can change metrics.</EmptyState>;
  const initial: { doc: Doc; etag: string | null } = id === null ? { doc: { metric_id: '', name: '' }, etag: null } : { doc: metric.data!.metric as Doc, etag: metric.data!.etag };
  return <Editor key={id ?? '(new)'} id={id} initial={initial} workspace={me.data!.workspace_id} user={me.data!.user.id} vocabularies={vocabularies.data!} />;
}

interface SavedInfo { version: string | null; warnings: Warning[] }

function Editor({ id, initial, workspace, user, vocabularies }: { id: string | null; initial: { doc: Doc; etag: string | null }; workspace: string; user: string; vocabularies: Vocabulary[] }) {
  const key = draftKey(workspace, user, id);
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [restored] = useState<Draft | null>(() => loadDraft(key));
  const [showRestored, setShowRestored] = useState(restored !== null);
  const [doc, setDoc] = useState<Doc>(restored?.doc ?? initial.doc);
  const [etag, setEtag] = useState<string | null>(restored?.etag ?? initial.etag);
  const [dirty, setDirty] = useState(false);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [invalidJson, setInvalidJson] = useState<ReadonlySet<string>>(new Set());
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [conflict, setConflict] = useState<{ current: Doc; etag: string | null } | null>(null);
  const [saved, setSaved] = useState<SavedInfo | null>((location.state as { saved?: SavedInfo } | null)?.saved ?? null);
  const summary = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (dirty) saveDraft(key, { doc, etag, savedAt: new Date().toISOString() });
  }, [dirty, doc, etag, key]);
  // A refused save moves focus to the summary; fixing a field (which drops its issue) must not.
  const [refusals, setRefusals] = useState(0);
  useEffect(() => { if (refusals > 0) summary.current?.focus(); }, [refusals]);
  const refuse = (found: FieldIssue[]) => { setIssues(found); setRefusals((n) => n + 1); };

  const ctx: FormCtx = {
    doc, issues, vocabularies,
    set: (path, value) => {
      setDoc((d) => setAt(d, path, value));
      setDirty(true);
      setSaved(null);
      setIssues((is) => (is.some((i) => i.path === path) ? is.filter((i) => i.path !== path) : is));
    },
    markInvalidJson: (path, invalid) => setInvalidJson((s) => {
      if (s.has(path) === invalid) return s;
      const next = new Set(s);
      if (invalid) next.add(path); else next.delete(path);
      return next;
    }),
  };

  const startOver = (from: Doc, tag: string | null) => {
    clearDraft(key);
    setDoc(from);
    setEtag(tag);
    setDirty(false);
    setIssues([]);
    setConflict(null);
    setShowRestored(false);
  };

  async function save(ifMatch: string | null = etag) {
    setFailure(null);
    setSaved(null);
    if (invalidJson.size > 0) {
      refuse([...invalidJson].map((path) => ({ path, message: 'is not valid JSON yet' })));
      return;
    }
    const body = toBody(doc);
    const local = validate(body);
    if (local.length > 0) { refuse(local); return; }
    setSaving(true);
    try {
      const result = await saveMetric(id, body, ifMatch);
      const info = { version: (result.metric.governance as { version?: string } | undefined)?.version ?? null, warnings: result.warnings };
      const savedId = String(result.metric.metric_id);
      clearDraft(key);
      void queryClient.invalidateQueries({ queryKey: ['metric', savedId] });
      if (id === null) {
        void navigate(`${metricPath(savedId)}/edit`, { replace: true, state: { saved: info } });
        return;
      }
      startOver(result.metric, result.etag);
      setSaved(info);
    } catch (err) {
      if (err instanceof ApiError && err.status === 412 && id !== null) {
        try {
          const current = await fetchMetric(id);
          setConflict({ current: current.metric as Doc, etag: current.etag });
        } catch (again) {
          setFailure(again);
        }
      } else if (err instanceof ApiError && detailsToIssues(err.details).length > 0) {
        refuse(detailsToIssues(err.details));
      } else {
        setFailure(err);
      }
    } finally {
      setSaving(false);
    }
  }

  const onSubmit = (e: FormEvent) => { e.preventDefault(); void save(); };
  const name = typeof doc.name === 'string' && doc.name ? doc.name : id;
  const back = id === null ? '/catalog' : metricPath(id);

  return (
    <FormContext.Provider value={ctx}>
      {/* Field errors use the theme's error colour (red.9, AA on white: app/theme.ts). */}
      <form onSubmit={onSubmit} noValidate aria-labelledby="edit-title">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={1} id="edit-title" style={{ overflowWrap: 'anywhere' }}>{id === null ? 'New metric' : `Edit ${name ?? ''}`}</Title>
            {id !== null && <Text size="sm" c="gray.7">{id}</Text>}
          </div>
          <Group>
            <Button component={Link} to={back} variant="default">{id === null ? 'Cancel' : 'Back to the metric'}</Button>
            <Button type="submit" loading={saving}>{id === null ? 'Create metric' : 'Save'}</Button>
          </Group>
        </Group>

        {showRestored && restored && (
          <Alert color="blue" title="Your unsaved draft was restored" role="status" data-testid="draft-restored">
            <Group justify="space-between">
              <Text size="sm">These are your changes from {restored.savedAt ? new Date(restored.savedAt).toLocaleString() : 'earlier'}, not yet saved.</Text>
              <Button size="xs" variant="default" onClick={() => startOver(initial.doc, initial.etag)}>Discard draft</Button>
            </Group>
          </Alert>
        )}
        {saved && <SavedNotice id={String(doc.metric_id ?? id)} version={saved.version} warnings={saved.warnings} />}
        {issues.length > 0 && <ErrorSummary ref={summary} issues={issues} />}
        {conflict && (
          <ConflictPanel current={toBody(conflict.current)} draft={toBody(doc)} saving={saving}
            onReload={() => startOver(conflict.current, conflict.etag)} onOverwrite={() => void save(conflict.etag)} />
        )}
        {failure !== null && <ErrorState error={failure} onRetry={() => void save()} />}

        <FormGroups creating={id === null} />

        <Group justify="flex-end">
          <Button type="submit" loading={saving}>{id === null ? 'Create metric' : 'Save'}</Button>
        </Group>
      </Stack>
      </form>
    </FormContext.Provider>
  );
}
