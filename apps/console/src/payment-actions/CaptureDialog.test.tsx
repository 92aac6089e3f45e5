import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse } from '../test/render.tsx';
import { PaymentActions } from './PaymentActions.tsx';
import { deferred, makePayment, renderPayment, signingOutAuthProvider, stubApi } from './testing.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function openCapture(
  overrides: Parameters<typeof makePayment>[0] = {},
  options: Parameters<typeof renderPayment>[2] = {},
) {
  const api = stubApi(makePayment(overrides));
  renderPayment(7, <PaymentActions />, options);
  await userEvent.click(await screen.findByRole('button', { name: 'Capture' }));
  const dialog = await screen.findByRole('dialog');
  const amount = within(dialog).getByLabelText(/Amount to capture/) as HTMLInputElement;
  return { api, dialog, amount };
}

async function typeAmount(input: HTMLInputElement, value: string) {
  await userEvent.clear(input);
  if (value) await userEvent.type(input, value);
}

describe('the capture dialog', () => {
  it('starts at the total and names it on the confirm button', async () => {
    const { dialog, amount } = await openCapture({ total: '80.00' });
    expect(amount.value).toBe('80.00');
    expect(within(dialog).getByRole('button', { name: 'Capture $80.00' })).toBeTruthy();
  });

  it('takes a partial amount, and the confirm button follows it', async () => {
    const { dialog, amount } = await openCapture({ total: '80.00' });
    await typeAmount(amount, '50.5');
    expect(within(dialog).getByRole('button', { name: 'Capture $50.50' })).toBeTruthy();
  });

  it.each([
    ['0', 'Must be greater than 0.'],
    ['0.00', 'Must be greater than 0.'],
    ['80.01', 'Cannot be more than the total, $80.00.'],
    ['1.234', 'USD amounts have at most 2 decimal places.'],
    ['12,50', 'Enter an amount such as 80 or 80.50.'],
    ['-5', 'Enter an amount such as 80 or 80.50.'],
    ['', 'Enter an amount.'],
  ])('refuses %j before asking the server: "%s"', async (value, message) => {
    const { api, dialog, amount } = await openCapture({ total: '80.00' });
    await typeAmount(amount, value);
    expect(within(dialog).getByText(message)).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Capture' }));
    expect(api.commandRequests()).toHaveLength(0);
    expect(screen.getByRole('dialog')).toBeTruthy();
  });

  it("uses the currency's minor unit: JPY has none", async () => {
    const { dialog, amount } = await openCapture({ currency: 'JPY', total: '12540' });
    expect(amount.value).toBe('12540');
    expect(within(dialog).getByRole('button', { name: 'Capture ¥12,540' })).toBeTruthy();
    await typeAmount(amount, '100.5');
    expect(within(dialog).getByText('JPY amounts have no decimal places.')).toBeTruthy();
  });

  it('sends the amount with an Idempotency-Key and the CSRF token, then shows the payment as it now stands', async () => {
    const { api, dialog, amount } = await openCapture({ total: '80.00' });
    await typeAmount(amount, '50');
    const captured = makePayment({ status: 'confirmed', captured_amount: '50.00', refundable_amount: '50.00' });
    api.answer(() => {
      api.state.payment = captured;
      return jsonResponse(captured);
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Capture $50.00' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const [request] = api.commandRequests();
    expect(request!.url).toBe('/api/payments/7/capture');
    expect(request!.body).toEqual({ amount: '50.00' });
    expect(request!.headers.get('Idempotency-Key')).toMatch(UUID);
    expect(request!.headers.get('X-CSRF-Token')).toBe('csrf-123');
    expect(request!.headers.get('Content-Type')).toBe('application/json');
    // Refreshed from the server: the page now shows the payment confirmed, with Refund instead of Capture.
    expect(await screen.findByText('Captured $50.00 of payment K7QW2MXR.')).toBeTruthy();
    expect(screen.getByTestId('status').textContent).toBe('confirmed');
    expect(screen.queryByRole('button', { name: 'Capture' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Refund' })).toBeTruthy();
  });

  it('sends one request however often the confirm button is clicked while it is in flight', async () => {
    const { api, dialog } = await openCapture();
    const answer = deferred<Response>();
    api.answer(answer.promise);
    const confirm = within(dialog).getByRole('button', { name: 'Capture $80.00' }) as HTMLButtonElement;
    // Three quick clicks before React re-renders (a double click, Enter), then one more once it has.
    act(() => {
      confirm.click();
      confirm.click();
      fireEvent.submit(confirm.form!);
    });
    await waitFor(() => expect(confirm.disabled).toBe(true));
    fireEvent.submit(confirm.form!);
    await waitFor(() => expect(api.commandRequests()).toHaveLength(1));
    answer.resolve(jsonResponse(makePayment({ status: 'confirmed', captured_amount: '80.00' })));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.commandRequests()).toHaveLength(1);
  });

  it('retries with the same Idempotency-Key after no answer, and takes a new one for another amount', async () => {
    const { api, dialog, amount } = await openCapture({ total: '80.00' });
    api.answer(() => Promise.reject(new TypeError('Failed to fetch')));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Capture $80.00' }));
    expect(await within(dialog).findByText(/The server could not be reached/)).toBeTruthy();

    api.answer(() =>
      jsonResponse(
        { code: 'RequestInProgress', message: 'The first request with this Idempotency-Key is still running.' },
        { status: 409 },
      ),
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Capture $80.00' }));
    expect(
      await within(dialog).findByText('The first request with this Idempotency-Key is still running.'),
    ).toBeTruthy();

    await typeAmount(amount, '70');
    api.answer(() =>
      jsonResponse({ code: 'InvalidState', message: 'A confirmed payment cannot be captured.' }, { status: 409 }),
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Capture $70.00' }));
    expect(await within(dialog).findByText('A confirmed payment cannot be captured.')).toBeTruthy();

    const [first, retry, other] = api.commandRequests();
    expect(first!.headers.get('Idempotency-Key')).toMatch(UUID);
    expect(retry!.headers.get('Idempotency-Key')).toBe(first!.headers.get('Idempotency-Key'));
    expect(retry!.body).toEqual(first!.body);
    expect(other!.body).toEqual({ amount: '70.00' });
    expect(other!.headers.get('Idempotency-Key')).toMatch(UUID);
    expect(other!.headers.get('Idempotency-Key')).not.toBe(first!.headers.get('Idempotency-Key'));
  });

  it('takes a new Idempotency-Key each time the dialog is opened (a new action)', async () => {
    const { api, dialog } = await openCapture();
    api.answer(() => jsonResponse({ code: 'InvalidState', message: 'Refused.' }, { status: 409 }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Capture $80.00' }));
    await within(dialog).findByText('Refused.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    await userEvent.click(screen.getByRole('button', { name: 'Capture' }));
    const again = await screen.findByRole('dialog');
    api.answer(() => jsonResponse({ code: 'InvalidState', message: 'Refused.' }, { status: 409 }));
    await userEvent.click(within(again).getByRole('button', { name: 'Capture $80.00' }));
    await within(again).findByText('Refused.');
    const [first, second] = api.commandRequests();
    expect(second!.headers.get('Idempotency-Key')).not.toBe(first!.headers.get('Idempotency-Key'));
  });

  it("shows the gateway's message on a decline and stays open; the payment, now rejected, cannot be captured again", async () => {
    const { api, dialog, amount } = await openCapture({ total: '80.00' });
    await typeAmount(amount, '10.02');
    api.answer(() => {
      api.state.payment = makePayment({ status: 'rejected', message: 'The capture was declined by the issuer' });
      return jsonResponse(
        { code: 'GatewayDeclined', message: 'The capture was declined by the issuer' },
        { status: 402 },
      );
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Capture $10.02' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Declined by the gateway');
    expect(alert.textContent).toContain('The capture was declined by the issuer');
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('rejected'));
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: 'Capture $10.02' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows the server's sentence for a timeout (502)", async () => {
    const { api, dialog } = await openCapture();
    const sentence =
      'The gateway did not answer (Gateway timeout). The payment is marked error until it is reconciled.';
    api.answer(() => jsonResponse({ code: 'GatewayUnavailable', message: sentence }, { status: 502 }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Capture $80.00' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('The gateway did not answer');
    expect(alert.textContent).toContain(sentence);
  });

  it("shows the server's field error under the amount", async () => {
    const { api, dialog } = await openCapture();
    api.answer(() =>
      jsonResponse(
        { code: 'InvalidArgument', message: { amount: 'USD amounts have at most 2 decimal places.' } },
        { status: 400 },
      ),
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Capture $80.00' }));
    const input = await within(dialog).findByLabelText(/Amount to capture/);
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    expect(within(dialog).getByText('USD amounts have at most 2 decimal places.')).toBeTruthy();
    expect(within(dialog).queryByRole('alert')).toBeNull();
  });
});

describe('the capture dialog when the session has ended', () => {
  it('never reports a capture that did not happen', async () => {
    const { api, dialog } = await openCapture({}, { authProvider: signingOutAuthProvider });
    api.answer(() => jsonResponse({ code: 'Unauthenticated', message: 'Sign in first.' }, { status: 401 }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Capture $80.00' }));
    expect(await within(dialog).findByText(/Your session has ended, so nothing was done/)).toBeTruthy();
    expect(screen.queryByText(/^Captured/)).toBeNull();
  });
});
