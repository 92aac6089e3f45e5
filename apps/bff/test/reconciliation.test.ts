import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobWorker } from '../src/jobs/worker.ts';
import { enqueueJob } from '../src/jobs/jobs.repository.ts';
import { reconcileSweep } from '../src/reconciliation/reconciler.ts';
import { defaultGateways } from '../src/gateways/registry.ts';
import type { PaymentMethodRow, RefundReasonRow } from '../src/db/schema.ts';
import { givenPayment, givenPaymentMethod, givenRefundReason } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

describe(`reconciliation of unknown outcomes (${TEST_DB})`, () => {
  let app: TestApp;
  let staff: ApiClient;
  let card: PaymentMethodRow;
  let reason: RefundReasonRow;

  beforeAll(async () => {
    app = await startTestApp();
    staff = await app.signedIn('admin');
    card = await givenPaymentMethod(app.db);
    reason = await givenRefundReason(app.db);
  });
  afterAll(() => app.close());

  const stored = (id: number) =>
    app.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const retrieves = (id: number) =>
    app.db
      .selectFrom('log_entries')
      .selectAll()
      .where('payment_id', '=', id)
      .where('action', '=', 'retrieve')
      .execute();

  it('settles a capture that timed out: the gateway never received it, so the authorization stands', async () => {
    const { payment } = await givenPayment(app.db, card, { total: '20.05' });
    expect((await staff.post(`/api/payments/${payment.id}/capture`)).status).toBe(502);
    expect(await stored(payment.id)).toMatchObject({ status: 'error', operation: 'capture' });
    expect((await staff.get('/api/needs-attention')).body.payments_in_error).toBeGreaterThan(0);
    expect(
      (await staff.list('payments', { filter: { attention: 'error' } })).body.map((p: { id: number }) => p.id),
    ).toContain(payment.id);

    // Reconcile takes no body (the contract's EmptyRequest): an unknown field is refused before the gateway is asked.
    const withStatus = await staff.post(`/api/payments/${payment.id}/reconcile`, { status: 'preauth' });
    expect(withStatus.status).toBe(400);
    expect(withStatus.body.message).toEqual({ body: 'Unknown field: status.' });
    expect(await retrieves(payment.id)).toHaveLength(0);

    const response = await staff.post(`/api/payments/${payment.id}/reconcile`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      reconciliation: 'settled',
      status: 'preauth',
      operation: null,
      captured_amount: '0.00',
    });
    expect(await retrieves(payment.id)).toHaveLength(1);
    expect((await staff.post(`/api/payments/${payment.id}/capture`, { amount: '20.00' })).body.status).toBe(
      'confirmed',
    );
  });

  it('settles a refund that timed out: failed, its amount free again, the payment confirmed', async () => {
    const { payment } = await givenPayment(app.db, card, {
      status: 'confirmed',
      total: '50.00',
      captured_amount: '50.00',
    });
    expect(
      (await staff.post(`/api/payments/${payment.id}/refund`, { amount: '10.05', reason_id: reason.id })).status,
    ).toBe(502);
    await app.db
      .updateTable('refunds')
      .set({ created_at: new Date(Date.now() - 120_000) })
      .where('payment_id', '=', payment.id)
      .execute();
    expect(
      (await staff.list('payments', { filter: { attention: 'pending_refund' } })).body.map((p: { id: number }) => p.id),
    ).toContain(payment.id);

    const response = await staff.post(`/api/payments/${payment.id}/reconcile`);
    expect(response.body).toMatchObject({
      reconciliation: 'settled',
      status: 'confirmed',
      refunded_amount: '0.00',
      refundable_amount: '50.00',
    });
    const refund = await app.db
      .selectFrom('refunds')
      .selectAll()
      .where('payment_id', '=', payment.id)
      .executeTakeFirstOrThrow();
    expect(refund.status).toBe('failed');
    expect(await retrieves(payment.id)).toMatchObject([{ refund_id: refund.id }]);
  });

  it('settles a call stuck in flight (its process died) once it is old enough, in the background sweep', async () => {
    const { payment } = await givenPayment(app.db, card, { total: '30.00' });
    await app.db
      .updateTable('payments')
      .set({
        operation: 'capture',
        operation_key: `capture-${payment.id}-dead`,
        operation_amount: '30.00',
        operation_from_status: 'preauth',
        operation_started_at: new Date(Date.now() - 10 * 60_000),
        // The bogus gateway runs in this process: nothing of a call can land after it began.
        operation_deadline: new Date(Date.now() - 10 * 60_000),
      })
      .where('id', '=', payment.id)
      .execute();
    expect(
      (await staff.list('payments', { filter: { attention: 'stuck' } })).body.map((p: { id: number }) => p.id),
    ).toContain(payment.id);

    await enqueueJob(app.db, 'reconcile', {});
    const worker = new JobWorker({
      db: app.db,
      logger: pino({ level: 'silent' }),
      handlers: { reconcile: reconcileSweep({ db: app.db, gateways: defaultGateways() }) },
    });
    await worker.runOnce();
    expect(await stored(payment.id)).toMatchObject({ status: 'preauth', operation: null });
  });

  it('sends a stuck capture with no known deadline again under its own key, and records the answer', async () => {
    const { payment } = await givenPayment(app.db, card, { total: '32.00' });
    await app.db
      .updateTable('payments')
      .set({
        operation: 'capture',
        operation_key: `capture-${payment.id}-dead`,
        operation_amount: '32.00',
        operation_from_status: 'preauth',
        operation_started_at: new Date(Date.now() - 10 * 60_000),
        operation_deadline: null,
      })
      .where('id', '=', payment.id)
      .execute();
    expect((await staff.post(`/api/payments/${payment.id}/reconcile`)).body).toMatchObject({
      reconciliation: 'settled',
      status: 'confirmed',
      captured_amount: '32.00',
      operation: null,
    });
    const entries = await app.db
      .selectFrom('log_entries')
      .select(['action', 'success', 'params'])
      .where('payment_id', '=', payment.id)
      .orderBy('id')
      .execute();
    expect(entries.map((e) => [e.action, e.success])).toEqual([
      ['retrieve', false],
      ['capture', true],
    ]);
  });

  it('leaves a call that is still in flight alone', async () => {
    const { payment } = await givenPayment(app.db, card, { total: '31.00' });
    await app.db
      .updateTable('payments')
      .set({ operation: 'capture', operation_key: 'k', operation_started_at: new Date() })
      .where('id', '=', payment.id)
      .execute();
    expect((await staff.post(`/api/payments/${payment.id}/reconcile`)).body.reconciliation).toBe('nothing to do');
    expect((await stored(payment.id)).operation).toBe('capture');
  });

  it('says an error with nothing to ask the gateway about stays unknown', async () => {
    const { payment } = await givenPayment(app.db, card, { status: 'error' });
    expect((await staff.post(`/api/payments/${payment.id}/reconcile`)).body).toMatchObject({
      reconciliation: 'unknown',
      status: 'error',
    });
  });

  it('lets staff mark an unresolvable payment failed, with a note', async () => {
    const { payment } = await givenPayment(app.db, card, { total: '40.05' });
    await staff.post(`/api/payments/${payment.id}/capture`);
    expect((await staff.post(`/api/payments/${payment.id}/mark-failed`, {})).status).toBe(400);
    const response = await staff.post(`/api/payments/${payment.id}/mark-failed`, {
      note: 'Gateway support confirmed no capture',
    });
    expect(response.body).toMatchObject({ status: 'rejected', operation: null });
    const audit = await app.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'payment.mark-failed')
      .where('record_id', '=', String(payment.id))
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ outcome: 'succeeded', note: 'Gateway support confirmed no capture' });
    expect((await staff.post(`/api/payments/${payment.id}/mark-failed`, { note: 'again' })).status).toBe(409);
    const viewer = await app.signedIn('viewer');
    expect((await viewer.post(`/api/payments/${payment.id}/reconcile`)).status).toBe(403);
  });
});
