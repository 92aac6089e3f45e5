import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signNotification } from '../../gateway-sim/src/operator.ts';
import { deliverCallback } from '../src/callbacks/deliver-callback.ts';
import { verifyCallbackSignature } from '../src/callbacks/signature.ts';
import { defaultGateways } from '../src/gateways/registry.ts';
import { JobWorker } from '../src/jobs/worker.ts';
import { reconcileSweep } from '../src/reconciliation/reconciler.ts';
import { paymentsToReconcile } from '../src/reconciliation/reconciliation.repository.ts';
import { expectMatchesContract } from './contract.ts';
import { givenRefundReason } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';
import { startReceiver } from './receiver.ts';
import { startSimulatorProcess, type SimulatorProcess } from './simulator.ts';

/**
 * Carrier billing end to end: the intake API's OPERATOR transactions against the operator side of the gateway
 * simulator run as its own process, the operator's signed notifications back to Paydesk over HTTP, the
 * reconciler for a lost one, refunds through the operator — each checked at the simulator's side too.
 */

const SIM_KEY = 'carrier-billing-key';
const SECRET = 'carrier-billing-notification-secret';
const LAPSE_MS = 1_500;

describe(`carrier billing through the operator (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;
  let store: ApiClient;
  let operator: SimulatorProcess;
  let slowOperator: SimulatorProcess;
  let methodId: number;
  let key: string;
  let keySecret: string;
  let productId: number;
  let reasonId: number;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: JobWorker;

  const notifyUrl = () => `${app.baseUrl}/api/webhooks/carrier/${methodId}`;
  const pointAt = (url: string) =>
    admin.put(`/api/payment-methods/${methodId}`, {
      type: 'carrier',
      name: 'Carrier billing',
      auto_capture: true,
      active: true,
      preferences: { base_url: url, timeout_ms: 3000, notify_url: notifyUrl() },
    });

  beforeAll(async () => {
    [app, operator, slowOperator] = await Promise.all([
      startTestApp(),
      startSimulatorProcess(SIM_KEY, { OPERATOR_NOTIFICATION_SECRET: SECRET }),
      startSimulatorProcess(SIM_KEY, { OPERATOR_NOTIFICATION_SECRET: SECRET, OPERATOR_LAPSE_MS: String(LAPSE_MS) }),
    ]);
    admin = await app.signedIn('admin');
    const created = await admin.post('/api/payment-methods', {
      type: 'carrier',
      name: 'Carrier billing',
      auto_capture: true,
      preferences: { base_url: operator.url, api_key: SIM_KEY, notification_secret: SECRET, timeout_ms: 3000 },
    });
    expect(created.status).toBe(201);
    methodId = created.body.id;
    expect((await pointAt(operator.url)).status).toBe(200);
    const apiKey = (await admin.post('/api/api-keys', { name: 'Ringtone shop' })).body;
    key = apiKey.key;
    keySecret = apiKey.secret;
    productId = (await admin.post('/api/products', { name: 'Ringtone', price: '4.99', currency: 'EUR' })).body.id;
    reasonId = (await givenRefundReason(app.db)).id;
    await admin.put('/api/settings/callbacks_allow_private_addresses', { value: true });
    await admin.put('/api/settings/refund_approval_thresholds', { value: { EUR: '100.00' } });
    receiver = await startReceiver();
    worker = new JobWorker({
      db: app.db,
      logger: pino({ level: 'silent' }),
      handlers: { callback: deliverCallback(app.db, { timeoutMs: 2000 }) },
    });
    store = app.client();
  }, 120_000);
  afterAll(async () => {
    await Promise.all([operator?.stop(), slowOperator?.stop(), receiver?.close()]);
    await app?.close();
  });

  const buy = async () => {
    const response = await store.post(
      '/api/v1/transactions',
      {
        price: '4.99',
        currency: 'EUR',
        pay_method: 'OPERATOR',
        product_id: productId,
        carrier: 'TMOBILE',
        region: 262,
        callback_url: receiver.url,
      },
      { authorization: `Bearer ${key}` },
    );
    expect(response.status).toBe(201);
    return response.body;
  };
  const read = async (uri: string) => (await store.get(uri, { authorization: `Bearer ${key}` })).body;
  const paymentOf = (token: string) =>
    app.db
      .selectFrom('payments')
      .innerJoin('transactions', 'transactions.payment_id', 'payments.id')
      .selectAll('payments')
      .where('transactions.token', '=', token)
      .executeTakeFirstOrThrow();
  const logOf = (paymentId: number) =>
    app.db.selectFrom('log_entries').selectAll().where('payment_id', '=', paymentId).orderBy('id').execute();
  const chargeAt = async (sim: SimulatorProcess, id: string) =>
    (await sim.sim('GET', `/operator/v1/charges/${id}`)).body;
  const notificationsAt = async (sim: SimulatorProcess, id: string) =>
    (await sim.sim('GET', `/operator/_notifications?charge_id=${id}`)).body.notifications;
  async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, ms = 15_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const settledFrom = (uri: string, status = 'pending') =>
    until(
      `${uri} to leave ${status}`,
      () => read(uri),
      (t) => t.status !== status,
    );
  /** Callbacks delivered to the storefront for this transaction, in order (the worker sends what is due). */
  async function callbacksFor(token: string) {
    await worker.runOnce();
    return receiver.received
      .filter((call) => JSON.parse(call.body).token === token)
      .map((call) => {
        expect(verifyCallbackSignature(keySecret, String(call.headers['paydesk-signature']), call.body)).toBe(true);
        return JSON.parse(call.body) as { status: string; payment_status: string; refunded_amount: string };
      });
  }
  /** An operator's notification sent by hand; its answer, whatever it is, is checked against the contract. */
  const notify = async (body: string, signature: string | null) => {
    const answer = await fetch(notifyUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'operator-signature': signature } : {}) },
      body,
    });
    expectMatchesContract('POST', notifyUrl(), answer.status, await answer.clone().json());
    return answer;
  };

  it('stores the notification secret and API key sealed, as for the other adapters', async () => {
    const row = await app.db
      .selectFrom('payment_methods')
      .select('preferences')
      .where('id', '=', methodId)
      .executeTakeFirstOrThrow();
    const preferences = row.preferences as Record<string, { sealed?: string }>;
    expect(preferences.api_key?.sealed).toMatch(/^pdsec:v1:/);
    expect(preferences.notification_secret?.sealed).toMatch(/^pdsec:v1:/);
    expect(JSON.stringify(row.preferences)).not.toContain(SECRET);
    const shown = (await admin.get(`/api/payment-methods/${methodId}`)).body;
    expect(shown.preferences.notification_secret).toEqual({ configured: true, hint: expect.anything() });
  });

  it('a purchase the buyer confirms on the operator’s page: pending with payment_url, then completed', async () => {
    const created = await buy();
    expect(created).toMatchObject({ status: 'started', payment_url: expect.stringContaining('/operator/pay/chg_') });
    const pending = await read(created.resource_uri);
    expect(pending).toMatchObject({ status: 'pending', payment_status: 'input', payment_url: created.payment_url });
    const payment = await paymentOf(created.token);
    const chargeId = created.payment_url.split('/').pop();
    expect(payment.transaction_id).toBe(chargeId);
    expect(await chargeAt(operator, chargeId)).toMatchObject({
      status: 'pending',
      reference: `purchase-${payment.id}`,
      amount: 499,
      currency: 'EUR',
      carrier: 'TMOBILE',
      region: 262,
    });

    // The buyer confirms on the simulator's own page.
    const page = await fetch(created.payment_url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=confirm',
    });
    expect(page.status).toBe(200);
    const done = await settledFrom(created.resource_uri);
    expect(done).toMatchObject({ status: 'completed', payment_status: 'confirmed', captured_amount: '4.99' });
    expect(done.payment_url).toBeUndefined();
    expect(await chargeAt(operator, chargeId)).toMatchObject({ status: 'confirmed' });
    const [sent] = await notificationsAt(operator, chargeId);
    expect(sent).toMatchObject({ type: 'charge.confirmed', outcome: 'delivered', attempts: [{ status: 200 }] });

    const log = await logOf(payment.id);
    expect(log.map((e) => [e.action, e.success, e.unapplied])).toEqual([
      ['start', true, false],
      ['purchase', true, false],
    ]);
    expect(log[1]!.params).toMatchObject({ notification_id: sent.id, notification_type: 'charge.confirmed' });
    expect((await paymentOf(created.token)).order_id).toBe(payment.order_id);
    const order = await app.db
      .selectFrom('orders')
      .select('payment_state')
      .where('id', '=', payment.order_id)
      .executeTakeFirstOrThrow();
    expect(order.payment_state).toBe('paid');

    // The storefront's signed callback followed each change: pending, then completed.
    const callbacks = await callbacksFor(created.token);
    expect(callbacks.map((c) => c.status)).toEqual(['pending', 'completed']);
  });

  it('a purchase the buyer declines is failed, and counts as a failed attempt in monitoring', async () => {
    const failuresBefore = await monitoringCounts();
    const created = await buy();
    const chargeId = created.payment_url.split('/').pop();
    expect((await operator.sim('POST', `/operator/_charges/${chargeId}/decline`)).status).toBe(200);
    const done = await settledFrom(created.resource_uri);
    expect(done).toMatchObject({ status: 'failed', payment_status: 'rejected', captured_amount: '0.00' });
    expect(await chargeAt(operator, chargeId)).toMatchObject({ status: 'declined' });
    const log = await logOf((await paymentOf(created.token)).id);
    expect(log.map((e) => [e.action, e.success, e.error_code])).toEqual([
      ['start', true, null],
      ['purchase', false, 'charge_declined'],
    ]);
    expect(await monitoringCounts()).toEqual({
      attempts: failuresBefore.attempts + 1,
      failures: failuresBefore.failures + 1,
    });
    expect((await callbacksFor(created.token)).map((c) => c.status)).toEqual(['pending', 'failed']);
  });

  /** The carrier method's attempts and failures today, as the monitoring endpoint counts them. */
  async function monitoringCounts() {
    const series = await admin.get(`/api/monitoring/failures?range=24h&payment_method_id=${methodId}`);
    expect(series.status).toBe(200);
    const buckets = series.body.buckets as { attempts: number; failures: number }[];
    return {
      attempts: buckets.reduce((n, b) => n + b.attempts, 0),
      failures: buckets.reduce((n, b) => n + b.failures, 0),
    };
  }

  it('a charge the buyer never confirms lapses at the operator, and the payment is rejected', async () => {
    expect((await pointAt(slowOperator.url)).status).toBe(200);
    try {
      const created = await buy();
      const chargeId = created.payment_url.split('/').pop();
      expect(await chargeAt(slowOperator, chargeId)).toMatchObject({ status: 'pending' });
      const done = await settledFrom(created.resource_uri);
      expect(done).toMatchObject({ status: 'failed', payment_status: 'rejected' });
      expect(await chargeAt(slowOperator, chargeId)).toMatchObject({ status: 'lapsed' });
      expect((await notificationsAt(slowOperator, chargeId))[0]).toMatchObject({
        type: 'charge.lapsed',
        outcome: 'delivered',
      });
      const log = await logOf((await paymentOf(created.token)).id);
      expect(log.at(-1)).toMatchObject({ action: 'purchase', success: false, error_code: 'charge_lapsed' });
      expect((await callbacksFor(created.token)).map((c) => c.status)).toEqual(['pending', 'failed']);
    } finally {
      await pointAt(operator.url);
    }
  });

  it('a lost notification: the reconciler asks the operator once Paydesk has heard nothing for a while', async () => {
    await operator.sim('POST', '/operator/_faults', { mode: 'notification_lost' });
    const created = await buy();
    const chargeId = created.payment_url.split('/').pop();
    const payment = await paymentOf(created.token);
    expect((await operator.sim('POST', `/operator/_charges/${chargeId}/confirm`)).status).toBe(200);
    await until(
      'the notification to be lost',
      () => notificationsAt(operator, chargeId),
      (n) => n[0]?.outcome === 'lost',
    );
    expect(await read(created.resource_uri)).toMatchObject({ status: 'pending' });

    const deps = { db: app.db, gateways: defaultGateways() };
    // A buyer still deciding is not asked about at once…
    expect(await paymentsToReconcile(app.db, 1000)).not.toContain(payment.id);
    // …only once Paydesk has heard nothing of the charge for AWAITING_BUYER_CHECK_MINUTES.
    await sql`UPDATE log_entries SET created_at = created_at - interval '6 minutes' WHERE payment_id = ${payment.id}`.execute(
      app.db,
    );
    expect(await paymentsToReconcile(app.db, 1000)).toContain(payment.id);
    await reconcileSweep(deps)();
    expect(await read(created.resource_uri)).toMatchObject({ status: 'completed', payment_status: 'confirmed' });
    expect(await chargeAt(operator, chargeId)).toMatchObject({ status: 'confirmed' });
    const log = await logOf(payment.id);
    expect(log.at(-1)).toMatchObject({ action: 'purchase', success: true, unapplied: false });
    expect(log.at(-1)!.params).toMatchObject({ action: 'retrieve', operation: 'charge' });
    expect(await paymentsToReconcile(app.db, 1000)).not.toContain(payment.id);
    expect((await callbacksFor(created.token)).map((c) => c.status)).toEqual(['pending', 'completed']);
  });

  it('a refund goes to the operator’s refund call; its notification is logged; the storefront hears refunded', async () => {
    const created = await buy();
    const chargeId = created.payment_url.split('/').pop();
    await operator.sim('POST', `/operator/_charges/${chargeId}/confirm`);
    await settledFrom(created.resource_uri);
    const payment = await paymentOf(created.token);

    const refund = await admin.post(`/api/payments/${payment.id}/refund`, { reason_id: reasonId, note: 'Asked' });
    expect(refund.status).toBe(200);
    expect(await read(created.resource_uri)).toMatchObject({ status: 'refunded', refunded_amount: '4.99' });
    expect(await chargeAt(operator, chargeId)).toMatchObject({ status: 'confirmed', refunded_amount: 499 });
    const stats = (await operator.sim('GET', '/operator/_stats')).body;
    expect(stats.refunds.succeeded).toBeGreaterThanOrEqual(1);
    const row = await app.db
      .selectFrom('refunds')
      .selectAll()
      .where('payment_id', '=', payment.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'succeeded', transaction_id: expect.stringMatching(/^rf_/) });

    const notified = await until(
      'the refund notification',
      () => logOf(payment.id),
      (log) => log.some((e) => e.action === 'refund' && (e.params as { notification_id?: string }).notification_id),
    );
    expect(notified.filter((e) => e.action === 'refund').map((e) => [e.success, e.refund_id])).toEqual([
      [true, row.id],
      [true, row.id],
    ]);
    expect((await callbacksFor(created.token)).map((c) => c.status)).toEqual(['pending', 'completed', 'refunded']);
  });

  it('a notification whose signature is wrong, missing or stale is a 400 and changes nothing; no session is needed', async () => {
    const created = await buy();
    const chargeId = created.payment_url.split('/').pop();
    const payment = await paymentOf(created.token);
    const charge = { ...(await chargeAt(operator, chargeId)), status: 'confirmed' };
    const body = JSON.stringify({ id: 'evt_forged', type: 'charge.confirmed', charge });
    for (const signature of [
      signNotification('not-the-secret', body),
      null,
      'garbage',
      signNotification(SECRET, body, new Date(Date.now() - 3_600_000)),
      signNotification(SECRET, `${body} `),
    ]) {
      const answer = await notify(body, signature);
      expect(answer.status, String(signature)).toBe(400);
      expect((await answer.json()).code).toBe('InvalidArgument');
    }
    expect(await read(created.resource_uri)).toMatchObject({ status: 'pending' });
    expect((await logOf(payment.id)).map((e) => e.action)).toEqual(['start']);

    // Signed with the method's secret, it applies — with no cookie and no CSRF token.
    const answer = await notify(body, signNotification(SECRET, body));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ received: true, result: 'applied' });
    expect(await read(created.resource_uri)).toMatchObject({ status: 'completed' });
    // An unknown method is a 404.
    const elsewhere = await fetch(`${app.baseUrl}/api/webhooks/carrier/999999`, {
      method: 'POST',
      headers: { 'operator-signature': signNotification(SECRET, body) },
      body,
    });
    expect(elsewhere.status).toBe(404);
  });

  it('a notification that arrives twice is applied once: one log entry, one callback', async () => {
    await operator.sim('POST', '/operator/_faults', { mode: 'notification_repeated' });
    const created = await buy();
    const chargeId = created.payment_url.split('/').pop();
    const payment = await paymentOf(created.token);
    await operator.sim('POST', `/operator/_charges/${chargeId}/confirm`);
    const [sent] = await until(
      'both copies to be delivered',
      () => notificationsAt(operator, chargeId),
      (n) => n[0]?.outcome === 'delivered',
    );
    expect(sent).toMatchObject({ copies: 2, attempts: [{ status: 200 }, { status: 200 }] });
    expect(await read(created.resource_uri)).toMatchObject({ status: 'completed', captured_amount: '4.99' });
    const log = await logOf(payment.id);
    expect(log.filter((e) => e.action === 'purchase')).toHaveLength(1);

    // The same notification again, by hand: recognised, nothing changes.
    const charge = await chargeAt(operator, chargeId);
    const body = JSON.stringify({ id: sent.id, type: 'charge.confirmed', charge });
    const again = await notify(body, signNotification(SECRET, body));
    expect(await again.json()).toEqual({ received: true, result: 'repeated' });
    expect(await logOf(payment.id)).toHaveLength(log.length);
    // Another notification of a charge already settled: kept as an unapplied log entry, nothing else moves.
    const late = JSON.stringify({ id: 'evt_late', type: 'charge.declined', charge: { ...charge, status: 'declined' } });
    const lateAnswer = await notify(late, signNotification(SECRET, late));
    expect(await lateAnswer.json()).toEqual({ received: true, result: 'unapplied' });
    expect((await logOf(payment.id)).at(-1)).toMatchObject({ action: 'purchase', success: false, unapplied: true });
    expect(await read(created.resource_uri)).toMatchObject({ status: 'completed' });
    // A charge that is none of Paydesk's payments is a 404.
    const stranger = JSON.stringify({
      id: 'evt_x',
      type: 'charge.confirmed',
      charge: { ...charge, reference: 'other-1' },
    });
    expect((await notify(stranger, signNotification(SECRET, stranger))).status).toBe(404);
    // Signed, but no notification the contract describes: a 400 naming the field, and nothing is recorded.
    const entries = (await logOf(payment.id)).length;
    for (const [notification, field] of [
      [{ type: 'charge.confirmed', charge }, 'id'],
      [{ id: 'evt_odd', type: 'charge.captured', charge }, 'type'],
      [{ id: 'evt_odd', type: 'charge.confirmed', charge: 'ch_1' }, 'charge'],
      [{ id: 'evt_odd', type: 'charge.refunded', charge }, 'refund'],
    ] as const) {
      const odd = JSON.stringify(notification);
      const refused = await notify(odd, signNotification(SECRET, odd));
      expect(refused.status, odd).toBe(400);
      expect(Object.keys((await refused.json()).message)).toEqual([field]);
    }
    expect(await logOf(payment.id)).toHaveLength(entries);
    expect((await callbacksFor(created.token)).map((c) => c.status)).toEqual(['pending', 'completed']);
  });

  it('a carrier method without its operator’s URL refuses an OPERATOR transaction (409) before writing anything', async () => {
    const count = async () =>
      Number((await app.db.selectFrom('payments').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const unset = await admin.put(`/api/payment-methods/${methodId}`, {
      type: 'carrier',
      name: 'Carrier billing',
      auto_capture: true,
      active: true,
      preferences: { timeout_ms: 3000 },
    });
    expect(unset.status).toBe(200);
    try {
      const refused = await store.post(
        '/api/v1/transactions',
        {
          price: '4.99',
          currency: 'EUR',
          pay_method: 'OPERATOR',
          product_id: productId,
          carrier: 'TMOBILE',
          region: 262,
          callback_url: receiver.url,
        },
        { authorization: `Bearer ${key}` },
      );
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'InvalidState', message: expect.stringContaining('base_url') });
      expect(await count()).toBe(before);
    } finally {
      expect((await pointAt(operator.url)).status).toBe(200);
    }
  });

  it('an operator that cannot be reached leaves the transaction processing, for the reconciler', async () => {
    await operator.sim('POST', '/operator/_faults', { mode: 'http500', path: 'charge' });
    const created = await buy();
    expect(created.status).toBe('started');
    expect(created.payment_url).toBeUndefined();
    expect(await read(created.resource_uri)).toMatchObject({ status: 'processing', payment_status: 'error' });
    const log = await logOf((await paymentOf(created.token)).id);
    expect(log.map((e) => [e.action, e.success, e.error_code])).toEqual([['purchase', false, 'http_500']]);
  });
});
