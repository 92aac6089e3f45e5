import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Edit, testDataProvider } from 'react-admin';
import { describe, expect, it, vi } from 'vitest';
import { renderInAdmin } from '../test/render.tsx';
import type { PaymentMethod } from '../types.ts';
import { pickEditable } from './editable.ts';
import { PaymentMethodForm } from './PaymentMethodForm.tsx';
import { SecretsSummary } from './SecretInputs.tsx';

const stripe: PaymentMethod = {
  id: 6,
  type: 'stripe',
  name: 'Stripe',
  description: '',
  active: true,
  available_to_users: true,
  available_to_admin: true,
  auto_capture: false,
  preferences: { secret_key: { configured: true, hint: 'sk_test_…4242' }, timeout_ms: 5000 },
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-02T00:00:00Z',
};

describe('pickEditable with secrets', () => {
  it('puts each typed secret in preferences, in place of what was read, and sends nothing for an empty field', () => {
    const body = pickEditable({
      ...stripe,
      secret_changes: { secret_key: '  sk_test_new0000000000009999 ', webhook_secret: '   ', api_key: null },
    });
    expect(body.preferences).toEqual({ secret_key: 'sk_test_new0000000000009999', timeout_ms: 5000 });
    expect(body).not.toHaveProperty('secret_changes');
    expect(pickEditable({ ...stripe, secret_changes: { secret_key: '' } }).preferences).toEqual(stripe.preferences);
  });
});

describe('PaymentMethodForm secrets', () => {
  function renderEdit(record: PaymentMethod) {
    const update = vi.fn(async (_resource: string, params: { data: Partial<PaymentMethod> }) => ({
      data: { ...record, ...params.data, id: record.id },
    }));
    const dataProvider = testDataProvider({
      getOne: async () => ({ data: record }),
      update,
    } as never);
    renderInAdmin(
      <Edit
        resource="payment-methods"
        id={record.id}
        mutationMode="pessimistic"
        transform={pickEditable}
        redirect={false}
      >
        <PaymentMethodForm />
      </Edit>,
      { dataProvider },
    );
    return update;
  }

  it('offers to replace a stored secret and to set a missing one, never showing a value', async () => {
    renderEdit(stripe);
    const replace = (await screen.findByLabelText('Replace secret key')) as HTMLInputElement;
    const set = screen.getByLabelText('Set webhook signing secret') as HTMLInputElement;
    for (const input of [replace, set]) {
      expect(input.type).toBe('password');
      expect(input.value).toBe('');
      expect(input.autocomplete).toBe('new-password');
    }
    expect(
      screen.getByText('Set (sk_test_…4242). Paste a new value to replace it, or leave this empty to keep it.'),
    ).toBeTruthy();
    expect(screen.getByText('Not set. Paste the value to set it.')).toBeTruthy();
  });

  it('saves the stored secret as read when left empty, and the typed one when set', async () => {
    const update = renderEdit(stripe);
    await userEvent.type(await screen.findByLabelText('Set webhook signing secret'), 'whsec_typed_signing_secret');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    const [, params] = update.mock.calls[0]!;
    expect(params.data.preferences).toEqual({
      secret_key: { configured: true, hint: 'sk_test_…4242' },
      webhook_secret: 'whsec_typed_signing_secret',
      timeout_ms: 5000,
    });
    expect(params.data).not.toHaveProperty('secret_changes');
  });

  it('shows no credential fields for a method type that has none', async () => {
    renderEdit({ ...stripe, id: 7, type: 'check', preferences: {} });
    expect(await screen.findByLabelText(/Name/)).toBeTruthy();
    expect(screen.queryByText(/Gateway credentials/)).toBeNull();
  });
});

describe('SecretsSummary', () => {
  it('says which credentials are set, with their hint, and which are not', () => {
    const { container } = renderInAdmin(<SecretsSummary />, { record: stripe });
    expect([...container.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'secret key: set (sk_test_…4242)',
      'webhook signing secret: not set',
    ]);
  });
});
