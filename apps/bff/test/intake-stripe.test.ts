import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import { givenPaymentMethod } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';
import { givenStripeMethod, startStripeMock, type StripeMock } from './stripe-mock.ts';

/**
 * The intake API with a stripe method: a token from Stripe.js, never a card number; and the method a
 * storefront names with `payment_method_id`, or the store's default card method.
 */
describe(`POST /api/v1/transactions with Stripe (${TEST_DB})`, () => {
  let mock: StripeMock;
  let app: TestApp;
  let admin: ApiClient;
  let store: ApiClient;
  let key: string;
  let productId: number;
  let stripe: PaymentMethodRow;
  let bogus: PaymentMethodRow;

  const valid = (overrides: Record<string, unknown> = {}) => ({
    price: '4.99',
    currency: 'USD',
    pay_method: 'CARD',
    product_id: productId,
    carrier: 'TMOBILE',
    region: 310,
    callback_url: 'https://shop.example.com/paydesk/callback',
    payment_token: 'tok_visa',
    ...overrides,
  });
  const CARD = { number: '4111111111111111', exp_month: 12, exp_year: 2031, cvv: '123' };

  beforeAll(async () => {
    mock = await startStripeMock();
    app = await startTestApp();
    admin = await app.signedIn('admin');
    bogus = await givenPaymentMethod(app.db, { name: 'Test cards', auto_capture: true });
    stripe = await givenStripeMethod(app, admin, mock);
    expect((await admin.put('/api/settings/store_default_payment_method_for_cards', { value: stripe.id })).status).toBe(
      200,
    );
    key = (await admin.post('/api/api-keys', { name: 'Web shop' })).body.key;
    productId = (await admin.post('/api/products', { name: 'Game', price: '4.99', currency: 'USD' })).body.id;
    store = app.client();
  });
  afterAll(async () => {
    await app?.close();
    await mock?.close();
  });

  const post = (body: unknown) => store.post('/api/v1/transactions', body, { authorization: `Bearer ${key}` });
  const paymentOf = (token: string) =>
    app.db
      .selectFrom('transactions')
      .innerJoin('payments', 'payments.id', 'transactions.payment_id')
      .selectAll('payments')
      .where('token', '=', token)
      .executeTakeFirstOrThrow();
  const paymentCount = async () =>
    (await app.db.selectFrom('payments').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n;

  it('charges a Stripe.js token: the charge at Stripe, its card’s brand and last four on the payment', async () => {
    const response = await post(valid());
    expect(response.status).toBe(201);
    const payment = await paymentOf(response.body.token);
    expect(payment).toMatchObject({
      payment_method_id: stripe.id,
      status: 'preauth',
      card_brand: 'visa',
      card_last4: '4242',
      transaction_id: expect.stringMatching(/^ch_/),
    });
    const charge = await mock.stripe.charges.retrieve(payment.transaction_id!);
    expect(charge).toMatchObject({ amount: 499, currency: 'usd', captured: false });
  });

  it('a declined token is a failed transaction, its decline code in the log', async () => {
    const response = await post(valid({ payment_token: 'tok_chargeDeclined', carrier: 'DECLINED' }));
    expect(response.status).toBe(201);
    const payment = await paymentOf(response.body.token);
    expect(payment.status).toBe('rejected');
    const log = await app.db.selectFrom('log_entries').selectAll().where('payment_id', '=', payment.id).execute();
    expect(log).toMatchObject([{ action: 'authorize', success: false, error_code: 'generic_decline' }]);
  });

  it.each([
    ['card', { card: CARD }, 'This payment method takes a payment_token made by Stripe.js, never a card number.'],
    [
      'card',
      { card: CARD, payment_token: undefined },
      'This payment method takes a payment_token made by Stripe.js, never a card number.',
    ],
    ['payment_token', { payment_token: undefined }, 'This field is required for this payment method.'],
    [
      'payment_token',
      { payment_token: 'tok visa; drop' },
      'Must be the token your payment form made, such as "tok_visa".',
    ],
    ['payment_token', { pay_method: 'OPERATOR' }, 'Only CARD payments carry a payment token.'],
  ])('a stripe method refuses %s: %j', async (field, overrides, message) => {
    const before = await paymentCount();
    const response = await post(valid(overrides));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('InvalidArgument');
    expect(response.body.message[field]).toBe(message);
    expect(JSON.stringify(response.body)).not.toContain(CARD.number);
    expect(await paymentCount()).toBe(before);
  });

  it('payment_method_id picks the method: test cards for a bogus method, a token refused there', async () => {
    const byCard = await post(valid({ payment_method_id: bogus.id, payment_token: undefined, card: CARD }));
    expect(byCard.status).toBe(201);
    expect(await paymentOf(byCard.body.token)).toMatchObject({ payment_method_id: bogus.id, status: 'confirmed' });
    const tokenToBogus = await post(valid({ payment_method_id: bogus.id }));
    expect(tokenToBogus.status).toBe(400);
    expect(tokenToBogus.body.message.payment_token).toBe('This payment method takes a card, not a payment token.');
  });

  it('payment_method_id must be an active card method available to users', async () => {
    const inactive = await givenPaymentMethod(app.db, { name: 'Old cards', active: false });
    const hidden = await givenPaymentMethod(app.db, { name: 'Back office' });
    await app.db
      .updateTable('payment_methods')
      .set({ available_to_users: false })
      .where('id', '=', hidden.id)
      .execute();
    const check = await givenPaymentMethod(app.db, { type: 'check', name: 'Check' });
    for (const id of [inactive.id, hidden.id, check.id, 999_999]) {
      const response = await post(valid({ payment_method_id: id, payment_token: undefined, card: CARD }));
      expect(response.status).toBe(400);
      expect(response.body.message.payment_method_id).toBe(
        'No active payment method available to users takes CARD payments with this id.',
      );
    }
    expect((await post(valid({ payment_method_id: 'one' }))).body.message.payment_method_id).toBe(
      'Must be the id of a payment method.',
    );
  });
});
