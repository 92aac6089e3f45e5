import { randomUUID } from 'node:crypto';
import { stripeEvent } from '@paydesk/contract';
import { gatewayOrderId } from '@paydesk/domain';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import { defaultGateways } from '../src/gateways/registry.ts';
import { expectMatchesContract } from './contract.ts';
import { givenPayment, givenRefundReason } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';
import { givenStripeMethod, startStripeMock, STRIPE_WEBHOOK_SECRET, type StripeMock } from './stripe-mock.ts';

/**
 * Stripe's webhooks against stripe-stateful-mock run as its own process: events signed with the SDK's
 * `webhooks.generateTestHeaderString`, the charge retrieved for the truth, the payment moved through the state
 * machine — once per event, whatever the order the events arrive in.
 */
describe(`POST /api/webhooks/stripe/:paymentMethodId (${TEST_DB})`, () => {
  let mock: StripeMock;
  let app: TestApp;
  let admin: ApiClient;
  let store: ApiClient;
  let key: string;
  let productId: number;
  /** Authorizes (capture by staff, or in Stripe). */
  let authorizing: PaymentMethodRow;
  /** Charges at once. */
  let charging: PaymentMethodRow;

  beforeAll(async () => {
    mock = await startStripeMock();
    app = await startTestApp();
    admin = await app.signedIn('admin');
    authorizing = await givenStripeMethod(app, admin, mock, { name: 'Stripe (authorize)' });
    charging = await givenStripeMethod(app, admin, mock, { name: 'Stripe (charge)', auto_capture: true });
    key = (await admin.post('/api/api-keys', { name: 'Web shop' })).body.key;
    productId = (await admin.post('/api/products', { name: 'Game', price: '50.00', currency: 'USD' })).body.id;
    store = app.client();
  });
  afterAll(async () => {
    await app?.close();
    await mock?.close();
  });

  /** A payment made through the intake API with a Stripe.js token: its order, transaction and charge. */
  async function paid(method: PaymentMethodRow, token = 'tok_visa') {
    const created = await store.post(
      '/api/v1/transactions',
      {
        price: '50.00',
        currency: 'USD',
        pay_method: 'CARD',
        product_id: productId,
        carrier: 'TMOBILE',
        region: 310,
        callback_url: 'https://shop.example.com/paydesk/callback',
        payment_token: token,
        payment_method_id: method.id,
      },
      { authorization: `Bearer ${key}` },
    );
    expect(created.status).toBe(201);
    const payment = await app.db
      .selectFrom('transactions')
      .innerJoin('payments', 'payments.id', 'transactions.payment_id')
      .selectAll('payments')
      .select('transactions.id as transaction_row_id')
      .where('token', '=', created.body.token)
      .executeTakeFirstOrThrow();
    expect(payment.transaction_id).toMatch(/^ch_/);
    return { ...payment, charge: payment.transaction_id! };
  }

  const stored = (id: number) =>
    app.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const orderOf = async (paymentId: number) =>
    app.db
      .selectFrom('orders')
      .innerJoin('payments', 'payments.order_id', 'orders.id')
      .select(['orders.payment_state', 'orders.payment_total'])
      .where('payments.id', '=', paymentId)
      .executeTakeFirstOrThrow();
  const logEntries = (id: number) =>
    app.db.selectFrom('log_entries').selectAll().where('payment_id', '=', id).orderBy('id').execute();
  const refunds = (id: number) =>
    app.db.selectFrom('refunds').selectAll().where('payment_id', '=', id).orderBy('id').execute();
  const callbacks = (transactionRowId: number) =>
    app.db
      .selectFrom('callback_deliveries')
      .selectAll()
      .where('transaction_id', '=', transactionRowId)
      .orderBy('id')
      .execute();

  /** An event as Stripe sends it: about `object` (read from the mock, so in Stripe's own shape). */
  function event(type: string, object: unknown, created = Math.floor(Date.now() / 1000)): Stripe.Event {
    return {
      id: `evt_${randomUUID().replaceAll('-', '')}`,
      object: 'event',
      api_version: '2020-08-27',
      created,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object },
    } as unknown as Stripe.Event;
  }

  async function send(
    method: PaymentMethodRow,
    body: Stripe.Event | string,
    {
      secret = STRIPE_WEBHOOK_SECRET,
      timestamp,
      signature,
    }: { secret?: string; timestamp?: number; signature?: string } = {},
  ) {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const header = signature ?? mock.stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
    const response = await fetch(`${app.baseUrl}/api/webhooks/stripe/${method.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header },
      body: payload,
    });
    const text = await response.text();
    const answer = { status: response.status, body: text ? JSON.parse(text) : undefined };
    // Every answer, and every event the tests send, as the contract (the OpenAPI document) has them.
    expectMatchesContract('POST', `/api/webhooks/stripe/${method.id}`, answer.status, answer.body);
    if (typeof body !== 'string') expect(stripeEvent.safeParse(body).error?.issues ?? []).toEqual([]);
    return answer;
  }
  const charge = (id: string) => mock.stripe.charges.retrieve(id);

  it('refuses a bad signature with 400 in the contract’s format, and changes nothing', async () => {
    const p = await paid(charging);
    await mock.stripe.refunds.create({ charge: p.charge, amount: 1_000 });
    const refunded = event('charge.refunded', await charge(p.charge));
    for (const options of [{ secret: 'whsec_somebody_else' }, { signature: 't=1,v1=00' }, { signature: '' }]) {
      const response = await send(charging, refunded, options);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'InvalidArgument', message: { signature: expect.any(String) } });
    }
    // The body changed after signing: the signature is over the raw bytes.
    const payload = JSON.stringify(refunded);
    const header = mock.stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_WEBHOOK_SECRET });
    const tampered = await send(charging, payload.replace('"charge.refunded"', '"charge.refunded" '), {
      signature: header,
    });
    expect(tampered.status).toBe(400);
    expect(await stored(p.id)).toMatchObject({ status: 'confirmed', refunded_amount: '0.0000' });
    expect(await refunds(p.id)).toEqual([]);
    const seen = await app.db
      .selectFrom('gateway_webhook_events')
      .selectAll()
      .where('event_id', '=', refunded.id)
      .execute();
    expect(seen).toEqual([]);
    // The same event, signed right, applies.
    expect((await send(charging, refunded)).body.outcome).toBe('applied');
  });

  it('refuses a stale signature (older than five minutes): a replayed delivery', async () => {
    const p = await paid(charging);
    await mock.stripe.refunds.create({ charge: p.charge });
    const response = await send(charging, event('charge.refunded', await charge(p.charge)), {
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      code: 'InvalidArgument',
      message: { signature: 'The signature is too old (outside the tolerance).' },
    });
    expect((await stored(p.id)).status).toBe('confirmed');
  });

  it('charge.captured: a capture made in Stripe confirms the payment for what Stripe captured', async () => {
    const p = await paid(authorizing);
    expect(p.status).toBe('preauth');
    await mock.stripe.charges.capture(p.charge, { amount: 3_000 });
    const response = await send(authorizing, event('charge.captured', await charge(p.charge)));
    expect(response).toMatchObject({ status: 200, body: { received: true, outcome: 'applied' } });
    expect(await stored(p.id)).toMatchObject({ status: 'confirmed', captured_amount: '30.0000' });
    expect((await logEntries(p.id)).at(-1)).toMatchObject({
      action: 'retrieve',
      success: true,
      message: 'Captured at the gateway (charge.captured)',
    });
    expect((await callbacks(p.transaction_row_id)).at(-1)).toMatchObject({ payment_status: 'confirmed' });
  });

  it('charge.refunded: a refund made in Stripe’s dashboard is a refund in Paydesk, with its log entry, the order and the callback following', async () => {
    const p = await paid(charging);
    expect(await orderOf(p.id)).toMatchObject({ payment_state: 'paid', payment_total: '50.0000' });
    const before = (await callbacks(p.transaction_row_id)).length;
    await mock.stripe.refunds.create({ charge: p.charge, amount: 1_250 });
    const response = await send(charging, event('charge.refunded', await charge(p.charge)));
    expect(response).toMatchObject({ status: 200, body: { outcome: 'applied' } });
    expect(await stored(p.id)).toMatchObject({ status: 'confirmed', refunded_amount: '12.5000' });
    const [refund] = await refunds(p.id);
    expect(refund).toMatchObject({ amount: '12.5000', status: 'succeeded', staff_user_id: null });
    expect((await logEntries(p.id)).at(-1)).toMatchObject({
      action: 'retrieve',
      refund_id: refund!.id,
      amount: '12.5000',
      success: true,
      unapplied: false,
      message: 'Refunded at the gateway (charge.refunded)',
    });
    const delivered = await callbacks(p.transaction_row_id);
    expect(delivered).toHaveLength(before + 1);
    expect(delivered.at(-1)!.payload).toMatchObject({ refunded_amount: '12.50' });
    // A refund of a complete order is a reimbursement: still paid, for less.
    expect(await orderOf(p.id)).toMatchObject({ payment_state: 'paid', payment_total: '37.5000' });

    // The rest refunded in the dashboard too: refunded in full.
    await mock.stripe.refunds.create({ charge: p.charge });
    await send(charging, event('charge.refunded', await charge(p.charge)));
    expect(await stored(p.id)).toMatchObject({ status: 'refunded', refunded_amount: '50.0000' });
    expect((await refunds(p.id)).map((r) => r.amount)).toEqual(['12.5000', '37.5000']);
    expect((await callbacks(p.transaction_row_id)).at(-1)).toMatchObject({ payment_status: 'refunded' });
  });

  it('the same event twice (or twice at once) is applied once', async () => {
    const p = await paid(charging);
    await mock.stripe.refunds.create({ charge: p.charge, amount: 500 });
    const refunded = event('charge.refunded', await charge(p.charge));
    const answers = await Promise.all([send(charging, refunded), send(charging, refunded)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => a.body.outcome).sort()).toEqual(['applied', 'duplicate']);
    expect((await send(charging, refunded)).body.outcome).toBe('duplicate');
    expect(await refunds(p.id)).toHaveLength(1);
    expect((await stored(p.id)).refunded_amount).toBe('5.0000');
    expect((await logEntries(p.id)).filter((entry) => entry.action === 'retrieve')).toHaveLength(1);
  });

  it('events out of order: the later one brings the whole truth, the earlier one then finds nothing new', async () => {
    const p = await paid(charging);
    const first = await mock.stripe.refunds.create({ charge: p.charge, amount: 1_000 });
    const early = event('charge.refund.updated', first);
    const second = await mock.stripe.refunds.create({ charge: p.charge, amount: 2_000 });
    const late = event('charge.refund.updated', second);
    expect((await send(charging, late)).body.outcome).toBe('applied');
    expect((await send(charging, early)).body.outcome).toBe('no_change');
    expect(await stored(p.id)).toMatchObject({ status: 'confirmed', refunded_amount: '30.0000' });
    expect((await refunds(p.id)).map((r) => r.amount)).toEqual(['30.0000']);
  });

  it('charge.expired: a lapsed (released) authorization is void', async () => {
    const p = await paid(authorizing);
    await mock.stripe.refunds.create({ charge: p.charge });
    const response = await send(authorizing, event('charge.expired', await charge(p.charge)));
    expect(response.body.outcome).toBe('applied');
    expect(await stored(p.id)).toMatchObject({
      status: 'void',
      message: 'The authorization was released at the gateway (voided or lapsed) (charge.expired)',
    });
    expect((await orderOf(p.id)).payment_state).toBe('failed');
  });

  it('charge.failed: an authorization whose answer was lost is settled by reconciliation first, then the event finds nothing new', async () => {
    const { order, payment } = await givenPayment(app.db, authorizing, { total: '50.00', status: 'waiting' });
    const operationKey = `authorize-${payment.id}`;
    const adapter = defaultGateways().forMethod(authorizing);
    const declined = await adapter.authorize(
      5_000n,
      { token: 'tok_chargeDeclined' },
      {
        email: '',
        ip: null,
        order_id: gatewayOrderId(order.number, payment.identifier),
        currency: 'USD',
        subtotal: 5_000n,
        shipping: 0n,
        tax: 0n,
        discount: 0n,
        billing_address: { name: '', address1: '', address2: '', city: '', zip: '', country: null, state: '' },
        idempotency_key: operationKey,
      },
    );
    expect(declined).toMatchObject({ outcome: 'decline', authorization: expect.stringMatching(/^ch_/) });
    await app.db
      .updateTable('payments')
      .set({
        status: 'error',
        operation: 'authorize',
        operation_key: operationKey,
        operation_amount: '50.00',
        operation_from_status: 'waiting',
      })
      .where('id', '=', payment.id)
      .execute();
    const response = await send(authorizing, event('charge.failed', await charge(declined.authorization!)));
    expect(response.status).toBe(200);
    expect(await stored(payment.id)).toMatchObject({ status: 'rejected', operation: null });
  });

  it('while a call of Paydesk’s own is in flight: 503 with Retry-After, nothing recorded; Stripe’s retry applies', async () => {
    const p = await paid(authorizing);
    await app.db
      .updateTable('payments')
      .set({
        operation: 'capture',
        operation_started_at: new Date(),
        operation_key: `capture-${p.id}-x`,
        operation_from_status: 'preauth',
        operation_amount: '50.00',
      })
      .where('id', '=', p.id)
      .execute();
    await mock.stripe.charges.capture(p.charge);
    const captured = event('charge.captured', await charge(p.charge));
    const busy = await fetch(`${app.baseUrl}/api/webhooks/stripe/${authorizing.id}`, {
      method: 'POST',
      headers: {
        'stripe-signature': mock.stripe.webhooks.generateTestHeaderString({
          payload: JSON.stringify(captured),
          secret: STRIPE_WEBHOOK_SECRET,
        }),
      },
      body: JSON.stringify(captured),
    });
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('2');
    expect((await busy.json()).code).toBe('Unavailable');
    expect((await stored(p.id)).status).toBe('preauth');
    // The call's answer never came back, and the capture is stuck: the retry reconciles it, then applies.
    await app.db
      .updateTable('payments')
      .set({ operation_started_at: null, status: 'error' })
      .where('id', '=', p.id)
      .execute();
    expect((await send(authorizing, captured)).status).toBe(200);
    expect(await stored(p.id)).toMatchObject({ status: 'confirmed', captured_amount: '50.0000', operation: null });
  });

  it('Stripe holding less than Paydesk recorded is kept as an unapplied log entry, under Needs attention', async () => {
    const p = await paid(charging);
    await app.db.updateTable('payments').set({ refunded_amount: '10.00' }).where('id', '=', p.id).execute();
    const before = (await admin.get('/api/needs-attention')).body.unapplied_answers;
    const response = await send(charging, event('charge.refund.updated', await charge(p.charge)));
    expect(response.body.outcome).toBe('disagrees');
    expect((await logEntries(p.id)).at(-1)).toMatchObject({ action: 'retrieve', unapplied: true });
    expect((await admin.get('/api/needs-attention')).body.unapplied_answers).toBe(before + 1);
    expect((await stored(p.id)).refunded_amount).toBe('10.0000');
  });

  it('answers 200 and changes nothing for an event type it does not act on, or a charge it does not know', async () => {
    const ignored = await send(charging, event('customer.created', { id: 'cus_1', object: 'customer' }));
    expect(ignored).toMatchObject({ status: 200, body: { received: true, outcome: 'ignored' } });
    const p = await paid(charging);
    const unknown = await send(charging, event('charge.refunded', { ...(await charge(p.charge)), id: 'ch_elsewhere' }));
    expect(unknown).toMatchObject({ status: 200, body: { outcome: 'no_payment' } });
    expect((await stored(p.id)).status).toBe('confirmed');
  });

  it('needs no session or CSRF token, and answers 404 for a method that is not a stripe one', async () => {
    const bogus = await app.db
      .insertInto('payment_methods')
      .values({ type: 'bogus', name: 'Bogus', preferences: '{}' })
      .returningAll()
      .executeTakeFirstOrThrow();
    const notStripe = await send(bogus, event('charge.refunded', { id: 'ch_x', object: 'charge' }));
    expect(notStripe).toMatchObject({ status: 404, body: { code: 'NotFound' } });
    const missing = await send({ ...bogus, id: 999_999 }, event('charge.refunded', { id: 'ch_x', object: 'charge' }));
    expect(missing.status).toBe(404);
  });

  describe('disputes', () => {
    /** A charge Stripe holds as disputed (the mock opens the dispute just after the charge), and its dispute. */
    async function disputedPayment(token: 'tok_createDispute' | 'tok_createDisputeInquiry') {
      const p = await paid(charging, token);
      const deadline = Date.now() + 5_000;
      let disputeId: string | null = null;
      while (!disputeId && Date.now() < deadline) {
        // The 2020-08-27 charge carries its dispute's id; the SDK's types (a newer API version) no longer name it.
        const found = (await charge(p.charge)) as unknown as { dispute?: string | { id: string } | null };
        disputeId = typeof found.dispute === 'string' ? found.dispute : (found.dispute?.id ?? null);
        if (!disputeId) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return { p, dispute: await mock.stripe.disputes.retrieve(disputeId!) };
    }
    const counts = async () => (await admin.get('/api/needs-attention')).body;
    const refund = (id: number, reasonId: number) => admin.post(`/api/payments/${id}/refund`, { reason_id: reasonId });

    it('charge.dispute.created marks the payment disputed, lists it under Needs attention, and a refund is refused', async () => {
      const reason = await givenRefundReason(app.db, 'dispute_test', 'Dispute test');
      const before = (await counts()).open_disputes;
      const { p, dispute } = await disputedPayment('tok_createDispute');
      const created = event('charge.dispute.created', dispute);
      expect((await send(charging, created)).body.outcome).toBe('applied');
      expect((await send(charging, created)).body.outcome).toBe('duplicate');
      expect(await stored(p.id)).toMatchObject({
        status: 'confirmed',
        dispute_id: dispute.id,
        dispute_status: 'needs_response',
        dispute_amount: '50.0000',
        dispute_reason: 'fraudulent',
        dispute_open: true,
      });
      const shown = await admin.get(`/api/payments/${p.id}`);
      expect(shown.body).toMatchObject({
        dispute_status: 'needs_response',
        dispute_amount: '50.00',
        dispute_reason: 'fraudulent',
        dispute_open: true,
      });
      expect((await counts()).open_disputes).toBe(before + 1);
      const listed = await admin.list('payments', { filter: { attention: 'disputed' } });
      expect(listed.body.map((row: { id: number }) => row.id)).toContain(p.id);

      const refused = await refund(p.id, reason.id);
      expect(refused.status).toBe(409);
      expect(refused.body).toEqual({
        code: 'InvalidState',
        message: 'This payment is disputed (needs response): it cannot be refunded while the dispute is open.',
      });
      expect(await refunds(p.id)).toEqual([]);
      expect((await mock.stripe.refunds.list({ charge: p.charge })).data).toEqual([]);
    });

    it('charge.dispute.closed allows the refund again (and it is made at Stripe)', async () => {
      const reason = await givenRefundReason(app.db, 'dispute_closed_test', 'Dispute closed test');
      const { p, dispute } = await disputedPayment('tok_createDisputeInquiry');
      const at = Math.floor(Date.now() / 1000);
      expect((await send(charging, event('charge.dispute.created', dispute, at))).body.outcome).toBe('applied');
      expect((await refund(p.id, reason.id)).status).toBe(409);
      const closed = event('charge.dispute.closed', { ...dispute, status: 'warning_closed' }, at + 1);
      expect((await send(charging, closed)).body.outcome).toBe('applied');
      expect(await stored(p.id)).toMatchObject({ dispute_status: 'warning_closed', dispute_open: false });
      const allowed = await refund(p.id, reason.id);
      expect(allowed.status).toBe(200);
      expect(allowed.body).toMatchObject({ status: 'refunded', refunded_amount: '50.00' });
      expect((await charge(p.charge)).amount_refunded).toBe(5_000);
    });

    it('a dispute’s events out of order: the closing one first, the opening one after changes nothing', async () => {
      const { p, dispute } = await disputedPayment('tok_createDispute');
      const at = Math.floor(Date.now() / 1000);
      const closed = event('charge.dispute.closed', { ...dispute, status: 'lost' }, at + 5);
      const created = event('charge.dispute.created', dispute, at);
      expect((await send(charging, closed)).body.outcome).toBe('applied');
      expect((await send(charging, created)).body.outcome).toBe('no_change');
      expect(await stored(p.id)).toMatchObject({ dispute_status: 'lost', dispute_open: false });
    });
  });
});
