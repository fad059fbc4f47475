import { ActionIcon, Autocomplete, Button, Fieldset, Group, NumberInput, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Vocabulary } from './api.js';
import { fieldId, getAt, issuesAt, joinPath, type Doc, type FieldIssue } from './model.js';

/** What every field reads: the draft, its setter, the issues to show, and the workspace's vocabularies. */
export interface FormCtx {
  doc: Doc;
  set: (path: string, value: unknown) => void;
  issues: FieldIssue[];
  vocabularies: Vocabulary[];
  /** A JSON area whose text does not parse: saving is blocked while any is set. */
  markInvalidJson: (path: string, invalid: boolean) => void;
}

export const FormContext = createContext<FormCtx | null>(null);

export function useForm(): FormCtx {
  const ctx = useContext(FormContext);
  if (!ctx) throw new Error('a metric field outside the edit form');
  return ctx;
}

const messages = (issues: FieldIssue[]) => (issues.length === 0 ? undefined : issues.map((i) => i.message).join('; '));
const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

interface Base { path: string; label: string; description?: string }

export function TextField({ path, label, description, long, required, readOnly }: Base & { long?: boolean; required?: boolean; readOnly?: boolean }) {
  const { doc, set, issues } = useForm();
  const props = {
    id: fieldId(path), label, description, required, readOnly, value: str(getAt(doc, path)), error: messages(issuesAt(issues, path)),
    onChange: (e: { currentTarget: { value: string } }) => set(path, e.currentTarget.value === '' && !required ? undefined : e.currentTarget.value),
  };
  return long ? <Textarea {...props} rows={3} resize="vertical" /> : <TextInput {...props} />;
}

export function NumberField({ path, label, description }: Base) {
  const { doc, set, issues } = useForm();
  const v = getAt(doc, path);
  return (
    <NumberInput id={fieldId(path)} label={label} description={description} value={typeof v === 'number' ? v : ''} error={messages(issuesAt(issues, path))}
      onChange={(n) => { if (typeof n === 'number') set(path, n); else if (n === '') set(path, undefined); }} />
  );
}

/** A fixed set of values (expected_direction), or a closed vocabulary: a select. */
export function ChoiceField({ path, label, description, values }: Base & { values: readonly string[] }) {
  const { doc, set, issues } = useForm();
  const v = str(getAt(doc, path));
  // A stored value the list no longer has (an old import) stays choosable, so opening the form changes nothing.
  const data = v && !values.includes(v) ? [...values, v] : [...values];
  return (
    <Select id={fieldId(path)} label={label} description={description} data={data} value={v || null} clearable placeholder="(not set)"
      error={messages(issuesAt(issues, path))} onChange={(x) => set(path, x ?? undefined)} comboboxProps={{ withinPortal: false }} />
  );
}

/** A vocabulary field: closed vocabularies are a select, open ones free text with the known values as suggestions. */
export function VocabularyField({ path, label, name }: Base & { name: Vocabulary['name'] }) {
  const { doc, set, issues, vocabularies } = useForm();
  const vocab = vocabularies.find((v) => v.name === name);
  if (vocab?.closed) return <ChoiceField path={path} label={label} values={vocab.values} description="One of the workspace's values" />;
  return (
    <Autocomplete id={fieldId(path)} label={label} description={vocab ? 'Suggested values; any text is kept' : undefined} data={vocab?.values ?? []}
      value={str(getAt(doc, path))} error={messages(issuesAt(issues, path))} onChange={(x) => set(path, x === '' ? undefined : x)} comboboxProps={{ withinPortal: false }} />
  );
}

export function YesNoField({ path, label }: Base) {
  const { doc, set, issues } = useForm();
  const v = getAt(doc, path);
  return (
    <Select id={fieldId(path)} label={label} data={[{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }]} value={v === true ? 'yes' : v === false ? 'no' : null}
      clearable placeholder="(not set)" error={messages(issuesAt(issues, path))} onChange={(x) => set(path, x === 'yes' ? true : x === 'no' ? false : undefined)} comboboxProps={{ withinPortal: false }} />
  );
}

/**
 * A free object or free list as JSON text. The text is the field's own state while it does not parse
 * (the draft keeps the last valid value), and saving waits until it does.
 */
