import { newPaymentIdentifier, type PaymentStatus } from '@paydesk/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderRow, PaymentMethodRow } from '../src/db/schema.ts';
import { givenPaymentMethod } from './fixtures.ts';
import { randomKey, startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';
import { startSandbox, type Sandbox } from './simulator.ts';
import { givenStripeMethod, startStripeMock, type StripeMock } from './stripe-mock.ts';

const VISA = '4111111111111111';
const DECLINED = '4000000000000002';
const TIMEOUT = '4000000000000119';
const card = (number = VISA) => ({ number, exp_month: 12, exp_year: 2031, cvv: '123', name: 'Ada Lovelace' });

describe(`POST /api/orders/:id/payments (${TEST_DB})`, () => {
  let mock: StripeMock;
  let app: TestApp;
  let admin: ApiClient;
  let operator: ApiClient;
  let authorizeOnly: PaymentMethodRow;
  let purchase: PaymentMethodRow;
  let check: PaymentMethodRow;
  let stripe: PaymentMethodRow;
  let inactive: PaymentMethodRow;
  let usersOnly: PaymentMethodRow;
  let staffOnly: PaymentMethodRow;
  let carrier: PaymentMethodRow;
  let sandbox: Sandbox;
  let sequence = 0;

  beforeAll(async () => {
    mock = await startStripeMock();
    app = await startTestApp();
    admin = await app.signedIn('admin');
    operator = await app.signedIn('operator');
    authorizeOnly = await givenPaymentMethod(app.db, { name: 'Card (authorize)', auto_capture: false });
    purchase = await givenPaymentMethod(app.db, { name: 'Card (purchase)', auto_capture: true });
    check = await givenPaymentMethod(app.db, { type: 'check', name: 'Check', auto_capture: null });
    stripe = await givenStripeMethod(app, admin, mock);
    sandbox = await startSandbox(app, admin, 'staff-payments-sim-key', 5_000);
    inactive = await givenPaymentMethod(app.db, { name: 'Old card', active: false });
    carrier = await givenPaymentMethod(app.db, { type: 'carrier', name: 'Carrier billing' });
    usersOnly = await givenPaymentMethod(app.db, { name: 'Storefront card', auto_capture: true });
    staffOnly = await givenPaymentMethod(app.db, { name: 'Phone orders', auto_capture: true });
    await app.db
      .updateTable('payment_methods')
      .set({ available_to_admin: false })
      .where('id', '=', usersOnly.id)
      .execute();
    await app.db
      .updateTable('payment_methods')
      .set({ available_to_users: false })
      .where('id', '=', staffOnly.id)
      .execute();
  });
  afterAll(async () => {
    await app?.close();
    await mock?.close();
    await sandbox?.simulator.close();
  });

  /** An order written straight to the database, with payments of the given statuses. */
  async function givenOrder(
    given: {
      state?: OrderRow['state'];
      total?: string;
      currency?: string;
      payments?: { status: PaymentStatus; total: string; captured?: string }[];
    } = {},
  ): Promise<OrderRow> {
    sequence += 1;
    const currency = given.currency ?? 'USD';
    const total = given.total ?? '120.00';
    const order = await app.db
      .insertInto('orders')
      .values({
        number: `R${String(700_000_000 + sequence + Math.floor(Math.random() * 200_000_000))}`,
        email: 'ada@example.com',
        currency,
        item_total: total,
        total,
        state: given.state ?? 'complete',
        payment_state: given.state === 'cart' ? null : 'balance_due',
        completed_at: given.state === 'cart' ? null : new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const p of given.payments ?? []) {
      await app.db
        .insertInto('payments')
        .values({
          identifier: newPaymentIdentifier(),
          order_id: order.id,
          payment_method_id: authorizeOnly.id,
          status: p.status,
          currency,
          total: p.total,
          captured_amount: p.captured ?? '0',
          billing_first_name: 'Ada',
          billing_last_name: 'Lovelace',
          billing_email: 'ada@example.com',
          billing_country_code: 'GB',
          extra_data: '{}',
        })
        .execute();
    }
    return order;
  }

  const add = (client: ApiClient, orderId: number, body: Record<string, unknown>, key: string | null = randomKey()) =>
    client.post(`/api/orders/${orderId}/payments`, body, key === null ? {} : { 'idempotency-key': key });
  const paymentsOf = (orderId: number) =>
    app.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
  const orderOf = (orderId: number) =>
    app.db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
  const logEntriesOf = (paymentId: number) =>
    app.db.selectFrom('log_entries').selectAll().where('payment_id', '=', paymentId).orderBy('id').execute();
  const auditOf = (resource: string, recordId: number) =>
    app.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'orders.add-payment')
      .where('resource', '=', resource)
      .where('record_id', '=', String(recordId))
      .orderBy('id')
      .execute();

  describe('processing as the method says', () => {
    it('authorizes with a method that does not auto-capture: preauth, a log entry, audited, balance still due', async () => {
      const order = await givenOrder({ total: '120.00' });
      const response = await add(operator, order.id, {
        payment_method_id: authorizeOnly.id,
        amount: '120.00',
        card: card(),
        note: 'Taken by phone',
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toMatchObject({
        order_id: order.id,
        payment_method_id: authorizeOnly.id,
        status: 'preauth',
        total: '120.00',
        captured_amount: '0.00',
        card_brand: 'visa',
        card_last4: '1111',
      });
      const entries = await logEntriesOf(response.body.id);
      expect(entries).toMatchObject([{ action: 'authorize', success: true }]);
      expect((await orderOf(order.id)).payment_state).toBe('balance_due');
      const [event] = await auditOf('payments', response.body.id);
      expect(event).toMatchObject({
        outcome: 'succeeded',
        currency: 'USD',
        note: 'Taken by phone',
        reason: `Added to order ${order.number} with Card (authorize)`,
      });
      expect(event!.amount).toMatch(/^120\.0+$/);
    });

    it('purchases with a method that auto-captures: confirmed, the order paid', async () => {
      const order = await givenOrder({ total: '45.50' });
      const response = await add(operator, order.id, {
        payment_method_id: purchase.id,
        amount: '45.50',
        card: card('5555555555554444'),
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ status: 'confirmed', captured_amount: '45.50', card_brand: 'mastercard' });
      expect(await logEntriesOf(response.body.id)).toMatchObject([{ action: 'purchase', success: true }]);
      expect(await orderOf(order.id)).toMatchObject({ payment_state: 'paid' });
      expect((await orderOf(order.id)).payment_total).toMatch(/^45\.50*$/);
    });

    it('records a check offline, with no card and no gateway call, as the store default says', async () => {
      const order = await givenOrder({ total: '80.00' });
      const authorized = await add(admin, order.id, { payment_method_id: check.id, amount: '30.00' });
      expect(authorized.status).toBe(201);
      expect(authorized.body).toMatchObject({ status: 'preauth', card_last4: null });
      expect(await logEntriesOf(authorized.body.id)).toHaveLength(0);

      expect((await admin.put('/api/settings/store_default_auto_capture', { value: true })).status).toBe(200);
      try {
        const captured = await add(admin, order.id, { payment_method_id: check.id, amount: '50.00' });
        expect(captured.status).toBe(201);
        expect(captured.body).toMatchObject({ status: 'confirmed', captured_amount: '50.00' });
      } finally {
        await admin.put('/api/settings/store_default_auto_capture', { value: false });
      }
      expect((await orderOf(order.id)).payment_state).toBe('balance_due');
    });

    it('charges a Stripe.js token with a stripe method: the charge at Stripe, brand and last four from it', async () => {
      const order = await givenOrder({ total: '19.99' });
      const response = await add(operator, order.id, {
        payment_method_id: stripe.id,
        amount: '19.99',
        payment_token: 'tok_visa',
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toMatchObject({ status: 'preauth', card_brand: 'visa', card_last4: '4242' });
      const [payment] = await paymentsOf(order.id);
      const charge = await mock.stripe.charges.retrieve(payment!.transaction_id!);
      expect(charge).toMatchObject({ amount: 1999, currency: 'usd', captured: false });
    });

    it('authorizes a test card at the gateway simulator (sandbox): one call there, for the amount in minor units', async () => {
      await sandbox.sim('POST', '/_reset');
      const order = await givenOrder({ total: '75.25' });
      const key = randomKey();
      const body = { payment_method_id: sandbox.method.id, amount: '75.25', card: card() };
      const responses = await Promise.all(Array.from({ length: 5 }, () => add(operator, order.id, body, key)));
      const created = responses.find((r) => r.status === 201);
      expect(created, JSON.stringify(responses.map((r) => r.body))).toBeDefined();
      expect(created!.body).toMatchObject({ status: 'preauth', card_last4: '1111' });
      const [payment] = await paymentsOf(order.id);
      const atGateway = (await sandbox.sim('GET', `/v1/transactions/${payment!.transaction_id}`)).body;
      expect(atGateway).toMatchObject({ state: 'authorized', authorized_amount: 7_525, captured_amount: 0 });
      const stats = (await sandbox.sim('GET', '/_stats')).body;
      expect(stats.executed.authorize).toBe(1);
      expect(await paymentsOf(order.id)).toHaveLength(1);
    });

    it('answers a decline with 402, leaves the payment rejected and the order failed, audited as failed; Replace pays it', async () => {
      const order = await givenOrder({ total: '60.00' });
      const declined = await add(operator, order.id, {
        payment_method_id: purchase.id,
        amount: '60.00',
        card: card(DECLINED),
      });
      expect(declined.status).toBe(402);
      expect(declined.body).toEqual({ code: 'GatewayDeclined', message: 'Card declined' });
      const [rejected] = await paymentsOf(order.id);
      expect(rejected).toMatchObject({ status: 'rejected', captured_amount: expect.stringMatching(/^0/) });
      expect(await orderOf(order.id)).toMatchObject({ payment_state: 'failed' });
      expect(await auditOf('payments', rejected!.id)).toMatchObject([
        { outcome: 'failed', reason: 'GatewayDeclined: Card declined' },
      ]);

      const replaced = await add(operator, order.id, { payment_method_id: purchase.id, amount: '60.00', card: card() });
      expect(replaced.status).toBe(201);
      expect(await orderOf(order.id)).toMatchObject({ payment_state: 'paid' });
    });

    it('answers a gateway timeout with 502 and leaves the payment in error, to be reconciled', async () => {
      const order = await givenOrder({ total: '10.00' });
      const response = await add(operator, order.id, {
        payment_method_id: authorizeOnly.id,
        amount: '10.00',
        card: card(TIMEOUT),
      });
      expect(response.status).toBe(502);
      expect(response.body.code).toBe('GatewayUnavailable');
      expect(await paymentsOf(order.id)).toMatchObject([{ status: 'error' }]);
    });
  });

  describe('the amount: at most what is left to pay', () => {
    it('takes part of the balance, then the rest; then refuses more with 400 naming amount', async () => {
      const order = await givenOrder({ total: '100.00' });
      expect(
        (await add(operator, order.id, { payment_method_id: purchase.id, amount: '40.00', card: card() })).status,
      ).toBe(201);
      expect(await orderOf(order.id)).toMatchObject({ payment_state: 'balance_due' });
      const options = await operator.get(`/api/orders/${order.id}/payment-options`);
      expect(options.body).toMatchObject({ balance_due: '60.00', held: '0.00', payable: '60.00' });

      const tooMuch = await add(operator, order.id, { payment_method_id: purchase.id, amount: '60.01', card: card() });
      expect(tooMuch.status).toBe(400);
      expect(tooMuch.body).toEqual({
        code: 'InvalidArgument',
        message: { amount: 'Must be at most the balance due, 60.00 USD.' },
      });
      expect(
        (await add(operator, order.id, { payment_method_id: purchase.id, amount: '60.00', card: card() })).status,
      ).toBe(201);
      expect(await orderOf(order.id)).toMatchObject({ payment_state: 'paid' });
      const paid = await add(operator, order.id, { payment_method_id: check.id, amount: '0.01' });
      expect(paid.status).toBe(400);
      expect(paid.body.message.amount).toBe('Must be at most the balance due, 0.00 USD.');
      expect(await paymentsOf(order.id)).toHaveLength(2);
    });

    it('does not offer twice what an unsettled payment holds (a checkout payment, an authorization)', async () => {
      const order = await givenOrder({
        total: '100.00',
        payments: [
          { status: 'waiting', total: '50.00' },
          { status: 'preauth', total: '30.00' },
          { status: 'invalid', total: '100.00' },
        ],
      });
      const response = await add(operator, order.id, { payment_method_id: check.id, amount: '20.01' });
      expect(response.status).toBe(400);
      expect(response.body.message.amount).toBe(
        'Must be at most 20.00 USD: of the balance due (100.00 USD), 80.00 USD is held by payments not yet settled. Invalidate, void or reconcile them first.',
      );
      expect((await add(operator, order.id, { payment_method_id: check.id, amount: '20.00' })).status).toBe(201);
    });

    it.each([
      ['0.00', 'Must be greater than 0.'],
      ['10.001', 'USD amounts have at most 2 decimal places.'],
      ['ten', 'Must be a decimal amount, such as "80.00".'],
    ])('refuses the amount %s with 400 naming it', async (amount, message) => {
      const order = await givenOrder();
      const response = await add(operator, order.id, { payment_method_id: check.id, amount });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ code: 'InvalidArgument', message: { amount: message } });
    });

    it('refuses an amount sent as a JSON number, asking for a string', async () => {
      const order = await givenOrder();
      const response = await add(operator, order.id, { payment_method_id: check.id, amount: 10 });
      expect(response.body.message).toEqual({ amount: 'Send the amount as a decimal string, such as "80.00".' });
    });

    it('keeps the currency’s minor unit: JPY in whole yen', async () => {
      const order = await givenOrder({ total: '1500', currency: 'JPY' });
      const response = await add(operator, order.id, { payment_method_id: purchase.id, amount: '1500', card: card() });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ currency: 'JPY', total: '1500', captured_amount: '1500' });
      expect(await logEntriesOf(response.body.id)).toMatchObject([{ action: 'purchase', currency: 'JPY' }]);
    });
  });

  describe('only a complete order, only a method staff may use', () => {
    it.each(['cart', 'canceled'] as const)(
      'refuses a %s order with 409 InvalidState, audited, no payment',
      async (state) => {
        const order = await givenOrder({ state });
        const response = await add(operator, order.id, { payment_method_id: check.id, amount: '10.00' });
        expect(response.status).toBe(409);
        expect(response.body.code).toBe('InvalidState');
        expect(response.body.message).toContain('complete orders only');
        expect(await paymentsOf(order.id)).toHaveLength(0);
        expect(await auditOf('orders', order.id)).toMatchObject([{ outcome: 'refused' }]);
      },
    );

    it('answers 404 for an order that does not exist', async () => {
      expect((await add(operator, 99_999_999, { payment_method_id: check.id, amount: '1.00' })).status).toBe(404);
      expect(
        (await add(operator, 'abc' as unknown as number, { payment_method_id: check.id, amount: '1.00' })).status,
      ).toBe(404);
    });

    it.each([
      ['inactive', () => inactive.id, 'Old card is inactive: it takes no new payments.'],
      ['not available to admin', () => usersOnly.id, 'Storefront card is not available to staff.'],
      [
        'carrier billing',
        () => carrier.id,
        'Carrier billing is carrier billing: the buyer confirms it on their own phone, so staff cannot take it.',
      ],
      ['unknown', () => 987_654, 'No such payment method.'],
    ])(
      'refuses a method that is %s with 400 naming payment_method_id, and calls no gateway',
      async (_, id, message) => {
        const order = await givenOrder();
        const response = await add(operator, order.id, { payment_method_id: id(), amount: '10.00', card: card() });
        expect(response.status).toBe(400);
        expect(response.body).toEqual({ code: 'InvalidArgument', message: { payment_method_id: message } });
        expect(await paymentsOf(order.id)).toHaveLength(0);
        expect(await auditOf('orders', order.id)).toMatchObject([{ outcome: 'refused' }]);
      },
    );

    it.each([
      [
        'a card for a check',
        () => ({ payment_method_id: check.id, card: card() }),
        'card',
        'Check is an offline payment: it takes no card.',
      ],
      [
        'a token for a check',
        () => ({ payment_method_id: check.id, payment_token: 'tok_visa' }),
        'payment_token',
        'Check is an offline payment: it takes no payment token.',
      ],
      [
        'no card for a card method',
        () => ({ payment_method_id: purchase.id }),
        'card',
        'This field is required for Card (purchase).',
      ],
      [
        'a token for a test-card method',
        () => ({ payment_method_id: purchase.id, card: card(), payment_token: 'tok_visa' }),
        'payment_token',
        'Card (purchase) takes a card, not a payment token.',
      ],
      [
        'a card number for stripe',
        () => ({ payment_method_id: stripe.id, card: card() }),
        'card',
        'Stripe takes a payment_token made by Stripe.js, never a card number.',
      ],
      [
        'no token for stripe',
        () => ({ payment_method_id: stripe.id }),
        'payment_token',
        'This field is required for Stripe.',
      ],
      [
        'an expired card',
        () => ({ payment_method_id: purchase.id, card: { ...card(), exp_year: 2020 } }),
        'card.exp_year',
        'The card has expired.',
      ],
      [
        'a card number that fails the Luhn check',
        () => ({ payment_method_id: purchase.id, card: card('4111111111111112') }),
        'card.number',
        'Is not a valid card number.',
      ],
    ])('refuses %s with 400 naming the field', async (_, body, field, message) => {
      const order = await givenOrder();
      const response = await add(operator, order.id, { amount: '10.00', ...body() });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('InvalidArgument');
      expect(response.body.message[field]).toBe(message);
      expect(JSON.stringify(response.body)).not.toMatch(/41111111111111/);
      expect(await paymentsOf(order.id)).toHaveLength(0);
    });

    it('refuses unknown fields and a missing method', async () => {
      const order = await givenOrder();
      const response = await add(operator, order.id, { amount: '10.00', status: 'confirmed' });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatchObject({
        payment_method_id: 'Choose a payment method.',
        body: 'Unknown field: status.',
      });
    });
  });

  describe('available_to_users gates the intake API, available_to_admin gates staff', () => {
    let key: string;
    let productId: number;
    beforeAll(async () => {
      key = (await admin.post('/api/api-keys', { name: 'Web shop' })).body.key;
      productId = (await admin.post('/api/products', { name: 'Game', price: '4.99', currency: 'USD' })).body.id;
    });
    const intake = (methodId: number) =>
      app.client().post(
        '/api/v1/transactions',
        {
          price: '4.99',
          currency: 'USD',
          pay_method: 'CARD',
          product_id: productId,
          carrier: 'TMOBILE',
          region: 310,
          callback_url: 'https://shop.example.com/paydesk/callback',
          payment_method_id: methodId,
          card: card(),
        },
        { authorization: `Bearer ${key}` },
      );

    it('a method available to admin only: the intake refuses it, staff take it', async () => {
      const refused = await intake(staffOnly.id);
      expect(refused.status).toBe(400);
      expect(Object.keys(refused.body.message)).toContain('payment_method_id');
      const order = await givenOrder({ total: '4.99' });
      const taken = await add(operator, order.id, { payment_method_id: staffOnly.id, amount: '4.99', card: card() });
      expect(taken.status).toBe(201);
      expect(taken.body.payment_method_id).toBe(staffOnly.id);
    });

    it('a method available to users only: the intake takes it, staff are refused', async () => {
      const taken = await intake(usersOnly.id);
      expect(taken.status, JSON.stringify(taken.body)).toBe(201);
      const order = await givenOrder({ total: '4.99' });
      const refused = await add(operator, order.id, { payment_method_id: usersOnly.id, amount: '4.99', card: card() });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toEqual({ payment_method_id: 'Storefront card is not available to staff.' });
    });

    it('lists for staff only the active methods available to admin that staff can take', async () => {
      const order = await givenOrder({ total: '12.00' });
      const response = await operator.get(`/api/orders/${order.id}/payment-options`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ currency: 'USD', total: '12.00', balance_due: '12.00', payable: '12.00' });
      const ids = response.body.methods.map((m: { id: number }) => m.id);
      expect(ids).toEqual(expect.arrayContaining([authorizeOnly.id, purchase.id, check.id, stripe.id, staffOnly.id]));
      expect(ids).not.toContain(inactive.id);
      expect(ids).not.toContain(usersOnly.id);
      expect(ids).not.toContain(carrier.id);
      expect(response.body.methods).toEqual(
        expect.arrayContaining([
          { id: check.id, name: 'Check', type: 'check', input: 'none', auto_capture: false },
          { id: stripe.id, name: 'Stripe', type: 'stripe', input: 'token', auto_capture: false },
          { id: purchase.id, name: 'Card (purchase)', type: 'bogus', input: 'card', auto_capture: true },
        ]),
      );
    });
  });

  describe('who may', () => {
    it.each(['viewer', 'finance', 'fraud_analyst'] as const)(
      'refuses a %s with 403, audited as denied, no payment',
      async (role) => {
        const client = await app.signedIn(role);
        const order = await givenOrder();
        const response = await add(client, order.id, { payment_method_id: check.id, amount: '10.00' });
        expect(response.status).toBe(403);
        expect(response.body.code).toBe('Forbidden');
        expect(await paymentsOf(order.id)).toHaveLength(0);
        expect(await auditOf('orders', order.id)).toMatchObject([{ outcome: 'denied' }]);
      },
    );
  });

  describe('Idempotency-Key: one staff action, one payment', () => {
    it('requires the header', async () => {
      const order = await givenOrder();
      const response = await add(operator, order.id, { payment_method_id: check.id, amount: '10.00' }, null);
      expect(response.status).toBe(400);
      expect(Object.keys(response.body.message)).toEqual(['Idempotency-Key']);
      expect(await paymentsOf(order.id)).toHaveLength(0);
    });

    it('replays the first answer for the same key, and refuses the key for another request', async () => {
      const order = await givenOrder({ total: '30.00' });
      const key = randomKey();
      const body = { payment_method_id: purchase.id, amount: '10.00', card: card() };
      const first = await add(operator, order.id, body, key);
      const again = await add(operator, order.id, body, key);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      const other = await add(operator, order.id, { ...body, amount: '11.00' }, key);
      expect(other.status).toBe(409);
      expect(other.body.code).toBe('IdempotencyKeyReused');
      expect(await paymentsOf(order.id)).toHaveLength(1);
      expect(await logEntriesOf(first.body.id)).toHaveLength(1);
    });

    it('makes one payment of ten concurrent requests with one key', async () => {
      const order = await givenOrder({ total: '25.00' });
      const key = randomKey();
      const body = { payment_method_id: purchase.id, amount: '25.00', card: card() };
      const responses = await Promise.all(Array.from({ length: 10 }, () => add(operator, order.id, body, key)));
      const statuses = responses.map((r) => r.status);
      expect(statuses).toContain(201);
      for (const r of responses) {
        if (r.status === 201) continue;
        expect(r.status).toBe(409);
        expect(r.body.code).toBe('RequestInProgress');
      }
      const payments = await paymentsOf(order.id);
      expect(payments).toHaveLength(1);
      expect(await logEntriesOf(payments[0]!.id)).toHaveLength(1);
      expect(await auditOf('payments', payments[0]!.id)).toMatchObject([{ outcome: 'succeeded' }]);
      expect(await orderOf(order.id)).toMatchObject({ payment_state: 'paid' });
    });

    it('takes one full payment of ten concurrent requests with different keys: the rest exceed the balance', async () => {
      const order = await givenOrder({ total: '25.00' });
      const body = { payment_method_id: purchase.id, amount: '25.00', card: card() };
      const responses = await Promise.all(Array.from({ length: 10 }, () => add(operator, order.id, body)));
      expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
      for (const r of responses.filter((r) => r.status !== 201)) {
        expect(r.status).toBe(400);
        expect(Object.keys(r.body.message)).toEqual(['amount']);
      }
      expect(await paymentsOf(order.id)).toHaveLength(1);
      const order2 = await orderOf(order.id);
      expect(order2.payment_state).toBe('paid');
      expect(order2.payment_total).toMatch(/^25\.0+$/);
    });
  });

  it('keeps no card number anywhere: brand, last four and expiry only', async () => {
    const order = await givenOrder({ total: '15.00' });
    const pan = '378282246310005';
    const response = await add(operator, order.id, {
      payment_method_id: purchase.id,
      amount: '15.00',
      card: { number: pan, exp_month: 11, exp_year: 2032, cvv: '1234', name: 'Ada' },
      note: `Card ${VISA} read over the phone`,
    });
    expect(response.status).toBe(201);
    expect(JSON.stringify(response.body)).not.toContain(pan);
    expect(response.body).toMatchObject({
      card_brand: 'amex',
      card_last4: '0005',
      card_exp_month: 11,
      card_exp_year: 2032,
    });
    const columns = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'character')
    `.execute(app.db);
    for (const { table_name, column_name } of columns.rows) {
      const { rows } = await sql<{ text: string | null }>`
        SELECT string_agg(${sql.ref(column_name)}::text, ' | ') AS text FROM ${sql.table(table_name)}
      `.execute(app.db);
      const text = rows[0]?.text ?? '';
      expect(text, `${table_name}.${column_name}`).not.toContain(pan);
      expect(text, `${table_name}.${column_name}`).not.toContain(VISA);
    }
    const [event] = await auditOf('payments', response.body.id);
    expect(event!.note).not.toContain(VISA);
  });
});
