import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse } from '../test/render.tsx';
import { PaymentActions } from './PaymentActions.tsx';
import { makePayment, renderPayment, stubApi } from './testing.tsx';

const confirmed = makePayment({
  status: 'confirmed',
  total: '120.00',
  captured_amount: '100.00',
  refunded_amount: '30.00',
  refundable_amount: '70.00',
});

async function openRefund() {
  const api = stubApi(confirmed);
  renderPayment(7, <PaymentActions />);
  await userEvent.click(await screen.findByRole('button', { name: 'Refund' }));
  const dialog = await screen.findByRole('dialog');
  const amount = within(dialog).getByLabelText(/Amount to refund/) as HTMLInputElement;
  return { api, dialog, amount };
}

async function chooseReason(name: string) {
  await userEvent.click(screen.getByRole('combobox', { name: /Reason/ }));
  await userEvent.click(await screen.findByRole('option', { name }));
}

describe('the refund dialog', () => {
  it('starts at what is left to refund, and names it on the confirm button', async () => {
    const { dialog, amount } = await openRefund();
    expect(amount.value).toBe('70.00');
    expect(within(dialog).getByText('$100.00 captured, $70.00 left to refund.')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Refund $70.00' })).toBeTruthy();
  });

  it('offers the active refund reasons only', async () => {
    const { api } = await openRefund();
    await userEvent.click(screen.getByRole('combobox', { name: /Reason/ }));
    const options = await screen.findAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual(['Customer request', 'Order canceled']);
    const reasonsRequest = api.requests.find((request) => request.url.startsWith('/api/refund-reasons'));
    expect(reasonsRequest!.url).toContain('filter={"active":true}');
  });

  it('requires a reason before asking the server', async () => {
    const { api, dialog } = await openRefund();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Refund $70.00' }));
    expect(within(dialog).getByText('Choose a reason.')).toBeTruthy();
    expect(api.commandRequests()).toHaveLength(0);
  });

  it('refuses more than what is left to refund', async () => {
    const { api, dialog, amount } = await openRefund();
    await userEvent.clear(amount);
    await userEvent.type(amount, '70.01');
    expect(within(dialog).getByText('Cannot be more than what is left to refund, $70.00.')).toBeTruthy();
    await chooseReason('Customer request');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Refund' }));
    expect(api.commandRequests()).toHaveLength(0);
  });

  it('sends the amount, the reason and the note with an Idempotency-Key, and notifies', async () => {
    const { api, dialog, amount } = await openRefund();
    await userEvent.clear(amount);
    await userEvent.type(amount, '25');
    await chooseReason('Order canceled');
    await userEvent.type(within(dialog).getByLabelText(/Note/), '  Customer called  ');
    api.answer(() => {
      api.state.payment = { ...confirmed, refunded_amount: '55.00', refundable_amount: '45.00' };
      return jsonResponse(api.state.payment);
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Refund $25.00' }));

    expect(await screen.findByText('Refunded $25.00 of payment K7QW2MXR.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const [request] = api.commandRequests();
    expect(request!.url).toBe('/api/payments/7/refund');
    expect(request!.body).toEqual({ amount: '25.00', reason_id: 4, note: 'Customer called' });
    expect(request!.headers.get('Idempotency-Key')).toBeTruthy();
  });

  it('says the refund waits for a second approval when the server answers 202 (above the two-person limit)', async () => {
    const { api, dialog } = await openRefund();
    await chooseReason('Customer request');
    api.answer(() => jsonResponse({ ...confirmed, pending_approval_id: 12 }, { status: 202 }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Refund $70.00' }));
    expect(await screen.findByText(/The refund of \$70.00 is above the two-person limit/)).toBeTruthy();
    expect(screen.queryByText(/^Refunded/)).toBeNull();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('leaves an empty note out', async () => {
    const { api, dialog } = await openRefund();
    await chooseReason('Customer request');
    api.answer(() => jsonResponse(confirmed));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Refund $70.00' }));
    await waitFor(() => expect(api.commandRequests()).toHaveLength(1));
    expect(api.commandRequests()[0]!.body).toEqual({ amount: '70.00', reason_id: 1 });
  });

  it("shows a declined refund's gateway message and stays open", async () => {
    const { api, dialog } = await openRefund();
    await chooseReason('Customer request');
    api.answer(() =>
      jsonResponse({ code: 'GatewayDeclined', message: 'The refund was declined by the issuer' }, { status: 402 }),
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Refund $70.00' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Declined by the gateway');
    expect(alert.textContent).toContain('The refund was declined by the issuer');
    expect(screen.getByRole('dialog')).toBeTruthy();
  });

  it('shows field errors from the server under their fields', async () => {
    const { api, dialog } = await openRefund();
    await chooseReason('Customer request');
    api.answer(() =>
      jsonResponse(
        { code: 'InvalidArgument', message: { reason_id: 'Choose an active refund reason.' } },
        { status: 400 },
      ),
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Refund $70.00' }));
    expect(await within(dialog).findByText('Choose an active refund reason.')).toBeTruthy();
    expect(within(dialog).queryByRole('alert')).toBeNull();
  });

  it("shows the server's sentence when it refuses the amount (422)", async () => {
    const { api, dialog } = await openRefund();
    await chooseReason('Customer request');
    const sentence = 'Cannot refund 70.00 USD: only 40.00 is left to refund.';
    api.answer(() => jsonResponse({ code: 'AmountExceeded', message: sentence }, { status: 422 }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Refund $70.00' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(sentence);
  });
});