export function JsonField({ path, label, description, kind }: Base & { kind: 'object' | 'array' }) {
  const { doc, set, issues, markInvalidJson } = useForm();
  const value = getAt(doc, path);
  const shown = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [text, setText] = useState(shown);
  const [problem, setProblem] = useState<string | null>(null);
  // The draft changed from outside (reload, discard): show its value.
  useEffect(() => {
    if (problem) return;
    let same = false;
    try { same = text.trim() === '' ? value === undefined : JSON.stringify(JSON.parse(text)) === JSON.stringify(value); } catch { same = false; }
    if (!same) setText(shown);
    // Only `shown` (the draft's value) re-syncs: the text the user is typing must not trigger it.
  }, [shown]);
  const onChange = (t: string) => {
    setText(t);
    let why: string | null = null;
    let parsed: unknown;
    if (t.trim() !== '') {
      try {
        parsed = JSON.parse(t);
        const ok = kind === 'array' ? Array.isArray(parsed) : parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
        if (!ok) why = kind === 'array' ? 'must be a JSON list: [ … ]' : 'must be a JSON object: { … }';
      } catch (e) {
        why = `not valid JSON (${e instanceof Error ? e.message : 'parse error'})`;
      }
    }
    setProblem(why);
    markInvalidJson(path, why !== null);
    if (why === null) set(path, parsed);
  };
  const server = messages(issuesAt(issues, path, true).map((i) => (i.path === path ? i : { ...i, message: `${i.path.slice(path.length).replace(/^\./, '')}: ${i.message}` })));
  return (
    <Textarea id={fieldId(path)} label={label} description={description ?? (kind === 'array' ? 'JSON: a list' : 'JSON: an object')} value={text} rows={5} resize="vertical"
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} error={problem ?? server} onChange={(e) => onChange(e.currentTarget.value)} spellCheck={false} />
  );
}

/**
 * A list editor: each item with Move up, Move down and Remove buttons (named by the item, so a screen
 * reader says which), and an Add button. Issues at the list's own path show under its legend.
 */
export function ListField({ path, label, itemLabel, newItem, render }: Base & { itemLabel: string; newItem: () => unknown; render: (itemPath: string, index: number) => ReactNode }) {
  const { doc, set, issues } = useForm();
  const raw = getAt(doc, path);
  const items = Array.isArray(raw) ? raw : [];
  const own = messages(issuesAt(issues, path));
  const box = useRef<HTMLFieldSetElement>(null);
  const [focusItem, setFocusItem] = useState<number | null>(null);
  // After Add, the new item's first input takes focus (the keyboard user is not left on the button).
  useEffect(() => {
    if (focusItem === null) return;
    box.current?.querySelector<HTMLElement>(`[data-item="${focusItem}"] input, [data-item="${focusItem}"] textarea`)?.focus();
    setFocusItem(null);
  }, [focusItem]);
  const move = (from: number, to: number) => {
    const next = [...items];
    const [it] = next.splice(from, 1);
    next.splice(to, 0, it);
    set(path, next);
  };
  return (
    <Fieldset ref={box} legend={label} id={fieldId(path)} tabIndex={-1} aria-invalid={own ? true : undefined} data-testid={`list-${path}`}>
      <Stack gap="sm">
        {own && <Text c="red.8" size="sm" role="alert">{own}</Text>}
        {items.length === 0 && <Text size="sm" c="gray.7">None yet.</Text>}
        {items.map((_, i) => (
          <Group key={i} align="flex-end" wrap="nowrap" gap="xs" role="group" aria-label={`${itemLabel} ${i + 1}`} data-item={i}>
            <Stack gap="xs" style={{ flex: 1, minWidth: 0 }}>{render(joinPath(path, i), i)}</Stack>
            <Group gap={4} wrap="nowrap">
              <ActionIcon variant="default" aria-label={`Move ${itemLabel} ${i + 1} up`} disabled={i === 0} onClick={() => move(i, i - 1)}>↑</ActionIcon>
              <ActionIcon variant="default" aria-label={`Move ${itemLabel} ${i + 1} down`} disabled={i === items.length - 1} onClick={() => move(i, i + 1)}>↓</ActionIcon>
              <ActionIcon variant="default" color="red" aria-label={`Remove ${itemLabel} ${i + 1}`} onClick={() => set(path, items.filter((__, j) => j !== i))}>✕</ActionIcon>
            </Group>
          </Group>
        ))}
        <Group><Button size="xs" variant="light" onClick={() => { set(path, [...items, newItem()]); setFocusItem(items.length); }}>Add {itemLabel}</Button></Group>
      </Stack>
    </Fieldset>
  );
}

/** A list of short texts (tags, ids, channels, time grains): one input per item. */
export function StringListField({ path, label, itemLabel }: Base & { itemLabel: string }) {
  return <ListField path={path} label={label} itemLabel={itemLabel} newItem={() => ''} render={(p, i) => <ListText path={p} label={`${itemLabel} ${i + 1}`} />} />;
}

/** An item of a string list: an empty item stays '' (not removed), so the server names it by index. */
function ListText({ path, label }: { path: string; label: string }) {
  const { doc, set, issues } = useForm();
  return <TextInput id={fieldId(path)} label={label} value={str(getAt(doc, path))} error={messages(issuesAt(issues, path))} onChange={(e) => set(path, e.currentTarget.value)} />;
}
