import { PAYMENT_STATUSES, type PaymentStatus } from '@paydesk/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow, RefundReasonRow } from '../src/db/schema.ts';
import { expectMatchesContract } from './contract.ts';
import { givenPayment, givenPaymentMethod, givenRefundReason, type GivenPayment } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

describe(`payment commands (${TEST_DB})`, () => {
  let app: TestApp;
  let staff: ApiClient;
  let card: PaymentMethodRow;
  let check: PaymentMethodRow;
  let reason: RefundReasonRow;

  beforeAll(async () => {
    app = await startTestApp();
    staff = await app.signedIn('admin');
    card = await givenPaymentMethod(app.db, { name: 'Card (authorize only)' });
    check = await givenPaymentMethod(app.db, { type: 'check', name: 'Check', auto_capture: null });
    reason = await givenRefundReason(app.db);
  });
  afterAll(() => app.close());

  const payment = async (given: GivenPayment = {}, method = card) =>
    (await givenPayment(app.db, method, given)).payment;
  const logEntries = (paymentId: number) =>
    app.db.selectFrom('log_entries').selectAll().where('payment_id', '=', paymentId).orderBy('id').execute();
  const stored = (paymentId: number) =>
    app.db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirstOrThrow();
  const orderOf = (orderId: number) =>
    app.db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
  const refundsOf = (paymentId: number) =>
    app.db.selectFrom('refunds').selectAll().where('payment_id', '=', paymentId).orderBy('id').execute();

  async function expectUnchanged(paymentId: number, before: Awaited<ReturnType<typeof stored>>) {
    const after = await stored(paymentId);
    expect({ ...after, modified_at: null }).toEqual({ ...before, modified_at: null });
    expect(await logEntries(paymentId)).toHaveLength(0);
  }

  describe('POST /api/payments/:id/capture', () => {
    it('captures the whole authorization by default: confirmed, one log entry, order paid', async () => {
      const p = await payment({ total: '120.00' });
      const response = await staff.post(`/api/payments/${p.id}/capture`);
      expect(response.status).toBe(200);
      expectMatchesContract('POST', `/api/payments/${p.id}/capture`, response.status, response.body);
      expect(response.body).toMatchObject({
        id: p.id,
        status: 'confirmed',
        captured_amount: '120.00',
        refundable_amount: '120.00',
        operation: null,
      });
      const entries = await logEntries(p.id);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: 'capture',
        success: true,
        currency: 'USD',
        payment_method_id: card.id,
      });
      expect(entries[0]!.amount).toMatch(/^120\.0+$/);
      const order = await orderOf(p.order_id);
      expect(order.payment_state).toBe('paid');
      expect(order.payment_total).toMatch(/^120\.0+$/);
    });

    it('captures part of it and leaves the order with a balance due', async () => {
      const p = await payment({ total: '120.00' });
      const response = await staff.post(`/api/payments/${p.id}/capture`, { amount: '80.00' });
      expect(response.body).toMatchObject({ status: 'confirmed', captured_amount: '80.00', total: '120.00' });
      expect((await orderOf(p.order_id)).payment_state).toBe('balance_due');
    });

    it.each(PAYMENT_STATUSES.filter((s) => s !== 'preauth'))(
      'refuses a %s payment with 409 and calls no gateway',
      async (status) => {
        const p = await payment({ status: status as PaymentStatus });
        const before = await stored(p.id);
        const response = await staff.post(`/api/payments/${p.id}/capture`);
        expect(response.status).toBe(409);
        expect(response.body.code).toBe('InvalidState');
        await expectUnchanged(p.id, before);
      },
    );

    it.each(['review', 'reject'] as const)('refuses while fraud_status is %s', async (fraud_status) => {
      const p = await payment({ fraud_status });
      const before = await stored(p.id);
      const response = await staff.post(`/api/payments/${p.id}/capture`);
      expect(response.status).toBe(409);
      expect(response.body.message).toContain(fraud_status);
      await expectUnchanged(p.id, before);
    });

    it.each([
      [{ amount: '120.01' }, 422, 'AmountExceeded'],
      [{ amount: '0' }, 400, 'InvalidArgument'],
      [{ amount: '0.00' }, 400, 'InvalidArgument'],
      [{ amount: '-5.00' }, 400, 'InvalidArgument'],
      [{ amount: '10.001' }, 400, 'InvalidArgument'],
      [{ amount: 80 }, 400, 'InvalidArgument'],
      [{ amount: '80.00', extra: true }, 400, 'InvalidArgument'],
    ])('refuses %j with %i and changes nothing', async (body, status, code) => {
      const p = await payment({ total: '120.00' });
      const before = await stored(p.id);
      const response = await staff.post(`/api/payments/${p.id}/capture`, body);
      expect(response.status).toBe(status);
      expect(response.body.code).toBe(code);
      await expectUnchanged(p.id, before);
    });

    it('respects the minor unit of the currency: JPY has none', async () => {
      const p = await payment({ currency: 'JPY', total: '5000' });
      expect((await staff.post(`/api/payments/${p.id}/capture`, { amount: '4000.5' })).status).toBe(400);
      const response = await staff.post(`/api/payments/${p.id}/capture`, { amount: '4000' });
      expect(response.body).toMatchObject({ status: 'confirmed', captured_amount: '4000' });
    });

    it('answers a decline with 402 and the gateway message; the payment is rejected', async () => {
      const p = await payment({ total: '10.02' });
      const response = await staff.post(`/api/payments/${p.id}/capture`);
      expect(response.status).toBe(402);
      expectMatchesContract('POST', `/api/payments/${p.id}/capture`, response.status, response.body);
      expect(response.body).toEqual({ code: 'GatewayDeclined', message: 'The capture was declined by the issuer' });
      expect((await stored(p.id)).status).toBe('rejected');
      expect((await stored(p.id)).captured_amount).toMatch(/^0(\.0+)?$/);
      expect(await logEntries(p.id)).toMatchObject([
        { action: 'capture', success: false, error_code: 'processing_declined' },
      ]);
      expect((await orderOf(p.order_id)).payment_state).toBe('failed');
    });

    it('answers a timeout with 502 and leaves the payment in error for reconciliation', async () => {
      const p = await payment({ total: '10.05' });
      const response = await staff.post(`/api/payments/${p.id}/capture`);
      expect(response.status).toBe(502);
      expect(response.body.code).toBe('GatewayUnavailable');
      expect(await stored(p.id)).toMatchObject({
        status: 'error',
        operation: 'capture',
        operation_from_status: 'preauth',
      });
      expect(await logEntries(p.id)).toMatchObject([{ action: 'capture', success: false, error_code: 'timeout' }]);
    });

    it('records a check payment as captured without a gateway call', async () => {
      const p = await payment({ total: '45.00' }, check);
      const response = await staff.post(`/api/payments/${p.id}/capture`);
      expect(response.body).toMatchObject({ status: 'confirmed', captured_amount: '45.00' });
      expect(await logEntries(p.id)).toHaveLength(0);
    });

    it('is a 404 for a payment that does not exist', async () => {
      expect((await staff.post('/api/payments/999999/capture')).status).toBe(404);
    });

    it('records the command and its refusals in the audit trail', async () => {
      const p = await payment({ total: '20.00' });
      await staff.post(`/api/payments/${p.id}/capture`, { amount: '15.00' }, { 'idempotency-key': 'audit-1' });
      await staff.post(`/api/payments/${p.id}/capture`);
      const events = await app.db
        .selectFrom('audit_events')
        .selectAll()
        .where('record_id', '=', String(p.id))
        .orderBy('id')
        .execute();
      expect(events).toMatchObject([
        { action: 'payment.capture', outcome: 'succeeded', idempotency_key: 'audit-1', resource: 'payments' },
        { action: 'payment.capture', outcome: 'refused' },
      ]);
      expect(events[0]!.amount).toMatch(/^15\.0+$/);
    });

    it('writes a success audit event in the transaction that records the capture, an offline one in the claim', async () => {
      // xmin is the id of the transaction that wrote a row: the same for the audit event and what it audits.
      const writer = async (table: 'audit_events' | 'log_entries' | 'payments', paymentId: number) => {
        const where = {
          audit_events: sql`resource = 'payments' and record_id = ${String(paymentId)}`,
          log_entries: sql`payment_id = ${paymentId}`,
          payments: sql`id = ${paymentId}`,
        }[table];
        const { rows } = await sql<{
          x: string;
        }>`select xmin::text as x from ${sql.table(table)} where ${where}`.execute(app.db);
        return rows.map((row) => row.x);
      };
      const card = await payment({ total: '30.00' });
      await staff.post(`/api/payments/${card.id}/capture`);
      expect(await writer('audit_events', card.id)).toEqual(await writer('log_entries', card.id));
      expect(await writer('audit_events', card.id)).toEqual(await writer('payments', card.id));

      const offline = await payment({ total: '30.00' }, check);
      await staff.post(`/api/payments/${offline.id}/capture`);
      expect(await writer('audit_events', offline.id)).toEqual(await writer('payments', offline.id));
    });
  });

  describe('POST /api/payments/:id/void', () => {
    it('voids an authorization at the gateway', async () => {
      const p = await payment();
      const response = await staff.post(`/api/payments/${p.id}/void`);
      expect(response.body.status).toBe('void');
      expect(await logEntries(p.id)).toMatchObject([{ action: 'void', success: true }]);
    });

    it.each(['waiting', 'input'] as const)('voids a %s payment without a gateway call', async (status) => {
      const p = await payment({ status });
      expect((await staff.post(`/api/payments/${p.id}/void`)).body.status).toBe('void');
      expect(await logEntries(p.id)).toHaveLength(0);
    });

    it.each(['confirmed', 'rejected', 'refunded', 'error', 'void', 'invalid'] as const)(
      'refuses a %s payment',
      async (status) => {
        const p = await payment({ status });
        const before = await stored(p.id);
        expect((await staff.post(`/api/payments/${p.id}/void`)).status).toBe(409);
        await expectUnchanged(p.id, before);
      },
    );

    it('leaves the authorization as it was when the gateway declines the void', async () => {
      const p = await payment({ total: '30.02' });
      const response = await staff.post(`/api/payments/${p.id}/void`);
      expect(response.status).toBe(402);
      expect((await stored(p.id)).status).toBe('preauth');
      expect(await logEntries(p.id)).toMatchObject([{ action: 'void', success: false }]);
    });
  });

  describe('POST /api/payments/:id/invalidate', () => {
    it.each(['waiting', 'input'] as const)('invalidates a %s payment', async (status) => {
      const p = await payment({ status });
      expect((await staff.post(`/api/payments/${p.id}/invalidate`)).body.status).toBe('invalid');
    });

    it.each(['preauth', 'confirmed', 'void'] as const)('refuses a %s payment', async (status) => {
      const p = await payment({ status });
      const before = await stored(p.id);
      expect((await staff.post(`/api/payments/${p.id}/invalidate`)).status).toBe(409);
      await expectUnchanged(p.id, before);
    });
  });

  describe('POST /api/payments/:id/refund', () => {
    const confirmed = (total = '100.00', extra: GivenPayment = {}) =>
      payment({ status: 'confirmed', total, captured_amount: total, ...extra });

    it('refunds what is left by default, with the reason and note, and marks the payment refunded', async () => {
      const p = await confirmed('100.00', { refunded_amount: '40.00' });
      const response = await staff.post(`/api/payments/${p.id}/refund`, {
        reason_id: reason.id,
        note: 'Customer called',
      });
      expect(response.status).toBe(200);
      expectMatchesContract('POST', `/api/payments/${p.id}/refund`, response.status, response.body);
      expect(response.body).toMatchObject({ status: 'refunded', refunded_amount: '100.00', refundable_amount: '0.00' });
      const refunds = await refundsOf(p.id);
      expect(refunds).toMatchObject([{ status: 'succeeded', reason_id: reason.id, note: 'Customer called' }]);
      expect(refunds[0]!.amount).toMatch(/^60\.0+$/);
      expect(await logEntries(p.id)).toMatchObject([{ action: 'refund', success: true, refund_id: refunds[0]!.id }]);
      expect((await orderOf(p.order_id)).payment_state).toBe('paid'); // a reimbursement: the order stays paid
    });

    it('refunds part and stays confirmed', async () => {
      const p = await confirmed();
      const response = await staff.post(`/api/payments/${p.id}/refund`, { amount: '25.50', reason_id: reason.id });
      expect(response.body).toMatchObject({
        status: 'confirmed',
        refunded_amount: '25.50',
        refundable_amount: '74.50',
      });
    });

    it.each([
      [{ amount: '100.01' }, 422, 'AmountExceeded'],
      [{ amount: '0' }, 400, 'InvalidArgument'],
      [{ amount: '1.999' }, 400, 'InvalidArgument'],
      [{ reason_id: undefined }, 400, 'InvalidArgument'],
      [{ reason_id: 999999 }, 400, 'InvalidArgument'],
    ])('refuses %j with %i and calls no gateway', async (body, status, code) => {
      const p = await confirmed();
      const before = await stored(p.id);
      const response = await staff.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id, ...body });
      expect(response.status).toBe(status);
      expect(response.body.code).toBe(code);
      await expectUnchanged(p.id, before);
      expect(await refundsOf(p.id)).toHaveLength(0);
    });

    it('refuses when nothing is left to refund', async () => {
      const p = await payment({
        status: 'refunded',
        total: '10.00',
        captured_amount: '10.00',
        refunded_amount: '10.00',
      });
      expect((await staff.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id })).status).toBe(409);
    });

    it.each(['preauth', 'waiting', 'rejected', 'void'] as const)('refuses a %s payment', async (status) => {
      const p = await payment({ status });
      expect((await staff.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id, amount: '1.00' })).status).toBe(
        409,
      );
      expect(await refundsOf(p.id)).toHaveLength(0);
    });

    it('records a declined refund as failed and counts no money', async () => {
      const p = await confirmed();
      const response = await staff.post(`/api/payments/${p.id}/refund`, { amount: '10.02', reason_id: reason.id });
      expect(response.status).toBe(402);
      expect(await refundsOf(p.id)).toMatchObject([{ status: 'failed' }]);
      expect(await stored(p.id)).toMatchObject({ status: 'confirmed' });
      expect((await stored(p.id)).refunded_amount).toMatch(/^0(\.0+)?$/);
    });

    it('keeps a refund pending (its amount reserved) when the gateway times out', async () => {
      const p = await confirmed();
      const response = await staff.post(`/api/payments/${p.id}/refund`, { amount: '10.05', reason_id: reason.id });
      expect(response.status).toBe(502);
      expect(await refundsOf(p.id)).toMatchObject([{ status: 'pending' }]);
      expect((await stored(p.id)).status).toBe('error');
    });

    it('records a check refund without a gateway call', async () => {
      const p = await payment({ status: 'confirmed', total: '30.00', captured_amount: '30.00' }, check);
      expect((await staff.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id })).body.status).toBe('refunded');
      expect(await logEntries(p.id)).toHaveLength(0);
    });
  });

  describe('POST /api/payments/bulk-capture', () => {
    it('captures each payment it can and says why not for the rest', async () => {
      const ok = await payment({ total: '50.00' });
      const declined = await payment({ total: '50.02' });
      const notPreauth = await payment({ status: 'confirmed', total: '5.00', captured_amount: '5.00' });
      const response = await staff.post('/api/payments/bulk-capture', {
        ids: [ok.id, declined.id, notPreauth.id, 999999],
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject([
        { id: ok.id, ok: true, payment: { status: 'confirmed', captured_amount: '50.00' } },
        { id: declined.id, ok: false, error: { code: 'GatewayDeclined' } },
        { id: notPreauth.id, ok: false, error: { code: 'InvalidState' } },
        { id: 999999, ok: false, error: { code: 'NotFound' } },
      ]);
    });

    it('validates the id list', async () => {
      expect((await staff.post('/api/payments/bulk-capture', { ids: [] })).status).toBe(400);
      expect((await staff.post('/api/payments/bulk-capture', { ids: [1, 1] })).status).toBe(400);
      expect((await staff.post('/api/payments/bulk-capture', {})).status).toBe(400);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first response without a second gateway call', async () => {
      const p = await payment({ total: '70.00' });
      const first = await staff.post(
        `/api/payments/${p.id}/capture`,
        { amount: '60.00' },
        { 'idempotency-key': 'cap-replay' },
      );
      const second = await staff.post(
        `/api/payments/${p.id}/capture`,
        { amount: '60.00' },
        { 'idempotency-key': 'cap-replay' },
      );
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await logEntries(p.id)).toHaveLength(1);
    });

    it('replays an error response too', async () => {
      const p = await payment({ total: '70.02' });
      const first = await staff.post(`/api/payments/${p.id}/capture`, {}, { 'idempotency-key': 'cap-declined' });
      const second = await staff.post(`/api/payments/${p.id}/capture`, {}, { 'idempotency-key': 'cap-declined' });
      expect([first.status, second.status]).toEqual([402, 402]);
      expect(second.body).toEqual(first.body);
      expect(await logEntries(p.id)).toHaveLength(1);
    });

    it('refuses the same key with a different request', async () => {
      const p = await payment({ total: '70.00' });
      await staff.post(`/api/payments/${p.id}/capture`, { amount: '10.00' }, { 'idempotency-key': 'cap-reused' });
      const other = await staff.post(
        `/api/payments/${p.id}/capture`,
        { amount: '20.00' },
        { 'idempotency-key': 'cap-reused' },
      );
      expect(other.status).toBe(409);
      expect(other.body.code).toBe('IdempotencyKeyReused');
    });

    it('frees a key after 24 hours: the same key then runs a new request', async () => {
      const first = await payment({ total: '70.00' });
      const second = await payment({ total: '70.00' });
      await staff.post(`/api/payments/${first.id}/capture`, {}, { 'idempotency-key': 'cap-expiring' });
      const reused = await staff.post(`/api/payments/${second.id}/capture`, {}, { 'idempotency-key': 'cap-expiring' });
      expect(reused.body.code).toBe('IdempotencyKeyReused');

      await app.db
        .updateTable('idempotency_keys')
        .set({ created_at: new Date(Date.now() - 25 * 3_600_000) })
        .where('key', '=', 'cap-expiring')
        .execute();
      const later = await staff.post(`/api/payments/${second.id}/capture`, {}, { 'idempotency-key': 'cap-expiring' });
      expect(later.status).toBe(200);
      expect(later.headers.get('idempotent-replayed')).toBeNull();
      expect(later.body).toMatchObject({ id: second.id, status: 'confirmed' });
      const replayed = await staff.post(
        `/api/payments/${second.id}/capture`,
        {},
        { 'idempotency-key': 'cap-expiring' },
      );
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(replayed.body).toEqual(later.body);
    });

    it('keeps keys per staff member', async () => {
      const p = await payment({ total: '70.00' });
      const other = await app.signedIn('operator');
      await staff.post(`/api/payments/${p.id}/capture`, {}, { 'idempotency-key': 'shared-key' });
      const response = await other.post(`/api/payments/${p.id}/capture`, {}, { 'idempotency-key': 'shared-key' });
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('InvalidState');
    });

    it('rejects a key longer than 255 characters', async () => {
      const p = await payment();
      expect(
        (await staff.post(`/api/payments/${p.id}/capture`, {}, { 'idempotency-key': 'k'.repeat(256) })).status,
      ).toBe(400);
      expect(await logEntries(p.id)).toHaveLength(0);
    });
  });
});
