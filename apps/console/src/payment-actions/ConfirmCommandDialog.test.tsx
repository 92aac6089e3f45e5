import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse } from '../test/render.tsx';
import { PaymentActions } from './PaymentActions.tsx';
import { makePayment, renderPayment, stubApi } from './testing.tsx';

describe('void and invalidate', () => {
  it('asks before voiding a preauthorized payment, saying the authorization is released at the gateway', async () => {
    const api = stubApi(makePayment({ status: 'preauth', total: '80.00' }));
    renderPayment(7, <PaymentActions />);
    await userEvent.click(await screen.findByRole('button', { name: 'Void' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Void payment K7QW2MXR?')).toBeTruthy();
    expect(within(dialog).getByText(/The authorization of \$80.00 is released at the gateway/)).toBeTruthy();
    expect(api.commandRequests()).toHaveLength(0);

    api.answer(() => {
      api.state.payment = makePayment({ status: 'void' });
      return jsonResponse(api.state.payment);
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Void payment' }));
    expect(await screen.findByText('Payment K7QW2MXR is void.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const [request] = api.commandRequests();
    expect(request!.url).toBe('/api/payments/7/void');
    expect(request!.body).toEqual({});
    expect(request!.headers.get('Idempotency-Key')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('void'));
    expect(screen.queryByRole('button', { name: 'Void' })).toBeNull();
  });

  it('says that voiding a payment not yet processed makes no gateway call', async () => {
    stubApi(makePayment({ status: 'waiting' }));
    renderPayment(7, <PaymentActions />);
    await userEvent.click(await screen.findByRole('button', { name: 'Void' }));
    expect(await screen.findByText(/no gateway call is made, and it can no longer be completed/)).toBeTruthy();
  });

  it('invalidates a checkout payment after saying what happens', async () => {
    const api = stubApi(makePayment({ status: 'input' }));
    renderPayment(7, <PaymentActions />);
    await userEvent.click(await screen.findByRole('button', { name: 'Invalidate' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/is marked invalid, as superseded or abandoned/)).toBeTruthy();
    api.answer(() => jsonResponse(makePayment({ status: 'invalid' })));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Invalidate payment' }));
    expect(await screen.findByText('Payment K7QW2MXR is invalid.')).toBeTruthy();
    expect(api.commandRequests()[0]!.url).toBe('/api/payments/7/invalidate');
  });

  it("shows the server's refusal in the dialog and keeps it open", async () => {
    const api = stubApi(makePayment({ status: 'preauth' }));
    renderPayment(7, <PaymentActions />);
    await userEvent.click(await screen.findByRole('button', { name: 'Void' }));
    const dialog = await screen.findByRole('dialog');
    api.answer(() =>
      jsonResponse(
        { code: 'InvalidState', message: 'A void of this payment is already in progress.' },
        { status: 409 },
      ),
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Void payment' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'A void of this payment is already in progress.',
    );
  });
});
