import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import type { StaffRole } from '@paydesk/domain';
import type { ReactNode } from 'react';
import { Notification, RecordContextProvider, ShowBase } from 'react-admin';
import { describe, expect, it, vi } from 'vitest';
import { dataProvider, type PaymentOptions } from '../dataProvider.ts';
import { makePayment } from '../payment-actions/testing.tsx';
import { authAs, jsonResponse, renderInAdmin, stubFetch } from '../test/render.tsx';
import type { Order, Payment } from '../types.ts';
import { AddPaymentButton, ReplacePaymentButton } from './AddPaymentButton.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const ORDER: Order = {
  id: 3,
  number: 'R123456789',
  email: 'ada@example.com',
  currency: 'USD',
  item_total: '100.00',
  shipment_total: '0.00',
  tax_total: '0.00',
  total: '100.00',
  state: 'complete',
  payment_total: '40.00',
  payment_state: 'balance_due',
  completed_at: '2026-11-18T10:00:00.000Z',
  created_at: '2026-11-18T10:00:00.000Z',
  updated_at: '2026-11-18T10:00:00.000Z',
};

const OPTIONS: PaymentOptions = {
  order_id: 3,
  state: 'complete',
  currency: 'USD',
  total: '100.00',
  balance_due: '60.00',
  held: '0.00',
  payable: '60.00',
  methods: [
    { id: 2, name: 'Test cards', type: 'bogus', input: 'card', auto_capture: true },
    { id: 5, name: 'Cards (authorize only)', type: 'sandbox', input: 'card', auto_capture: false },
    { id: 6, name: 'Check', type: 'check', input: 'none', auto_capture: true },
    { id: 8, name: 'Stripe', type: 'stripe', input: 'token', auto_capture: false },
  ],
};

function stubOrderApi(order: Order = ORDER, options: PaymentOptions = OPTIONS) {
  return stubFetch((url) => {
    if (url === `/api/orders/${order.id}`) return jsonResponse(order);
    if (url === `/api/orders/${order.id}/payment-options`) return jsonResponse(options);
    return undefined;
  });
}

function renderOrder(ui: ReactNode, { role = 'operator' as StaffRole, order = ORDER } = {}) {
  return renderInAdmin(
    <>
      <ShowBase resource="orders" id={order.id}>
        {ui}
      </ShowBase>
      <Notification />
    </>,
    { dataProvider, authProvider: authAs(role) },
  );
}

async function openDialog(role: StaffRole = 'operator') {
  const api = stubOrderApi();
  renderOrder(<AddPaymentButton />, { role });
  await userEvent.click(await screen.findByRole('button', { name: 'Add payment' }));
  const dialog = await screen.findByRole('dialog');
  // The dialog's code and the order's payment options load when it first opens.
  await within(dialog).findByLabelText(/Payment method/, {}, { timeout: 5000 });
  return { api, dialog };
}

const methodSelect = (dialog: HTMLElement) => within(dialog).getByLabelText(/Payment method/) as HTMLSelectElement;
const amountInput = (dialog: HTMLElement) => within(dialog).getByLabelText(/^Amount/) as HTMLInputElement;

/** Types into a field at once (pasted): the test is about the dialog, not about key presses. */
async function fill(input: HTMLElement, value: string) {
  await userEvent.clear(input);
  await userEvent.click(input);
  await userEvent.paste(value);
}

async function fillCard(dialog: HTMLElement, number = '4111111111111111') {
  await fill(within(dialog).getByLabelText(/Card number/), number);
  await fill(within(dialog).getByLabelText(/Expiry month/), '12');
  await fill(within(dialog).getByLabelText(/Expiry year/), '2031');
  await fill(within(dialog).getByLabelText(/CVV/), '123');
}

