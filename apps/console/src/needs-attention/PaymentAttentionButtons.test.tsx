import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { makePayment, renderPayment, stubApi } from '../payment-actions/testing.tsx';
import { jsonResponse, trackedAuthAs } from '../test/render.tsx';
import { MarkFailedButton } from './MarkFailedButton.tsx';
import { ReconcileButton } from './ReconcileButton.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const Buttons = () => (
  <>
    <ReconcileButton />
    <MarkFailedButton />
  </>
);

describe('ReconcileButton and MarkFailedButton', () => {
  it('are hidden for a confirmed payment with nothing in flight', async () => {
    stubApi(makePayment({ status: 'confirmed', captured_amount: '80.00', operation: null }));
    renderPayment(7, <Buttons />);
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('confirmed'));
    expect(screen.queryByRole('button', { name: 'Reconcile' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Mark failed' })).toBeNull();
  });

  it('are both shown for a payment in error', async () => {
    // The call is over (its answer was "unknown"): no start time is kept.
    stubApi(makePayment({ status: 'error', operation: 'capture', operation_started_at: null }));
    renderPayment(7, <Buttons />);
    expect(await screen.findByRole('button', { name: 'Reconcile' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Mark failed' })).toBeTruthy();
  });

  it('offer only Reconcile while a gateway call is recent, both once it is stuck for over 5 minutes', async () => {
    stubApi(makePayment({ status: 'preauth', operation: 'capture', operation_started_at: minutesAgo(1) }));
    const { unmount } = renderPayment(7, <Buttons />);
    expect(await screen.findByRole('button', { name: 'Reconcile' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Mark failed' })).toBeNull();
    unmount();

    stubApi(makePayment({ status: 'preauth', operation: 'capture', operation_started_at: minutesAgo(6) }));
    renderPayment(7, <Buttons />);
    expect(await screen.findByRole('button', { name: 'Mark failed' })).toBeTruthy();
  });

  it('are offered to operators and finance, not to viewers or fraud analysts', async () => {
    for (const [role, shown] of [
      ['finance', true],
      ['viewer', false],
      ['fraud_analyst', false],
    ] as const) {
      stubApi(makePayment({ status: 'error' }));
      const { authProvider, permissionsAnswered } = trackedAuthAs(role);
      const { unmount } = renderPayment(7, <Buttons />, { authProvider });
      await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('error'));
      await permissionsAnswered();
      if (shown) expect(screen.getByRole('button', { name: 'Reconcile' })).toBeTruthy();
      else {
        expect(screen.queryByRole('button', { name: 'Reconcile' })).toBeNull();
        expect(screen.queryByRole('button', { name: 'Mark failed' })).toBeNull();
      }
      unmount();
    }
  });
});

describe('reconciling', () => {
  it('asks first, posts to /reconcile, says what came of it, and refreshes the payment', async () => {
    const api = stubApi(makePayment({ status: 'error', operation: 'capture', operation_started_at: minutesAgo(7) }));
    renderPayment(7, <ReconcileButton />);
    await userEvent.click(await screen.findByRole('button', { name: 'Reconcile' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Reconcile payment K7QW2MXR?')).toBeTruthy();
    expect(within(dialog).getByText(/No answer came for the capture started/)).toBeTruthy();
    expect(api.commandRequests()).toHaveLength(0);

    api.answer(() => {
      api.state.payment = makePayment({ status: 'confirmed', captured_amount: '80.00', operation: null });
      return jsonResponse({ ...api.state.payment, reconciliation: 'settled' });
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Ask the gateway' }));
    expect(await screen.findByText('Payment K7QW2MXR is reconciled: it is now Confirmed.')).toBeTruthy();
    const [request] = api.commandRequests();
    expect(request!.url).toBe('/api/payments/7/reconcile');
    expect(request!.headers.get('X-CSRF-Token')).toBe('csrf-123');
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('confirmed'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByRole('button', { name: 'Reconcile' })).toBeNull();
  });

  it('says so when the gateway cannot tell', async () => {
    const api = stubApi(makePayment({ status: 'error' }));
    renderPayment(7, <ReconcileButton />);
    await userEvent.click(await screen.findByRole('button', { name: 'Reconcile' }));
    api.answer(() => jsonResponse({ ...makePayment({ status: 'error' }), reconciliation: 'unknown' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Ask the gateway' }));
    expect(
      await screen.findByText(
        'The gateway could not say what happened to payment K7QW2MXR. Try again later, or mark it failed.',
      ),
    ).toBeTruthy();
  });

  it('does not call a payment that is still in error reconciled', async () => {
    const api = stubApi(makePayment({ status: 'error' }));
    renderPayment(7, <ReconcileButton />);
    await userEvent.click(await screen.findByRole('button', { name: 'Reconcile' }));
    api.answer(() => jsonResponse({ ...makePayment({ status: 'error' }), reconciliation: 'settled' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Ask the gateway' }));
    expect(
      await screen.findByText(/yet it is still in error\. If it cannot be resolved, mark it failed with a note\./),
    ).toBeTruthy();
    expect(screen.queryByText(/is reconciled/)).toBeNull();
  });
});

describe('marking a payment failed', () => {
  it('requires a note: nothing is sent without one', async () => {
    const api = stubApi(makePayment({ status: 'error' }));
    renderPayment(7, <MarkFailedButton />);
    await userEvent.click(await screen.findByRole('button', { name: 'Mark failed' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Mark as failed' }));
    expect(within(dialog).getByText('Write a note: say why it is marked failed.')).toBeTruthy();
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Note/ }), '   ');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Mark as failed' }));
    expect(api.commandRequests()).toHaveLength(0);
    expect(screen.getByRole('dialog')).toBe(dialog);
  });

  it('sends the note with an Idempotency-Key, and the same key when the same request is retried', async () => {
    const api = stubApi(makePayment({ status: 'error' }));
    renderPayment(7, <MarkFailedButton />);
    await userEvent.click(await screen.findByRole('button', { name: 'Mark failed' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Note/ }),
      ' Gateway support: no record of the capture ',
    );

    // The first try gets no answer (network down): the retry must be recognisable as the same request.
    api.answer(() => Promise.reject(new TypeError('Failed to fetch')));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Mark as failed' }));
    expect(await within(dialog).findByRole('alert')).toBeTruthy();

    api.answer(() => {
      api.state.payment = makePayment({ status: 'rejected', operation: null });
      return jsonResponse(api.state.payment);
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Mark as failed' }));
    expect(await screen.findByText('Payment K7QW2MXR is marked failed.')).toBeTruthy();

    const [first, second] = api.commandRequests();
    expect(first!.url).toBe('/api/payments/7/mark-failed');
    expect(first!.body).toEqual({ note: 'Gateway support: no record of the capture' });
    expect(first!.headers.get('Idempotency-Key')).toMatch(UUID);
    expect(second!.headers.get('Idempotency-Key')).toBe(first!.headers.get('Idempotency-Key'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('rejected'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it("shows the server's refusal in the dialog", async () => {
    const api = stubApi(makePayment({ status: 'error' }));
    renderPayment(7, <MarkFailedButton />);
    await userEvent.click(await screen.findByRole('button', { name: 'Mark failed' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Note/ }), 'Checked with the gateway');
    const sentence =
      'Only a payment whose outcome is unknown (in error, stuck, or with a pending refund) can be marked failed.';
    api.answer(() => jsonResponse({ code: 'InvalidState', message: sentence }, { status: 409 }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Mark as failed' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(sentence);
  });
});
