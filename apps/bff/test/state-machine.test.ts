import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow, RefundReasonRow } from '../src/db/schema.ts';
import { givenPayment, givenPaymentMethod, givenRefundReason, type GivenPayment } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

/** The edges of the payment state machine, over HTTP: each rule the BFF keeps whatever the console offers. */
describe(`the payment state machine at its edges (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;
  let operator: ApiClient;
  let analyst: ApiClient;
  let card: PaymentMethodRow;
  let slowCard: PaymentMethodRow;
  let reason: RefundReasonRow;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.signedIn('admin');
    operator = await app.signedIn('operator');
    analyst = await app.signedIn('fraud_analyst');
    card = await givenPaymentMethod(app.db, { name: 'Card' });
    slowCard = await givenPaymentMethod(app.db, { name: 'Slow card' });
    await app.db
      .updateTable('payment_methods')
      .set({ preferences: JSON.stringify({ latency_ms: 600 }) })
      .where('id', '=', slowCard.id)
      .execute();
    reason = await givenRefundReason(app.db);
  });
  afterAll(() => app.close());

  const payment = async (given: GivenPayment = {}, method = card) =>
    (await givenPayment(app.db, method, given)).payment;
  const stored = (id: number) =>
    app.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const logEntries = (id: number) =>
    app.db.selectFrom('log_entries').selectAll().where('payment_id', '=', id).orderBy('id').execute();
  const audits = (id: number) =>
    app.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('record_id', '=', String(id))
      .where('resource', '=', 'payments')
      .orderBy('id')
      .execute();
  const orderOf = async (paymentId: number) => {
    const { order_id } = await stored(paymentId);
    return app.db.selectFrom('orders').selectAll().where('id', '=', order_id).executeTakeFirstOrThrow();
  };
  const reviewsOf = (id: number) =>
    app.db.selectFrom('fraud_reviews').selectAll().where('payment_id', '=', id).orderBy('id').execute();

  describe('authorization expiry', () => {
    it('refuses to capture a 12-day-old authorization with 409 AuthorizationExpired and calls no gateway', async () => {
      const p = await payment({ created_at: daysAgo(12) });
      const response = await admin.post(`/api/payments/${p.id}/capture`, {});
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('AuthorizationExpired');
      expect((await stored(p.id)).status).toBe('preauth');
      expect(await logEntries(p.id)).toHaveLength(0);
      expect(await audits(p.id)).toEqual([{ action: 'payment.capture', outcome: 'refused' }]);
    });

    it('still voids it', async () => {
      const p = await payment({ created_at: daysAgo(12) });
      const response = await admin.post(`/api/payments/${p.id}/void`, {});
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('void');
    });

    it('keeps to the method’s own authorization_ttl_days', async () => {
      const long = await givenPaymentMethod(app.db, { name: 'Long holds' });
      await app.db
        .updateTable('payment_methods')
        .set({ preferences: JSON.stringify({ authorization_ttl_days: 30 }) })
        .where('id', '=', long.id)
        .execute();
      const p = await payment({ created_at: daysAgo(12) }, long);
      expect((await admin.get(`/api/payments/${p.id}`)).body.authorization_expires_at).toBe(
        new Date(p.created_at.getTime() + 30 * 86_400_000).toISOString(),
      );
      expect((await admin.post(`/api/payments/${p.id}/capture`, {})).status).toBe(200);
    });

    it('is excluded from bulk capture', async () => {
      const p = await payment({ created_at: daysAgo(12) });
      const fresh = await payment();
      const response = await admin.post('/api/payments/bulk-capture', { ids: [p.id, fresh.id] });
      expect(response.status).toBe(200);
      expect((await stored(p.id)).status).toBe('preauth');
      expect((await stored(fresh.id)).status).toBe('confirmed');
    });
  });

  describe('mark-failed against a gateway call in flight', () => {
    it('is refused with 409 while the capture runs; the capture ends with the gateway’s truth and one audited outcome', async () => {
      const p = await payment({}, slowCard);
      const capture = admin.post(`/api/payments/${p.id}/capture`, {});
      let refused: Awaited<typeof capture> | undefined;
      for (let i = 0; i < 50 && !refused; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if ((await stored(p.id)).operation === 'capture') {
          refused = await operator.post(`/api/payments/${p.id}/mark-failed`, { note: 'Looks stuck' });
        }
      }
      expect(refused?.status).toBe(409);
      expect(refused?.body.code).toBe('InvalidState');
      expect((await capture).status).toBe(200);
      const after = await stored(p.id);
      expect(after.status).toBe('confirmed');
      expect(after.operation).toBeNull();
      const outcomes = await audits(p.id);
      expect(outcomes.filter((a) => a.outcome === 'succeeded')).toEqual([
        { action: 'payment.capture', outcome: 'succeeded' },
      ]);
      expect(outcomes).toContainEqual({ action: 'payment.mark-failed', outcome: 'refused' });
    });

    it('keeps a late answer for an operation that is no longer the payment’s as an unapplied log entry, and changes nothing', async () => {
      const p = await payment({}, slowCard);
      const capture = admin.post(`/api/payments/${p.id}/capture`, {});
      for (let i = 0; i < 50 && (await stored(p.id)).operation !== 'capture'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // Meanwhile the operation stopped being the payment's (as after a give-up on a call that seemed dead).
      await app.db
        .updateTable('payments')
        .set({ status: 'rejected', operation: null, operation_key: null, operation_started_at: null })
        .where('id', '=', p.id)
        .execute();
      await capture;
      const after = await stored(p.id);
      expect(after.status).toBe('rejected');
      expect(after.captured_amount).toMatch(/^0(\.0+)?$/);
      expect(await logEntries(p.id)).toMatchObject([{ action: 'capture', success: true, unapplied: true }]);
      expect((await admin.get('/api/needs-attention')).body.unapplied_answers).toBeGreaterThanOrEqual(1);
      const listed = await admin.get(
        `/api/log-entries?filter=${encodeURIComponent(JSON.stringify({ unapplied: true }))}`,
      );
      expect(listed.body.map((e: { payment_id: number }) => e.payment_id)).toContain(p.id);
    });
  });

  describe('fraud decisions', () => {
    it('a reject of a waiting payment rejects the fraud status and leaves the payment waiting (nothing to return)', async () => {
      const p = await payment({ status: 'waiting', fraud_status: 'review' });
      const response = await analyst.post(`/api/payments/${p.id}/fraud-decision`, {
        decision: 'reject',
        note: 'Stolen',
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'waiting', fraud_status: 'reject' });
      expect(await logEntries(p.id)).toHaveLength(0);
    });

    it('audits the decision in the transaction that records it', async () => {
      const p = await payment({ status: 'waiting', fraud_status: 'review' });
      await analyst.post(`/api/payments/${p.id}/fraud-decision`, { decision: 'accept', note: 'Known customer' });
      expect(await audits(p.id)).toEqual([{ action: 'payment.fraud-accept', outcome: 'succeeded' }]);
    });
  });

  describe('fraud reviews open and close', () => {
    it('analysts open one by hand with a note; it records why it was opened', async () => {
      const p = await payment({ status: 'confirmed', captured_amount: '120.00' });
      expect((await operator.post(`/api/payments/${p.id}/fraud-review`, { note: 'Odd' })).status).toBe(403);
      expect((await analyst.post(`/api/payments/${p.id}/fraud-review`, {})).status).toBe(400);
      const response = await analyst.post(`/api/payments/${p.id}/fraud-review`, { note: 'Chargeback on a twin order' });
      expect(response.status).toBe(200);
      expect(response.body.fraud_status).toBe('review');
      expect(await reviewsOf(p.id)).toMatchObject([
        { opened_reason: 'manual', note: 'Chargeback on a twin order', closed_at: null },
      ]);
      expect((await analyst.post(`/api/payments/${p.id}/fraud-review`, { note: 'Again' })).status).toBe(409);
      const queue = await analyst.get('/api/fraud-reviews');
      expect(queue.body.map((r: { id: number }) => r.id)).toContain(p.id);
    });

    it('the gateway’s fraud screen opens one as a rule', async () => {
      const key = (await admin.post('/api/api-keys', { name: 'Shop' })).body.key;
      const product = (await admin.post('/api/products', { name: 'Game', price: '9.99', currency: 'USD' })).body;
      const response = await app.client().post(
        '/api/v1/transactions',
        {
          price: '9.99',
          currency: 'USD',
          pay_method: 'CARD',
          product_id: product.id,
          carrier: 'T',
          region: 310,
          callback_url: 'https://shop.example.com/cb',
          card: { number: '4000000000009235', exp_month: 12, exp_year: 2031, cvv: '123' },
        },
        { authorization: `Bearer ${key}` },
      );
      expect(response.status).toBe(201);
      const { payment_id } = await app.db
        .selectFrom('transactions')
        .select('payment_id')
        .where('token', '=', response.body.token)
        .executeTakeFirstOrThrow();
      expect((await stored(payment_id)).fraud_status).toBe('review');
      expect(await reviewsOf(payment_id)).toMatchObject([{ opened_reason: 'rule', opened_by: null, closed_at: null }]);
    });

    it('closes when the payment is fully refunded: it leaves the queue and its history says why', async () => {
      const p = await payment({ status: 'confirmed', fraud_status: 'review', captured_amount: '120.00' });
      await app.db.insertInto('fraud_reviews').values({ payment_id: p.id, opened_reason: 'rule' }).execute();
      const refund = await admin.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id });
      expect(refund.status).toBe(200);
      expect(refund.body.status).toBe('refunded');
      expect(refund.body.fraud_status).not.toBe('review');
      expect(await reviewsOf(p.id)).toMatchObject([{ closed_reason: 'refunded' }]);
      expect((await analyst.get('/api/fraud-reviews')).body.map((r: { id: number }) => r.id)).not.toContain(p.id);
    });

    it('closes when the payment is voided, and not on a partial refund', async () => {
      const voided = await payment({ status: 'preauth', fraud_status: 'review' });
      await app.db.insertInto('fraud_reviews').values({ payment_id: voided.id, opened_reason: 'rule' }).execute();
      expect((await admin.post(`/api/payments/${voided.id}/void`, {})).status).toBe(200);
      expect(await reviewsOf(voided.id)).toMatchObject([{ closed_reason: 'voided' }]);

      const partly = await payment({ status: 'confirmed', fraud_status: 'review', captured_amount: '120.00' });
      await app.db.insertInto('fraud_reviews').values({ payment_id: partly.id, opened_reason: 'rule' }).execute();
      await admin.post(`/api/payments/${partly.id}/refund`, { reason_id: reason.id, amount: '20.00' });
      expect((await stored(partly.id)).fraud_status).toBe('review');
      expect(await reviewsOf(partly.id)).toMatchObject([{ closed_at: null }]);
    });
  });

  describe('two-person approval', () => {
    it('fails closed: a refund in a currency with no threshold (KWD 5,000.000) waits for approval', async () => {
      const p = await payment({ currency: 'KWD', total: '5000.000', status: 'confirmed', captured_amount: '5000.000' });
      const response = await admin.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id });
      expect(response.status).toBe(202);
      expect(response.body.pending_approval_id).toEqual(expect.any(Number));
      expect((await stored(p.id)).refunded_amount).toMatch(/^0(\.0+)?$/);
      expect(await logEntries(p.id)).toHaveLength(0);
    });

    it('applies the threshold to a payment’s refunds together: 1,000 + 1,000 of 2,500.00 makes the second wait', async () => {
      const p = await payment({ total: '2500.00', status: 'confirmed', captured_amount: '2500.00' });
      const first = await admin.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id, amount: '1000.00' });
      expect(first.status).toBe(200);
      const second = await admin.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id, amount: '1000.00' });
      expect(second.status).toBe(202);
      expect(second.body).toMatchObject({ refunded_amount: '1000.00', reserved_amount: '1000.00' });
    });

    it('counts what approvals reserve in refundable_amount, and says so when a refund is above it', async () => {
      const p = await payment({ total: '1800.00', status: 'confirmed', captured_amount: '1800.00' });
      const waiting = await admin.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id, amount: '1500.00' });
      expect(waiting.status).toBe(202);
      expect(waiting.body).toMatchObject({ refundable_amount: '300.00', reserved_amount: '1500.00' });
      const over = await admin.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id, amount: '400.00' });
      expect(over.status).toBe(422);
      expect(over.body.code).toBe('AmountExceeded');
      expect(over.body.message).toContain('only 300.00 is left to refund');
      // What is left can still be asked for; it waits too: the threshold counts the payment's refunds together.
      const rest = await admin.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id, amount: '300.00' });
      expect(rest.status).toBe(202);
      expect(rest.body.refundable_amount).toBe('0.00');
    });

    it('audits a rejection in the transaction that records it', async () => {
      const p = await payment({ total: '1800.00', status: 'confirmed', captured_amount: '1800.00' });
      const id = (await admin.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id })).body.pending_approval_id;
      const finance = await app.signedIn('finance');
      expect((await finance.post(`/api/refund-approvals/${id}/reject`, { note: 'No return received' })).status).toBe(
        200,
      );
      expect(await audits(p.id)).toContainEqual({ action: 'payment.refund-reject', outcome: 'succeeded' });
      expect((await admin.get(`/api/payments/${p.id}`)).body.refundable_amount).toBe('1800.00');
    });
  });

  describe('order payment_state', () => {
    it('is null for carts', async () => {
      const p = await payment({ order_state: 'cart', status: 'waiting' });
      await admin.post(`/api/payments/${p.id}/invalidate`, {});
      expect((await orderOf(p.id)).payment_state).toBeNull();
    });

    it('a canceled order still holding money is credit_owed, also after a partial refund, and void once all is returned', async () => {
      const p = await payment({
        order_state: 'canceled',
        status: 'confirmed',
        total: '80.00',
        captured_amount: '80.00',
      });
      await admin.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id, amount: '30.00' });
      expect((await orderOf(p.id)).payment_state).toBe('credit_owed');
      await admin.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id });
      expect((await orderOf(p.id)).payment_state).toBe('void');
    });

    it('a refund of a completed order is a reimbursement: the order stays paid', async () => {
      const p = await payment({ status: 'confirmed', total: '80.00', captured_amount: '80.00' });
      await admin.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id, amount: '10.00' });
      expect((await orderOf(p.id)).payment_state).toBe('paid');
    });

    it('a refund whose outcome is unknown does not make a paid order failed', async () => {
      const sandbox = await givenPaymentMethod(app.db, { name: 'Unreachable', type: 'sandbox' });
      await app.db
        .updateTable('payment_methods')
        .set({ preferences: JSON.stringify({ base_url: 'http://127.0.0.1:9', api_key: 'k', timeout_ms: 300 }) })
        .where('id', '=', sandbox.id)
        .execute();
      const p = await payment({ status: 'confirmed', total: '80.00', captured_amount: '80.00' }, sandbox);
      const response = await admin.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id, amount: '10.00' });
      expect(response.status).toBe(502);
      expect((await stored(p.id)).status).toBe('error');
      expect((await orderOf(p.id)).payment_state).toBe('paid');
      const failed = await sql<{
        n: string;
      }>`SELECT count(*) AS n FROM orders WHERE state = 'cart' AND payment_state IS NOT NULL`.execute(app.db);
      expect(Number(failed.rows[0]!.n)).toBe(0);
    });
  });

  describe('the wire form', () => {
    it('carries refundable_amount and authorization_expires_at, and no operation bookkeeping but its kind', async () => {
      const p = await payment();
      const body = (await admin.get(`/api/payments/${p.id}`)).body;
      expect(body).toMatchObject({ refundable_amount: '0.00', operation: null });
      expect(body.authorization_expires_at).toBe(new Date(p.created_at.getTime() + 7 * 86_400_000).toISOString());
      for (const hidden of ['operation_key', 'operation_amount', 'operation_from_status']) {
        expect(body).not.toHaveProperty(hidden);
      }
      const list = (await admin.get('/api/payments')).body;
      for (const row of list) expect(row).not.toHaveProperty('operation_key');
    });
  });
});