// Each of these renders the whole dialog, step by step: slow in jsdom on a busy machine.
describe('Add payment on an order', { timeout: 40_000 }, () => {
  it('lists only the methods staff may use, with the amount left to pay, and card fields only for card methods', async () => {
    const { dialog } = await openDialog();
    const options = within(methodSelect(dialog))
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(options).toEqual(['Choose a method', 'Test cards', 'Cards (authorize only)', 'Check', 'Stripe']);
    expect(amountInput(dialog).value).toBe('60.00');
    expect(within(dialog).getByText('Balance due: $60.00. A new payment may take up to $60.00.')).toBeTruthy();
    expect(within(dialog).queryByLabelText(/Card number/)).toBeNull();

    await userEvent.selectOptions(methodSelect(dialog), 'Check');
    expect(within(dialog).queryByLabelText(/Card number/)).toBeNull();
    expect(within(dialog).getByText('An offline payment: recorded as received, with no gateway call.')).toBeTruthy();

    await userEvent.selectOptions(methodSelect(dialog), 'Test cards');
    expect(within(dialog).getByLabelText(/Card number/)).toBeTruthy();
    expect(within(dialog).queryByLabelText(/Stripe.js token/)).toBeNull();

    await userEvent.selectOptions(methodSelect(dialog), 'Stripe');
    expect(within(dialog).queryByLabelText(/Card number/)).toBeNull();
    expect(within(dialog).getByLabelText(/Stripe.js token/)).toBeTruthy();
  });

  it('asks for a confirmation that says what will happen before any money moves, then sends one request', async () => {
    const { api, dialog } = await openDialog();
    await userEvent.selectOptions(methodSelect(dialog), 'Test cards');
    await fillCard(dialog);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review payment' }));

    expect(api.posts()).toHaveLength(0);
    expect(
      within(dialog).getByText('$60.00 will be charged now with Test cards: authorized and captured at once.'),
    ).toBeTruthy();
    expect(within(dialog).getByText('Card ending 1111.')).toBeTruthy();

    const added = makePayment({ id: 41, identifier: 'N3WPAYMT', status: 'confirmed', order_id: 3 });
    api.answer(jsonResponse(added, { status: 201 }));
    const confirm = within(dialog).getByRole('button', { name: 'Charge $60.00' });
    await userEvent.dblClick(confirm);

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText('Charged $60.00: payment N3WPAYMT.')).toBeTruthy();
    const posts = api.posts();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.url).toBe('/api/orders/3/payments');
    expect(posts[0]!.body).toEqual({
      payment_method_id: 2,
      amount: '60.00',
      card: { number: '4111111111111111', exp_month: 12, exp_year: 2031, cvv: '123' },
    });
    expect(posts[0]!.headers.get('Idempotency-Key')).toMatch(UUID);
    expect(posts[0]!.headers.get('X-CSRF-Token')).toBe('csrf-123');
  });

  it('says "Authorize" for a method that does not auto-capture, and sends a token for Stripe', async () => {
    const { api, dialog } = await openDialog();
    await userEvent.selectOptions(methodSelect(dialog), 'Stripe');
    await fill(amountInput(dialog), '25');
    await fill(within(dialog).getByLabelText(/Stripe.js token/), 'tok_visa');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review payment' }));
    api.answer(jsonResponse(makePayment({ status: 'preauth' }), { status: 201 }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Authorize $25.00' }));
    await waitFor(() => expect(api.posts()).toHaveLength(1));
    expect(api.posts()[0]!.body).toEqual({ payment_method_id: 8, amount: '25.00', payment_token: 'tok_visa' });
  });

  it('refuses what the server would refuse before asking it', async () => {
    const { api, dialog } = await openDialog();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review payment' }));
    expect(within(dialog).getByText('Choose a payment method.')).toBeTruthy();

    await userEvent.selectOptions(methodSelect(dialog), 'Test cards');
    await fill(amountInput(dialog), '60.01');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review payment' }));
    expect(within(dialog).getByText('Cannot be more than what is left to pay, $60.00.')).toBeTruthy();
    expect(within(dialog).getByText('Enter the card number: 12 to 19 digits.')).toBeTruthy();
    expect(within(dialog).getByText('Enter the 3 or 4 digit code.')).toBeTruthy();
    expect(api.posts()).toHaveLength(0);
    expect(within(dialog).getByRole('button', { name: 'Review payment' })).toBeTruthy();
  });

  it('shows a field the server refused under that field, back on the form', async () => {
    const { api, dialog } = await openDialog();
    await userEvent.selectOptions(methodSelect(dialog), 'Check');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review payment' }));
    api.answer(
      jsonResponse(
        { code: 'InvalidArgument', message: { payment_method_id: 'Check is inactive: it takes no new payments.' } },
        { status: 400 },
      ),
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Record $60.00' }));
    expect(await within(dialog).findByText('Check is inactive: it takes no new payments.')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Review payment' })).toBeTruthy();
  });

  it('shows a decline with the gateway’s words, and lets the staff member go back to another card', async () => {
    const { api, dialog } = await openDialog();
    await userEvent.selectOptions(methodSelect(dialog), 'Test cards');
    await fillCard(dialog, '4000000000000002');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review payment' }));
    api.answer(jsonResponse({ code: 'GatewayDeclined', message: 'Card declined' }, { status: 402 }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Charge $60.00' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Declined by the gateway');
    expect(alert.textContent).toContain('Card declined');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Back' }));
    expect((within(dialog).getByLabelText(/Card number/) as HTMLInputElement).value).toBe('4000000000000002');
  });

  it('explains what unsettled payments hold, and offers nothing when nothing is left to pay', async () => {
    stubOrderApi(ORDER, { ...OPTIONS, balance_due: '60.00', held: '60.00', payable: '0.00' });
    renderOrder(<AddPaymentButton />);
    await userEvent.click(await screen.findByRole('button', { name: 'Add payment' }));
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(/Payments not yet settled hold \$60\.00 of it/, {}, { timeout: 5000 }),
    ).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: 'Review payment' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it.each<StaffRole>(['finance', 'fraud_analyst', 'viewer'])('is not offered to a %s', async (role) => {
    stubOrderApi();
    renderOrder(<AddPaymentButton />, { role });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('button', { name: 'Add payment' })).toBeNull();
  });

  it('is not offered on a cart', async () => {
    const cart = { ...ORDER, state: 'cart' as const, payment_state: null };
    stubOrderApi(cart);
    renderOrder(<AddPaymentButton />, { order: cart });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('button', { name: 'Add payment' })).toBeNull();
  });
});

describe('Replace beside a payment that took no money', { timeout: 40_000 }, () => {
  const inRow = (payment: Payment) => (
    <RecordContextProvider value={payment}>
      <ReplacePaymentButton />
    </RecordContextProvider>
  );

  it.each<Payment['status']>(['invalid', 'rejected', 'void'])('is offered beside a %s payment', async (status) => {
    stubOrderApi();
    renderOrder(inRow(makePayment({ status, identifier: 'OLDPAYMT', order_id: 3, payment_method_id: 5 })));
    const button = await screen.findByRole('button', { name: 'Replace payment OLDPAYMT with a new payment' });
    expect(button.textContent).toBe('Replace');
  });

  it.each<Payment['status']>(['preauth', 'confirmed', 'waiting', 'error', 'refunded'])(
    'is not offered beside a %s payment',
    async (status) => {
      stubOrderApi();
      renderOrder(inRow(makePayment({ status, order_id: 3 })));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(screen.queryByRole('button', { name: /Replace/ })).toBeNull();
    },
  );

  it('keeps its clicks, and its dialog’s, from the row (which opens the payment when clicked)', async () => {
    stubOrderApi();
    const rowClicks = vi.fn();
    renderOrder(
      // biome-ignore lint/a11y/noStaticElementInteractions: stands for the Datagrid row's click handler
      // biome-ignore lint/a11y/useKeyWithClickEvents: see above
      <div onClick={rowClicks}>
        {inRow(makePayment({ status: 'void', identifier: 'OLDPAYMT', order_id: 3, payment_method_id: 6 }))}
      </div>,
    );
    await userEvent.click(await screen.findByRole('button', { name: /Replace payment OLDPAYMT/ }));
    const dialog = await screen.findByRole('dialog', {}, { timeout: 5000 });
    await within(dialog).findByLabelText(/Payment method/, {}, { timeout: 5000 });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review payment' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(rowClicks).not.toHaveBeenCalled();
  });

  it('opens the same dialog, titled for the payment it replaces, its method chosen', async () => {
    stubOrderApi();
    renderOrder(inRow(makePayment({ status: 'rejected', identifier: 'OLDPAYMT', order_id: 3, payment_method_id: 5 })));
    await userEvent.click(await screen.findByRole('button', { name: /Replace payment OLDPAYMT/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Replace payment OLDPAYMT' }, { timeout: 5000 });
    await within(dialog).findByLabelText(/Payment method/, {}, { timeout: 5000 });
    expect(methodSelect(dialog).value).toBe('5');
    expect(within(dialog).getByLabelText(/Card number/)).toBeTruthy();
    expect(amountInput(dialog).value).toBe('60.00');
  });
});

describe('the Add payment dialog for assistive technology', { timeout: 90_000 }, () => {
  /** axe-core's WCAG A/AA rules on the dialog (colour contrast needs a real layout: the browser tests check it). */
  async function violations(dialog: HTMLElement) {
    const result = await axe.run(dialog, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      rules: { 'color-contrast': { enabled: false } },
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(' | ')}`);
  }

  it('labels every input, for card, token and offline methods, and on the confirmation', async () => {
    const { dialog } = await openDialog();
    expect(await violations(dialog)).toEqual([]);
    await userEvent.selectOptions(methodSelect(dialog), 'Test cards');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review payment' }));
    expect(await violations(dialog)).toEqual([]);
    await fillCard(dialog);
    await userEvent.selectOptions(methodSelect(dialog), 'Stripe');
    expect(await violations(dialog)).toEqual([]);
    await userEvent.selectOptions(methodSelect(dialog), 'Check');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Review payment' }));
    expect(within(dialog).getByRole('button', { name: 'Record $60.00' })).toBeTruthy();
    expect(await violations(dialog)).toEqual([]);
  });
});
