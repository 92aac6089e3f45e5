import type { GatewayAction } from '@paydesk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow, RefundReasonRow } from '../src/db/schema.ts';
import { givenPayment, givenPaymentMethod, givenRefundReason } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

/** Money moves exactly once: double clicks, retries and two staff members at once are harmless. */
describe(`exactly once under concurrency (${TEST_DB})`, () => {
  let app: TestApp;
  let capturers: ApiClient[];
  let refunders: ApiClient[];
  let staff: ApiClient[];
  let slowCard: PaymentMethodRow;
  let reason: RefundReasonRow;

  beforeAll(async () => {
    app = await startTestApp();
    const [admin, operator, finance] = [
      await app.signedIn('admin'),
      await app.signedIn('operator'),
      await app.signedIn('finance'),
    ];
    // Two staff members at once, as their roles allow.
    capturers = [admin, operator];
    refunders = [admin, finance];
    staff = [admin, operator];
    // 50 ms of simulated gateway time, so that concurrent requests overlap while the call is in flight.
    slowCard = await givenPaymentMethod(app.db, { name: 'Slow card' });
    await app.db
      .updateTable('payment_methods')
      .set({ preferences: JSON.stringify({ latency_ms: 50 }) })
      .where('id', '=', slowCard.id)
      .execute();
    slowCard = await app.db
      .selectFrom('payment_methods')
      .selectAll()
      .where('id', '=', slowCard.id)
      .executeTakeFirstOrThrow();
    reason = await givenRefundReason(app.db);
  });
  afterAll(() => app.close());

  const logEntries = (paymentId: number, action: GatewayAction) =>
    app.db
      .selectFrom('log_entries')
      .selectAll()
      .where('payment_id', '=', paymentId)
      .where('action', '=', action)
      .execute();

  it('20 concurrent captures of one payment: one gateway call, one success, 409 for the rest', async () => {
    const { payment } = await givenPayment(app.db, slowCard, { total: '200.00' });
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        capturers[i % capturers.length]!.post(`/api/payments/${payment.id}/capture`, { amount: '150.00' }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const refused of responses.filter((r) => r.status === 409)) expect(refused.body.code).toBe('InvalidState');
    expect(await logEntries(payment.id, 'capture')).toHaveLength(1);
    const stored = await app.db
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', payment.id)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('confirmed');
    expect(stored.captured_amount).toMatch(/^150\.0+$/);
  });

  it('concurrent refunds that together exceed the captured amount never refund more than was captured', async () => {
    const { payment } = await givenPayment(app.db, slowCard, {
      status: 'confirmed',
      total: '100.00',
      captured_amount: '100.00',
    });
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        refunders[i % refunders.length]!.post(`/api/payments/${payment.id}/refund`, {
          amount: '30.00',
          reason_id: reason.id,
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 422)).toHaveLength(7);
    const stored = await app.db
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', payment.id)
      .executeTakeFirstOrThrow();
    expect(stored.refunded_amount).toMatch(/^90\.0+$/);
    const refunds = await app.db.selectFrom('refunds').selectAll().where('payment_id', '=', payment.id).execute();
    expect(refunds.filter((r) => r.status === 'succeeded')).toHaveLength(3);
    expect(refunds).toHaveLength(3);
    expect(await logEntries(payment.id, 'refund')).toHaveLength(3);
  });

  it('a double-clicked capture with one Idempotency-Key runs once; the second waits its turn or replays', async () => {
    const { payment } = await givenPayment(app.db, slowCard, { total: '42.00' });
    const [first, second] = await Promise.all([
      staff[0]!.post(`/api/payments/${payment.id}/capture`, {}, { 'idempotency-key': 'double-click' }),
      staff[0]!.post(`/api/payments/${payment.id}/capture`, {}, { 'idempotency-key': 'double-click' }),
    ]);
    const codes = [first, second].map((r) => (r.status === 200 ? 'ok' : r.body.code)).sort();
    // Either the second arrived while the first ran, or after it finished and was replayed.
    expect([
      ['RequestInProgress', 'ok'],
      ['ok', 'ok'],
    ]).toContainEqual(codes);
    expect(await logEntries(payment.id, 'capture')).toHaveLength(1);
    const replay = await staff[0]!.post(
      `/api/payments/${payment.id}/capture`,
      {},
      { 'idempotency-key': 'double-click' },
    );
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await logEntries(payment.id, 'capture')).toHaveLength(1);
  });

  it('a retry while the first request is still running is a 409 RequestInProgress', async () => {
    // A gateway that takes a second, so the first request is surely still running when the retry comes.
    const slower = await givenPaymentMethod(app.db, { name: 'Very slow card' });
    await app.db
      .updateTable('payment_methods')
      .set({ preferences: JSON.stringify({ latency_ms: 1000 }) })
      .where('id', '=', slower.id)
      .execute();
    const { payment } = await givenPayment(
      app.db,
      { ...slower, preferences: { latency_ms: 1000 } },
      { total: '43.00' },
    );
    const first = staff[1]!.post(`/api/payments/${payment.id}/capture`, {}, { 'idempotency-key': 'in-flight' });
    // The retry is sent once the first request holds the key.
    for (let i = 0; i < 200; i++) {
      if (await app.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'in-flight').executeTakeFirst())
        break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const retry = await staff[1]!.post(`/api/payments/${payment.id}/capture`, {}, { 'idempotency-key': 'in-flight' });
    expect(retry.status).toBe(409);
    expect(retry.body.code).toBe('RequestInProgress');
    expect((await first).status).toBe(200);
    expect(await logEntries(payment.id, 'capture')).toHaveLength(1);
  });

  it('capture and void racing on one authorization: exactly one wins', async () => {
    const { payment } = await givenPayment(app.db, slowCard, { total: '60.00' });
    const [capture, voided] = await Promise.all([
      staff[0]!.post(`/api/payments/${payment.id}/capture`),
      staff[1]!.post(`/api/payments/${payment.id}/void`),
    ]);
    expect([capture.status, voided.status].sort()).toEqual([200, 409]);
    const entries = await app.db.selectFrom('log_entries').selectAll().where('payment_id', '=', payment.id).execute();
    expect(entries).toHaveLength(1);
  });
});
