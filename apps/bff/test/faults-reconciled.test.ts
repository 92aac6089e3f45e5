import { setTimeout as sleep } from 'node:timers/promises';
import { gatewayOrderId } from '@paydesk/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentMethodRow, RefundReasonRow } from '../src/db/schema.ts';
import { CLOCK_SKEW_ALLOWANCE_MS } from '../src/gateways/sandbox.gateway.ts';
import { givenPayment, givenRefundReason } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';
import { startSandbox, type Sandbox, withMethodTimeout } from './simulator.ts';

/**
 * Every fault of the gateway simulator, then the reconciler: each payment ends where the gateway says it
 * is, with no double capture and no lost refund.
 */
const SIM_KEY = 'reconcile-test-key';
/** The method's timeout for the call a fault is set for: a call the simulator holds is given up on then. */
const TIMEOUT_MS = 400;
/**
 * The method's timeout for every other call (setting up, reconciling, trying again): the simulator answers
 * those at once, and on a loaded machine "at once" can take longer than TIMEOUT_MS, which would be a fault
 * the test did not set.
 */
const CALM_TIMEOUT_MS = 15_000;
/** How long the simulator holds a slow call: past its timeout and its deadline. */
const HELD_MS = 2_500;

describe(`faults settled by the reconciler (${TEST_DB})`, () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let staff: ApiClient;
  let method: PaymentMethodRow;
  let reason: RefundReasonRow;

  beforeAll(async () => {
    app = await startTestApp();
    staff = await app.signedIn('admin');
    sandbox = await startSandbox(app, staff, SIM_KEY, CALM_TIMEOUT_MS);
    method = sandbox.method;
    reason = await givenRefundReason(app.db);
  });
  afterAll(async () => {
    await app?.close();
    await sandbox?.simulator.close();
  });
  beforeEach(async () => {
    await sim('POST', '/_reset');
  });

  /** The next call of `path` meets `fault` (mode and options), made with the short timeout; the others after it do not. */
  const faulted = async <T>(fault: Record<string, unknown>, call: () => Promise<T>): Promise<T> => {
    await sim('POST', '/_faults', { count: 1, ...fault });
    return withMethodTimeout(app.db, method.id, { ms: TIMEOUT_MS, after: CALM_TIMEOUT_MS }, call);
  };

  /** The simulator's answer body. */
  const sim = async (httpMethod: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    (await sandbox.sim(httpMethod, path, body, headers)).body;
  const stored = (id: number) =>
    app.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const refundsOf = (id: number) => app.db.selectFrom('refunds').selectAll().where('payment_id', '=', id).execute();
  const executed = async (kind: string) => ((await sim('GET', '/_stats')).executed?.[kind] ?? 0) as number;

  async function payment(total: string, status: 'preauth' | 'confirmed' = 'preauth') {
    const { order, payment } = await givenPayment(app.db, method, {
      total,
      status,
      captured_amount: status === 'confirmed' ? total : '0',
    });
    const charged = await sim(
      'POST',
      status === 'confirmed' ? '/v1/purchase' : '/v1/authorize',
      {
        amount: Math.round(Number(total) * 100),
        currency: 'USD',
        order_id: gatewayOrderId(order.number, payment.identifier),
        card: { number: '4111111111111111', month: 12, year: 2030 },
      },
      { 'idempotency-key': `setup-${payment.id}` },
    );
    await app.db.updateTable('payments').set({ transaction_id: charged.id }).where('id', '=', payment.id).execute();
    return payment;
  }
  /** The transaction as the gateway holds it. */
  const atGateway = async (id: number) => sim('GET', `/v1/transactions/${(await stored(id)).transaction_id}`);
  /** Past the deadline of a call made now: the method's timeout and the clock-skew allowance. */
  const pastDeadline = () => sleep(TIMEOUT_MS + CLOCK_SKEW_ALLOWANCE_MS + 50);
  /** A call the simulator held for HELD_MS has had its turn (and, past its deadline, ran nothing). */
  const heldCallEnded = () => sleep(HELD_MS);
  /** However slow this machine is, the lost call is still within its deadline when reconciled. */
  const withinDeadline = async (id: number) => {
    const later = new Date(Date.now() + 60_000);
    await app.db.updateTable('payments').set({ operation_deadline: later }).where('id', '=', id).execute();
    await app.db.updateTable('refunds').set({ gateway_deadline: later }).where('payment_id', '=', id).execute();
  };
  const reconcile = async (id: number) => {
    await app.db
      .updateTable('refunds')
      .set({ created_at: new Date(Date.now() - 120_000) })
      .where('payment_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    return staff.post(`/api/payments/${id}/reconcile`);
  };

  it.each(['timeout', 'reset'])(
    'a capture lost to %s before its deadline: sent again under its key, captured once',
    async (mode) => {
      const p = await payment('80.00');
      const capture = await faulted({ mode, path: 'capture' }, () => staff.post(`/api/payments/${p.id}/capture`));
      expect(capture.status).toBe(502);
      await withinDeadline(p.id);
      expect((await reconcile(p.id)).body).toMatchObject({
        reconciliation: 'settled',
        status: 'confirmed',
        captured_amount: '80.00',
        operation: null,
      });
      expect(await executed('capture')).toBe(1);
      expect(await atGateway(p.id)).toMatchObject({ state: 'captured', captured_amount: 8000 });
    },
  );

  it('a capture the gateway answered 500 to: it cannot land later, so the authorization stands; captured once after', async () => {
    const p = await payment('80.00');
    await sim('POST', '/_faults', { mode: 'http500', path: 'capture', count: 1 });
    expect((await staff.post(`/api/payments/${p.id}/capture`)).status).toBe(502);
    expect((await reconcile(p.id)).body).toMatchObject({
      reconciliation: 'settled',
      status: 'preauth',
      captured_amount: '0.00',
    });
    expect((await staff.post(`/api/payments/${p.id}/capture`)).body).toMatchObject({
      status: 'confirmed',
      captured_amount: '80.00',
    });
    expect(await executed('capture')).toBe(1);
  });

  it('a slow capture asked after its deadline: "not received" is true, the late call runs nothing, never rejected', async () => {
    const p = await payment('100.00');
    const slow = await faulted({ mode: 'latency', latency_ms: HELD_MS, path: 'capture' }, () =>
      staff.post(`/api/payments/${p.id}/capture`),
    );
    expect(slow.status).toBe(502);
    await pastDeadline();
    expect((await reconcile(p.id)).body).toMatchObject({ reconciliation: 'settled', status: 'preauth' });
    expect((await staff.post(`/api/payments/${p.id}/capture`)).body).toMatchObject({
      status: 'confirmed',
      captured_amount: '100.00',
    });
    await heldCallEnded();
    expect(await executed('capture')).toBe(1);
    expect(await atGateway(p.id)).toMatchObject({ state: 'captured', captured_amount: 10000 });
    expect((await staff.get(`/api/payments/${p.id}`)).body).toMatchObject({
      status: 'confirmed',
      captured_amount: '100.00',
    });
  });

  it('a slow refund: sent again before its deadline, or failed after it — either way the gateway refunds what Paydesk counts', async () => {
    const early = await payment('100.00', 'confirmed');
    const first = await faulted({ mode: 'latency', latency_ms: HELD_MS, path: 'refund' }, () =>
      staff.post(`/api/payments/${early.id}/refund`, { amount: '40.00', reason_id: reason.id }),
    );
    expect(first.status).toBe(502);
    await withinDeadline(early.id);
    expect((await reconcile(early.id)).body).toMatchObject({ reconciliation: 'settled', refunded_amount: '40.00' });
    await heldCallEnded();
    expect(await atGateway(early.id)).toMatchObject({ refunded_amount: 4000 });
    expect(await executed('refund')).toBe(1);

    const late = await payment('100.00', 'confirmed');
    const lateRefund = await faulted({ mode: 'latency', latency_ms: HELD_MS, path: 'refund' }, () =>
      staff.post(`/api/payments/${late.id}/refund`, { amount: '40.00', reason_id: reason.id }),
    );
    expect(lateRefund.status).toBe(502);
    await pastDeadline();
    expect((await reconcile(late.id)).body).toMatchObject({ reconciliation: 'settled', refunded_amount: '0.00' });
    expect((await refundsOf(late.id)).map((r) => r.status)).toEqual(['failed']);
    expect(
      (await staff.post(`/api/payments/${late.id}/refund`, { amount: '40.00', reason_id: reason.id })).body
        .refunded_amount,
    ).toBe('40.00');
    await heldCallEnded();
    expect(await atGateway(late.id)).toMatchObject({ refunded_amount: 4000 });
    expect((await staff.get(`/api/payments/${late.id}`)).body).toMatchObject({ refunded_amount: '40.00' });
  });

  it('a capture that succeeded but answered an error: settled as captured, never captured twice', async () => {
    const p = await payment('90.00');
    await sim('POST', '/_faults', { mode: 'succeed_then_error', path: 'capture', count: 1 });
    expect((await staff.post(`/api/payments/${p.id}/capture`, { amount: '70.00' })).status).toBe(502);
    expect((await staff.post(`/api/payments/${p.id}/capture`)).status).toBe(409);
    expect((await reconcile(p.id)).body).toMatchObject({
      reconciliation: 'settled',
      status: 'confirmed',
      captured_amount: '70.00',
    });
    expect(await executed('capture')).toBe(1);
    const order = await app.db
      .selectFrom('orders')
      .select('payment_state')
      .where('id', '=', p.order_id)
      .executeTakeFirstOrThrow();
    expect(order.payment_state).toBe('balance_due');
  });

  it('a refund lost to a timeout before its deadline: sent again under its key, refunded once', async () => {
    const p = await payment('60.00', 'confirmed');
    const lost = await faulted({ mode: 'timeout', path: 'refund' }, () =>
      staff.post(`/api/payments/${p.id}/refund`, { amount: '25.00', reason_id: reason.id }),
    );
    expect(lost.status).toBe(502);
    await withinDeadline(p.id);
    expect((await reconcile(p.id)).body).toMatchObject({ status: 'confirmed', refunded_amount: '25.00' });
    expect((await refundsOf(p.id)).map((r) => r.status)).toEqual(['succeeded']);
    expect(await executed('refund')).toBe(1);
  });

  it('a refund lost to a 500: failed at once, the money still refundable, refunded once after', async () => {
    const p = await payment('60.00', 'confirmed');
    await sim('POST', '/_faults', { mode: 'http500', path: 'refund', count: 1 });
    expect((await staff.post(`/api/payments/${p.id}/refund`, { amount: '25.00', reason_id: reason.id })).status).toBe(
      502,
    );
    expect((await reconcile(p.id)).body).toMatchObject({
      status: 'confirmed',
      refunded_amount: '0.00',
      refundable_amount: '60.00',
    });
    expect((await refundsOf(p.id)).map((r) => r.status)).toEqual(['failed']);
    expect(
      (await staff.post(`/api/payments/${p.id}/refund`, { amount: '25.00', reason_id: reason.id })).body
        .refunded_amount,
    ).toBe('25.00');
    expect(await executed('refund')).toBe(1);
  });

  it('a refund that succeeded but answered an error: counted once, never lost', async () => {
    const p = await payment('60.00', 'confirmed');
    await sim('POST', '/_faults', { mode: 'succeed_then_error', path: 'refund', count: 1 });
    expect((await staff.post(`/api/payments/${p.id}/refund`, { reason_id: reason.id })).status).toBe(502);
    expect((await reconcile(p.id)).body).toMatchObject({
      reconciliation: 'settled',
      status: 'refunded',
      refunded_amount: '60.00',
    });
    expect((await refundsOf(p.id)).map((r) => r.status)).toEqual(['succeeded']);
    expect(await executed('refund')).toBe(1);
  });

  it('a void lost to a reset is sent again under its key; one that succeeded but answered an error is settled as void', async () => {
    const lost = await payment('30.00');
    await sim('POST', '/_faults', { mode: 'reset', path: 'void', count: 1 });
    expect((await staff.post(`/api/payments/${lost.id}/void`)).status).toBe(502);
    await withinDeadline(lost.id);
    expect((await reconcile(lost.id)).body.status).toBe('void');
    expect(await executed('void')).toBe(1);

    const done = await payment('31.00');
    await sim('POST', '/_faults', { mode: 'succeed_then_error', path: 'void', count: 1 });
    expect((await staff.post(`/api/payments/${done.id}/void`)).status).toBe(502);
    expect((await reconcile(done.id)).body.status).toBe('void');
  });

  it('when the gateway cannot be asked, the payment stays in error for a later try', async () => {
    const p = await payment('40.00');
    await faulted({ mode: 'timeout', path: 'capture' }, () => staff.post(`/api/payments/${p.id}/capture`));
    await sim('POST', '/_faults', { mode: 'http500', path: 'retrieve', count: 1 });
    expect((await reconcile(p.id)).body).toMatchObject({ reconciliation: 'unknown', status: 'error' });
    await pastDeadline();
    expect((await reconcile(p.id)).body).toMatchObject({ reconciliation: 'settled', status: 'preauth' });
    expect((await stored(p.id)).operation).toBeNull();
  });
});
