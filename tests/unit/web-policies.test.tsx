// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Decision, EvaluateBody } from '../../web/src/pages/policies/api.js';
import { evaluateBody, EvaluateForm, INITIAL_FORM } from '../../web/src/pages/policies/EvaluateForm.js';

/** The Policies view's "would this request be allowed?" form (web/src/pages/policies/EvaluateForm.tsx). */
afterEach(cleanup);

function setup(answer: (body: EvaluateBody) => Decision | Promise<Decision>) {
  const calls: Array<{ id: string; body: EvaluateBody }> = [];
  const evaluate = async (id: string, body: EvaluateBody) => {
    calls.push({ id, body });
    return answer(body);
  };
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  render(
    <MantineProvider><QueryClientProvider client={client}>
      <EvaluateForm metricId="M-1" levels={['public', 'internal', 'secret']} evaluate={evaluate} />
    </QueryClientProvider></MantineProvider>,
  );
  return { user: userEvent.setup(), calls };
}

describe('evaluate form', () => {
  it('sends the principal, action and value it was given, and shows Denied with every reason as text', async () => {
    const { user, calls } = setup(() => ({ allow: false, deny_reasons: ['clearance public is below the metric classification internal', 'metric involves PII and the user lacks PII access'] }));
    // The workspace's own levels are the choices.
    const clearance = screen.getByLabelText('Clearance');
    expect(within(clearance).getAllByRole('option').map((o) => o.textContent)).toEqual(['(none)', 'public', 'internal', 'secret']);
    await user.clear(screen.getByLabelText(/^User id/));
    await user.type(screen.getByLabelText(/^User id/), 'ana@example.com');
    await user.type(screen.getByLabelText(/^Teams/), 'growth, finance ,');
    await user.click(screen.getByRole('checkbox', { name: 'editor' }));
    await user.selectOptions(clearance, 'public');
    await user.selectOptions(screen.getByLabelText('Action'), 'check_value');
    await user.type(screen.getByLabelText('Value to check'), '0.25');
    await user.click(screen.getByRole('button', { name: 'Check' }));

    const decision = await screen.findByTestId('policy-decision');
    expect(calls).toEqual([{ id: 'M-1', body: { action: 'check_value', value: 0.25, user: { id: 'ana@example.com', roles: ['viewer', 'editor'], teams: ['growth', 'finance'], clearance: 'public', pii_access: false } } }]);
    expect(within(decision).getByText('Denied')).toBeTruthy();
    expect(within(within(decision).getByRole('list', { name: 'Deny reasons' })).getAllByRole('listitem').map((li) => li.textContent))
      .toEqual(['clearance public is below the metric classification internal', 'metric involves PII and the user lacks PII access']);
  });

  it('shows Allowed, and the threshold status of a checked value in words', async () => {
    const { user } = setup(() => ({ allow: true, deny_reasons: [], threshold_status: 'warning' }));
    await user.click(screen.getByRole('button', { name: 'Check' }));
    const decision = await screen.findByTestId('policy-decision');
    expect(within(decision).getByText('Allowed')).toBeTruthy();
    expect(within(decision).getByText('Threshold status: Warning')).toBeTruthy();
    expect(within(decision).queryByRole('list')).toBeNull();
  });

  it('shows a failed check with a retry', async () => {
    const { user, calls } = setup(() => { throw new Error('policy data unavailable'); });
    await user.click(screen.getByRole('button', { name: 'Check' }));
    expect((await screen.findByRole('alert')).textContent).toContain('policy data unavailable');
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByRole('alert');
    expect(calls).toHaveLength(2);
  });

  it('leaves out what was not given; a value only goes with check_value; an empty user cannot be sent', async () => {
    expect(evaluateBody(INITIAL_FORM)).toEqual({ action: 'read_definition', user: { id: 'someone@example.com', roles: ['viewer'], pii_access: false } });
    expect(evaluateBody({ ...INITIAL_FORM, value: '3' })).not.toHaveProperty('value');
    expect(evaluateBody({ ...INITIAL_FORM, action: 'check_value', value: 'abc' })).not.toHaveProperty('value');
    const { user } = setup(() => ({ allow: true, deny_reasons: [] }));
    await user.clear(screen.getByLabelText(/^User id/));
    expect((screen.getByRole('button', { name: 'Check' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
