import { Alert, Button, Checkbox, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorState } from '../../components/States.js';
import { ACTION_GATES, ACTIONS, POLICY_ROLES, type Action, type Decision, type EvaluateBody } from './api.js';

export interface EvaluateFormState {
  userId: string;
  roles: string[];
  clearance: string;
  piiAccess: boolean;
  teams: string;
  action: Action;
  value: string;
}

export const INITIAL_FORM: EvaluateFormState = { userId: 'someone@example.com', roles: ['viewer'], clearance: '', piiAccess: false, teams: '', action: 'read_definition', value: '' };

/** The request OPA would receive as `input` (the metric id comes from the path). Empty fields are left out. */
export function evaluateBody(f: EvaluateFormState): EvaluateBody {
  const teams = f.teams.split(',').map((t) => t.trim()).filter(Boolean);
  const value = f.value.trim() === '' ? undefined : Number(f.value);
  return {
    action: f.action,
    user: {
      id: f.userId.trim(),
      roles: f.roles,
      ...(teams.length > 0 ? { teams } : {}),
      ...(f.clearance ? { clearance: f.clearance as NonNullable<EvaluateBody['user']['clearance']> } : {}),
      pii_access: f.piiAccess,
    },
    ...(f.action === 'check_value' && value !== undefined && Number.isFinite(value) ? { value } : {}),
  };
}

const STATUS_WORDS: Record<NonNullable<Decision['threshold_status']>, string> = { ok: 'OK', warning: 'Warning', critical: 'Critical', unknown: 'Unknown' };

/**
 * "Would this request be allowed?": a principal (roles, clearance, PII access, teams), an action and,
 * for check_value, a value, decided by the server's evaluator (the TypeScript twin of the Rego module).
 * The answer says Allowed or Denied in words, with every deny reason as text.
 */
export function EvaluateForm({ metricId, levels, evaluate }: { metricId: string; levels: readonly string[]; evaluate(id: string, body: EvaluateBody): Promise<Decision> }) {
  const [form, setForm] = useState<EvaluateFormState>(INITIAL_FORM);
  const set = (patch: Partial<EvaluateFormState>) => setForm((f) => ({ ...f, ...patch }));
  const decide = useMutation({ mutationFn: (body: EvaluateBody) => evaluate(metricId, body) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    decide.mutate(evaluateBody(form));
  };
  const userMissing = form.userId.trim() === '';

  return (
    <Stack gap="md">
      <form onSubmit={submit} aria-label="Would this request be allowed?" noValidate>
        <Stack gap="sm">
          <Group align="flex-start" grow wrap="wrap">
            <TextInput label="User id" required value={form.userId} onChange={(e) => set({ userId: e.currentTarget.value })} error={userMissing ? 'Name the user (any id)' : undefined} />
            <TextInput label="Teams" description="Comma-separated" value={form.teams} onChange={(e) => set({ teams: e.currentTarget.value })} />
          </Group>
          <Checkbox.Group label="Roles" value={form.roles} onChange={(roles) => set({ roles })}>
            <Group gap="md" mt={4}>{POLICY_ROLES.map((r) => <Checkbox key={r} value={r} label={r} />)}</Group>
          </Checkbox.Group>
          <Group align="flex-start" grow wrap="wrap">
            <NativeSelect label="Clearance" value={form.clearance} onChange={(e) => set({ clearance: e.currentTarget.value })}
              data={[{ value: '', label: '(none)' }, ...levels.map((l) => ({ value: l, label: l }))]} />
            <NativeSelect label="Action" description={ACTION_GATES[form.action]} value={form.action} onChange={(e) => set({ action: e.currentTarget.value as Action })} data={ACTIONS} />
          </Group>
          <Checkbox label="Has PII access" checked={form.piiAccess} onChange={(e) => set({ piiAccess: e.currentTarget.checked })} />
          {form.action === 'check_value' && (
            <TextInput label="Value to check" inputMode="decimal" value={form.value} onChange={(e) => set({ value: e.currentTarget.value })} maw={240} />
          )}
          <Group><Button type="submit" loading={decide.isPending} disabled={userMissing}>Check</Button></Group>
        </Stack>
      </form>

      {decide.isError && <ErrorState error={decide.error} onRetry={() => decide.mutate(evaluateBody(form))} />}
      {decide.isSuccess && <DecisionView decision={decide.data} />}
    </Stack>
  );
}

export function DecisionView({ decision }: { decision: Decision }) {
  return (
    <Alert color={decision.allow ? 'green' : 'red'} variant="light" role="status" data-testid="policy-decision" data-allow={decision.allow}
      title={decision.allow ? 'Allowed' : 'Denied'}>
      <Stack gap={4}>
        {decision.allow ? <Text size="sm">The policy allows this request.</Text> : <Text size="sm">The policy denies this request because:</Text>}
        {decision.deny_reasons.length > 0 && (
          <Stack gap={2} component="ul" aria-label="Deny reasons" style={{ margin: 0, paddingInlineStart: 20 }}>
            {decision.deny_reasons.map((r) => <Text key={r} component="li" size="sm">{r}</Text>)}
          </Stack>
        )}
        {decision.threshold_status && <Text size="sm">Threshold status: {STATUS_WORDS[decision.threshold_status]}</Text>}
      </Stack>
    </Alert>
  );
}
