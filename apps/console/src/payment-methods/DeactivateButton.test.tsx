import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { testDataProvider } from 'react-admin';
import { describe, expect, it, vi } from 'vitest';
import { renderInAdmin } from '../test/render.tsx';
import type { PaymentMethod } from '../types.ts';
import { DeactivateButton } from './DeactivateButton.tsx';
import { pickEditable } from './editable.ts';

const method: PaymentMethod = {
  id: 2,
  type: 'bogus',
  name: 'Credit card',
  description: 'Cards through the simulator',
  active: true,
  available_to_users: true,
  available_to_admin: true,
  auto_capture: null,
  preferences: { test_mode: true, api_key: { configured: true, hint: null } },
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-02T00:00:00Z',
};

describe('pickEditable', () => {
  it('sends the editable fields and preferences as read, never id or timestamps', () => {
    expect(pickEditable(method)).toEqual({
      type: 'bogus',
      name: 'Credit card',
      description: 'Cards through the simulator',
      active: true,
      available_to_users: true,
      available_to_admin: true,
      auto_capture: null,
      preferences: { test_mode: true, api_key: { configured: true, hint: null } },
    });
  });
});

describe('DeactivateButton', () => {
  it('is hidden when the method is already inactive', () => {
    renderInAdmin(<DeactivateButton />, { record: { ...method, active: false } });
    expect(screen.queryByRole('button', { name: 'Deactivate' })).toBeNull();
  });

  it('asks first, then updates the method with active: false', async () => {
    const update = vi.fn(async (_resource: string, params: { data: Partial<PaymentMethod> }) => ({
      data: { ...method, ...params.data },
    }));
    const dataProvider = testDataProvider({ update } as never);
    renderInAdmin(<DeactivateButton />, { record: method, dataProvider });

    await userEvent.click(screen.getByRole('button', { name: 'Deactivate' }));
    expect(await screen.findByText('Deactivate Credit card?')).toBeTruthy();
    expect(update).not.toHaveBeenCalled();

    const dialog = await screen.findByRole('dialog');
    await userEvent.click(dialog.querySelector('button.ra-confirm') as HTMLElement);
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    const [resource, params] = update.mock.calls[0]!;
    expect(resource).toBe('payment-methods');
    expect(params.data).toMatchObject({ active: false, name: 'Credit card', auto_capture: null });
    expect(params.data).not.toHaveProperty('id');
  });
});
