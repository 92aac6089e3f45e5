import { randomUUID } from 'node:crypto';
import { PAYMENT_TOKEN_PATTERN } from '@paydesk/contract/rules';
import { gatewayOrderId, Money } from '@paydesk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow, RefundReasonRow } from '../src/db/schema.ts';
import type { CardInput, GatewayOptions } from '../src/gateways/gateway.ts';
import { callIsOver } from '../src/gateways/gateway.ts';
import { defaultGateways } from '../src/gateways/registry.ts';
import { StripeGateway, stripeConfigFrom, stripeIdempotencyKey } from '../src/gateways/stripe.gateway.ts';
import { AppError } from '../src/http/errors.ts';
import { givenPayment, givenRefundReason } from './fixtures.ts';
import { randomKey, startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';
import { givenStripeMethod, startStripeMock, STRIPE_TEST_KEY, type StripeMock } from './stripe-mock.ts';

/**
 * The `stripe` adapter against stripe-stateful-mock, run as its own process: through the official SDK, each
 * operation and each decline, unknown outcomes, idempotency — and the BFF's own commands on a stripe payment.
 */

let mock: StripeMock;
beforeAll(async () => {
  mock = await startStripeMock();
});
afterAll(async () => {
  await mock?.close();
});

const VISA: CardInput = { token: 'tok_visa' };

function optionsWith(key: string, overrides: Partial<GatewayOptions> = {}): GatewayOptions {
  return {
    email: 'ada@example.com',
    ip: '203.0.113.9',
    order_id: `R${Math.floor(Math.random() * 1e9)}-P${randomUUID().slice(0, 8)}`,
    currency: 'USD',
    subtotal: 5_000n,
    shipping: 0n,
    tax: 0n,
    discount: 0n,
    billing_address: {
      name: 'Ada Lovelace',
      address1: '12 St James’s Square',
      address2: '',
      city: 'London',
      zip: 'SW1Y 4LB',
      country: 'GB',
      state: '',
    },
    idempotency_key: key,
    ...overrides,
  };
}

const gateway = () =>
  new StripeGateway(stripeConfigFrom({ secret_key: STRIPE_TEST_KEY, api_base: mock.url, timeout_ms: 5_000 }));

describe('stripe adapter', () => {
  it('authorize: an uncaptured charge with the card’s brand, last four and expiry, and the order in its metadata', async () => {
    const options = optionsWith(randomKey('authorize'));
    const result = await gateway().authorize(5_000n, VISA, options);
    expect(result).toMatchObject({
      outcome: 'success',
      authorization: expect.stringMatching(/^ch_/),
      card: { brand: 'visa', last4: '4242', exp_month: expect.any(Number), exp_year: expect.any(Number) },
      params: { action: 'authorize', state: 'authorized', amount: '5000', card: { brand: 'visa', last4: '4242' } },
    });
    const charge = await mock.stripe.charges.retrieve(result.authorization!);
    expect(charge).toMatchObject({
      captured: false,
      amount: 5_000,
      currency: 'usd',
      description: `Order ${options.order_id}`,
      receipt_email: 'ada@example.com',
      metadata: {
        order_id: options.order_id,
        paydesk_key: options.idempotency_key,
        billing_name: 'Ada Lovelace',
        billing_city: 'London',
        billing_zip: 'SW1Y 4LB',
        billing_country: 'GB',
      },
    });
  });

  it('purchase: a captured charge', async () => {
    const result = await gateway().purchase(7_500n, { token: 'tok_mastercard' }, optionsWith(randomKey('purchase')));
    expect(result).toMatchObject({ outcome: 'success', card: { brand: 'mastercard' }, params: { state: 'captured' } });
    expect(await mock.stripe.charges.retrieve(result.authorization!)).toMatchObject({
      captured: true,
      amount_captured: 7_500,
    });
  });

  it('amounts go in the currency’s minor unit: JPY has none', async () => {
    const amount = Money.of('5000', 'JPY').toMinor();
    const result = await gateway().authorize(amount, VISA, optionsWith(randomKey('authorize'), { currency: 'JPY' }));
    expect(result.outcome).toBe('success');
    expect(await mock.stripe.charges.retrieve(result.authorization!)).toMatchObject({ amount: 5_000, currency: 'jpy' });
  });

  it('partial capture: captures part and releases the rest; retrieve tells the capture ran and sums the charge', async () => {
    const adapter = gateway();
    const auth = await adapter.authorize(5_000n, VISA, optionsWith(randomKey('authorize')));
    const captureKey = randomKey('capture');
    const captured = await adapter.capture(3_000n, auth.authorization!, optionsWith(captureKey));
    expect(captured).toMatchObject({
      outcome: 'success',
      authorization: auth.authorization,
      params: { action: 'capture', state: 'captured', captured_amount: '3000' },
    });
    expect(await mock.stripe.charges.retrieve(auth.authorization!)).toMatchObject({
      captured: true,
      amount_captured: 3_000,
    });
    expect(await adapter.retrieve(auth.authorization!, optionsWith(captureKey))).toMatchObject({
      outcome: 'success',
      charge: { authorized: 5_000n, captured: 3_000n, refunded: 0n, released: true, failed: false, disputed: false },
      card: { brand: 'visa', last4: '4242' },
    });
  });

  it('capture: retrieve says not_found while Stripe has not captured the charge', async () => {
    const adapter = gateway();
    const auth = await adapter.authorize(5_000n, VISA, optionsWith(randomKey('authorize')));
    expect(await adapter.retrieve(auth.authorization!, optionsWith(randomKey('capture')))).toMatchObject({
      outcome: 'error',
      error_code: 'not_found',
      charge: { authorized: 5_000n, captured: 0n, released: false },
    });
  });

  it('void: a refund of the uncaptured charge releases it', async () => {
    const adapter = gateway();
    const auth = await adapter.authorize(5_000n, VISA, optionsWith(randomKey('authorize')));
    const voidKey = randomKey('void');
    const voided = await adapter.void(auth.authorization!, { ...optionsWith(voidKey), amount: 5_000n });
    expect(voided).toMatchObject({ outcome: 'success', authorization: auth.authorization });
    const charge = await mock.stripe.charges.retrieve(auth.authorization!);
    expect(charge).toMatchObject({ captured: false, refunded: true, amount_refunded: 5_000 });
    expect(await adapter.retrieve(auth.authorization!, optionsWith(voidKey))).toMatchObject({
      outcome: 'success',
      params: { state: 'voided' },
      charge: { captured: 0n, refunded: 0n, released: true },
    });
  });

  it('partial then full refund; retrieve finds each refund by its key, and a key Stripe never saw is not_found', async () => {
    const adapter = gateway();
    const charge = await adapter.purchase(5_000n, VISA, optionsWith(randomKey('purchase')));
    const first = await adapter.refund(2_000n, charge.authorization!, optionsWith('refund-9001'));
    expect(first).toMatchObject({ outcome: 'success', authorization: expect.stringMatching(/^re_/) });
    const rest = await adapter.refund(3_000n, charge.authorization!, optionsWith('refund-9002'));
    expect(rest.outcome).toBe('success');
    expect(await mock.stripe.charges.retrieve(charge.authorization!)).toMatchObject({
      refunded: true,
      amount_refunded: 5_000,
    });
    expect(await adapter.retrieve(charge.authorization!, optionsWith('refund-9001'))).toMatchObject({
      outcome: 'success',
      authorization: first.authorization,
      params: { amount: '2000', refund_id: first.authorization },
      charge: { captured: 5_000n, refunded: 5_000n },
    });
    expect(await adapter.retrieve(charge.authorization!, optionsWith('refund-9003'))).toMatchObject({
      outcome: 'error',
      error_code: 'not_found',
    });
    // Nothing is left to refund: Stripe refuses, and the refusal is for reconciliation to read.
    expect(await adapter.refund(100n, charge.authorization!, optionsWith('refund-9004'))).toMatchObject({
      outcome: 'error',
      error_code: 'charge_already_refunded',
    });
  });

  it('a refund made in Stripe’s dashboard shows in the charge summary of any retrieve', async () => {
    const adapter = gateway();
    const charge = await adapter.purchase(5_000n, VISA, optionsWith(randomKey('purchase')));
    await mock.stripe.refunds.create({ charge: charge.authorization!, amount: 1_250 });
    expect(await adapter.retrieve(charge.authorization!, optionsWith(randomKey('capture')))).toMatchObject({
      outcome: 'success',
      charge: { authorized: 5_000n, captured: 5_000n, refunded: 1_250n, released: false },
    });
  });

  it.each([
    ['tok_chargeDeclined', 'generic_decline'],
    ['tok_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
    ['tok_chargeDeclinedFraudulent', 'fraudulent'],
    ['tok_chargeDeclinedIncorrectCvc', 'incorrect_cvc'],
    ['tok_chargeDeclinedExpiredCard', 'expired_card'],
    ['tok_chargeDeclinedProcessingError', 'processing_error'],
  ])('%s is a decline with error code %s; retrieve finds the failed charge by its key', async (token, code) => {
    const adapter = gateway();
    const options = optionsWith(randomKey('authorize'));
    const result = await adapter.authorize(5_000n, { token }, options);
    expect(result).toMatchObject({ outcome: 'decline', error_code: code, message: expect.stringMatching(/card/i) });
    expect(await adapter.retrieve('', options)).toMatchObject({
      outcome: 'decline',
      authorization: expect.stringMatching(/^ch_/),
      charge: { failed: true, authorized: 0n, captured: 0n },
    });
  });

  it.each([
    ['tok_500', 'http_500'],
    ['tok_429', 'rate_limit'],
  ])('%s is an unknown outcome (%s); retrieve then says Stripe never received it', async (token, code) => {
    const adapter = gateway();
    const options = optionsWith(randomKey('authorize'));
    expect(await adapter.authorize(5_000n, { token }, options)).toMatchObject({
      outcome: 'error',
      error_code: code,
      authorization: null,
    });
    expect(await adapter.retrieve('', options)).toMatchObject({ outcome: 'error', error_code: 'not_found' });
  });

  it('the same operation twice with one key makes one charge, and one refund', async () => {
    const adapter = gateway();
    const options = optionsWith(randomKey('purchase'));
    const before = (await mock.stripe.charges.list({ limit: 100 })).data.length;
    const first = await adapter.purchase(5_000n, VISA, options);
    const again = await adapter.purchase(5_000n, VISA, options);
    expect(again.authorization).toBe(first.authorization);
    const after = await mock.stripe.charges.list({ limit: 100 });
    expect(after.data.filter((charge) => charge.metadata.paydesk_key === options.idempotency_key)).toHaveLength(1);
    expect(after.data.length).toBeLessThanOrEqual(before + 1);

    const refundOptions = optionsWith('refund-424242');
    const refund = await adapter.refund(1_000n, first.authorization!, refundOptions);
    const refundAgain = await adapter.refund(1_000n, first.authorization!, refundOptions);
    expect(refundAgain.authorization).toBe(refund.authorization);
    expect(await mock.stripe.charges.retrieve(first.authorization!)).toMatchObject({ amount_refunded: 1_000 });
    expect(stripeIdempotencyKey(refundOptions)).toBe('paydesk-refund-424242');
  });

  it('a card number is never sent to Stripe: only a token is charged', async () => {
    const options = optionsWith(randomKey('authorize'));
    const result = await gateway().authorize(5_000n, { number: '4242424242424242', month: 12, year: 2030 }, options);
    expect(result).toMatchObject({ outcome: 'decline', error_code: 'token_required' });
    expect(await gateway().retrieve('', options)).toMatchObject({ outcome: 'error', error_code: 'not_found' });
  });

  it.each(['tok visa', 'tok_visa\n', 'x'.repeat(256), ''])(
    'a token no payment form made (%j) is refused as token_required: the contract’s PAYMENT_TOKEN_PATTERN',
    async (token) => {
      expect(PAYMENT_TOKEN_PATTERN.test(token)).toBe(false);
      const result = await gateway().authorize(5_000n, { token }, optionsWith(randomKey('authorize')));
      expect(result).toMatchObject({ outcome: 'decline', error_code: 'token_required' });
    },
  );

  it('an unreachable Stripe is an unknown outcome', async () => {
    const closed = new StripeGateway(
      stripeConfigFrom({ secret_key: STRIPE_TEST_KEY, api_base: 'http://127.0.0.1:9', timeout_ms: 1_000 }),
    );
    expect(await closed.authorize(5_000n, VISA, optionsWith(randomKey('authorize')))).toMatchObject({
      outcome: 'error',
      error_code: 'connection_error',
    });
  });

  it('a method without a usable secret key or api_base refuses with InvalidState', () => {
    for (const preferences of [{}, { secret_key: 'not-a-key' }, { secret_key: STRIPE_TEST_KEY, api_base: 'ftp://x' }]) {
      expect(() => stripeConfigFrom(preferences)).toThrow(AppError);
    }
    expect(stripeConfigFrom({ secret_key: STRIPE_TEST_KEY, api_base: 'http://127.0.0.1:12111' })).toMatchObject({
      apiBase: { host: '127.0.0.1', port: 12111, protocol: 'http' },
    });
    expect(stripeConfigFrom({ secret_key: STRIPE_TEST_KEY }).apiBase).toBeNull();
  });
});

describe(`stripe payments through the BFF (${TEST_DB})`, () => {
  let app: TestApp;
  let staff: ApiClient;
  let method: PaymentMethodRow;
  let reason: RefundReasonRow;

  beforeAll(async () => {
    app = await startTestApp();
    staff = await app.signedIn('admin');
    method = await givenStripeMethod(app, staff, mock);
    reason = await givenRefundReason(app.db);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  const stored = (id: number) =>
    app.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const logEntries = (id: number) =>
    app.db.selectFrom('log_entries').selectAll().where('payment_id', '=', id).orderBy('id').execute();

  /** A payment whose transaction_id is a charge at Stripe, made by the adapter's authorize (or purchase). */
  async function stripePayment(total: string, status: 'preauth' | 'confirmed' = 'preauth') {
    const { order, payment } = await givenPayment(app.db, method, {
      total,
      status,
      captured_amount: status === 'confirmed' ? total : '0',
    });
    const adapter = defaultGateways().forMethod(method);
    const options = optionsWith(`setup-${payment.id}`, { order_id: gatewayOrderId(order.number, payment.identifier) });
    const amount = Money.of(total, 'USD').toMinor();
    const charged =
      status === 'confirmed'
        ? await adapter.purchase(amount, VISA, options)
        : await adapter.authorize(amount, VISA, options);
    expect(charged.outcome).toBe('success');
    await app.db
      .updateTable('payments')
      .set({ transaction_id: charged.authorization })
      .where('id', '=', payment.id)
      .execute();
    return { ...payment, transaction_id: charged.authorization! };
  }

  it('capture of part: confirmed for that part, Stripe captured it and released the rest', async () => {
    const p = await stripePayment('120.00');
    const response = await staff.post(`/api/payments/${p.id}/capture`, { amount: '80.00' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'confirmed', captured_amount: '80.00', operation: null });
    expect(await stored(p.id)).toMatchObject({ status: 'confirmed', operation: null, operation_key: null });
    expect(await mock.stripe.charges.retrieve(p.transaction_id)).toMatchObject({
      captured: true,
      amount_captured: 8_000,
    });
    expect(await logEntries(p.id)).toMatchObject([
      { action: 'capture', success: true, authorization: p.transaction_id, error_code: null },
    ]);
  });

  it('void: void in Paydesk, the charge released at Stripe', async () => {
    const p = await stripePayment('60.00');
    const response = await staff.post(`/api/payments/${p.id}/void`);
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('void');
    expect(await mock.stripe.charges.retrieve(p.transaction_id)).toMatchObject({ captured: false, refunded: true });
  });

  it('partial then full refund: each a refund at Stripe with its refund row’s id as the key', async () => {
    const p = await stripePayment('90.00', 'confirmed');
    const partial = await staff.post(`/api/payments/${p.id}/refund`, { amount: '30.00', reason_id: reason.id });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ status: 'confirmed', refunded_amount: '30.00' });
    const full = await staff.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id });
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ status: 'refunded', refunded_amount: '90.00' });

    const charge = await mock.stripe.charges.retrieve(p.transaction_id);
    expect(charge).toMatchObject({ refunded: true, amount_refunded: 9_000 });
    const refunds = await app.db
      .selectFrom('refunds')
      .selectAll()
      .where('payment_id', '=', p.id)
      .orderBy('id')
      .execute();
    const atStripe = (await mock.stripe.refunds.list({ charge: p.transaction_id })).data;
    expect(atStripe.map((refund) => refund.metadata?.paydesk_key).sort()).toEqual(
      refunds.map((refund) => `refund-${refund.id}`).sort(),
    );
    expect(refunds.map((refund) => refund.transaction_id).sort()).toEqual(atStripe.map((refund) => refund.id).sort());
  });

  it('an authorization whose answer was lost (tok_500) ends at the first reconciliation: Stripe never made it', async () => {
    const { order, payment } = await givenPayment(app.db, method, { total: '50.00', status: 'waiting' });
    const operationKey = `authorize-${payment.id}`;
    const adapter = defaultGateways().forMethod(method);
    const options = optionsWith(operationKey, { order_id: gatewayOrderId(order.number, payment.identifier) });
    const answer = await adapter.authorize(5_000n, { token: 'tok_500' }, options);
    expect(answer.outcome).toBe('error');
    expect(callIsOver(answer)).toBe(true);
    const lost = {
      status: 'error',
      operation: 'authorize',
      operation_key: operationKey,
      operation_amount: '50.00',
      operation_from_status: 'waiting',
    } as const;
    // Had Stripe not answered at all (a timeout), its call could still land: Stripe takes no deadline, so the
    // authorization stays unknown rather than be called failed too early.
    await app.db.updateTable('payments').set(lost).where('id', '=', payment.id).execute();
    expect((await staff.post(`/api/payments/${payment.id}/reconcile`)).body).toMatchObject({
      status: 'error',
      reconciliation: 'unknown',
    });
    // It answered 500: its call is over, as the command records (the deadline is the answer's moment).
    await app.db
      .updateTable('payments')
      .set({ ...lost, operation_deadline: new Date() })
      .where('id', '=', payment.id)
      .execute();
    const reconciled = await staff.post(`/api/payments/${payment.id}/reconcile`);
    expect(reconciled.status).toBe(200);
    expect(reconciled.body).toMatchObject({ status: 'rejected', operation: null, reconciliation: 'settled' });
  });

  it('the method’s secret key is never sent back', async () => {
    const shown = await staff.get(`/api/payment-methods/${method.id}`);
    expect(shown.status).toBe(200);
    expect(JSON.stringify(shown.body)).not.toContain(STRIPE_TEST_KEY);
  });
});
