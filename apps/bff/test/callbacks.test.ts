import { transactionCallback } from '@paydesk/contract';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryDelayMs as nextAttemptDelayMs } from '../src/jobs/retry.ts';
import { signCallback, verifyCallbackSignature } from '../src/callbacks/signature.ts';
import { defaultGateways } from '../src/gateways/registry.ts';
import { startBackgroundWork } from '../src/jobs/background.ts';
import { JobWorker } from '../src/jobs/worker.ts';
import { deliverCallback } from '../src/callbacks/deliver-callback.ts';
import { givenPaymentMethod, givenRefundReason } from './fixtures.ts';
import { expectMatchesContract } from './contract.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';
import { startReceiver } from './receiver.ts';

describe(`signed transaction callbacks (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;
  let store: ApiClient;
  let key: string;
  let secret: string;
  let productId: number;
  let worker: JobWorker;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.signedIn('admin');
    await givenPaymentMethod(app.db, { name: 'Card', auto_capture: true });
    await givenRefundReason(app.db);
    const created = (await admin.post('/api/api-keys', { name: 'Shop' })).body;
    key = created.key;
    secret = created.secret;
    productId = (await admin.post('/api/products', { name: 'Game', price: '4.99', currency: 'USD' })).body.id;
    await admin.put('/api/settings/callbacks_allow_private_addresses', { value: true });
    store = app.client();
    worker = new JobWorker({
      db: app.db,
      logger: pino({ level: 'silent' }),
      handlers: { callback: deliverCallback(app.db, { timeoutMs: 2000 }) },
    });
  });
  afterAll(() => app.close());

  const buy = async (callbackUrl: string, carrier = 'T') => {
    const response = await store.post(
      '/api/v1/transactions',
      {
        price: '4.99',
        currency: 'USD',
        pay_method: 'CARD',
        product_id: productId,
        carrier,
        region: 310,
        callback_url: callbackUrl,
        card: { number: '4111111111111111', exp_month: 12, exp_year: 2031, cvv: '123' },
      },
      { authorization: `Bearer ${key}` },
    );
    expect(response.status).toBe(201);
    return response.body;
  };
  const deliveriesOf = (token: string) =>
    app.db
      .selectFrom('callback_deliveries')
      .innerJoin('transactions', 'transactions.id', 'callback_deliveries.transaction_id')
      .selectAll('callback_deliveries')
      .where('token', '=', token)
      .orderBy('callback_deliveries.id')
      .execute();
  /** Due now: what the scheduler would run when the backoff ends. */
  const makeDue = () => app.db.updateTable('jobs').set({ run_at: new Date() }).where('done_at', 'is', null).execute();

  it('posts the transaction, signed with the key’s secret, when its payment is accepted', async () => {
    const receiver = await startReceiver();
    try {
      const transaction = await buy(receiver.url);
      expect(await worker.runOnce()).toBeGreaterThan(0);
      expect(receiver.received).toHaveLength(1);
      const [call] = receiver.received;
      const body = JSON.parse(call!.body);
      expect(body).toMatchObject({
        token: transaction.token,
        status: 'completed',
        payment_status: 'confirmed',
        price: '4.99',
        currency: 'USD',
        product_id: productId,
        resource_uri: transaction.resource_uri,
      });
      const signature = String(call!.headers['paydesk-signature']);
      expect(verifyCallbackSignature(secret, signature, call!.body)).toBe(true);
      expect(verifyCallbackSignature(secret, signature, call!.body.replace('4.99', '0.01'))).toBe(false);
      expect(verifyCallbackSignature('whsec_other', signature, call!.body)).toBe(false);
      const [delivery] = await deliveriesOf(transaction.token);
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, last_response_code: 200 });
    } finally {
      await receiver.close();
    }
  });

  it('retries with exponential backoff until a 2xx, recording every attempt', async () => {
    const receiver = await startReceiver([500, 503]);
    try {
      const transaction = await buy(receiver.url, 'RETRY');
      await worker.runOnce();
      let [delivery] = await deliveriesOf(transaction.token);
      expect(delivery).toMatchObject({ status: 'pending', attempts: 1, last_response_code: 500 });
      const waitMs = delivery!.next_attempt_at!.getTime() - Date.now();
      expect(waitMs).toBeGreaterThan(25_000);
      expect(waitMs).toBeLessThanOrEqual(30_000);
      expect(await worker.runOnce()).toBe(0);

      await makeDue();
      await worker.runOnce();
      await makeDue();
      await worker.runOnce();
      [delivery] = await deliveriesOf(transaction.token);
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, last_response_code: 200 });
      expect(receiver.received).toHaveLength(3);
      const attempts = await admin.list('callback-attempts', { filter: { delivery_id: delivery!.id } });
      expectMatchesContract('GET', '/api/callback-attempts', attempts.status, attempts.body);
      const attempt = await admin.get(`/api/callback-attempts/${attempts.body[0].id}`);
      expectMatchesContract('GET', `/api/callback-attempts/${attempts.body[0].id}`, attempt.status, attempt.body);
      const read = await admin.get(`/api/callback-deliveries/${delivery!.id}`);
      expectMatchesContract('GET', `/api/callback-deliveries/${delivery!.id}`, read.status, read.body);
      expect(attempts.body.map((a: { response_code: number }) => a.response_code)).toEqual([200, 503, 500]);
      expect(nextAttemptDelayMs(1)).toBe(30_000);
      expect(nextAttemptDelayMs(2)).toBe(60_000);
      expect(nextAttemptDelayMs(20)).toBe(3_600_000);
    } finally {
      await receiver.close();
    }
  });

  it('gives up after 24 hours, and a staff member can resend', async () => {
    const receiver = await startReceiver([500]);
    try {
      const transaction = await buy(receiver.url, 'GIVEUP');
      const [created] = await deliveriesOf(transaction.token);
      await app.db
        .updateTable('callback_deliveries')
        .set({ created_at: new Date(Date.now() - 24 * 3600_000 + 1000) })
        .where('id', '=', created!.id)
        .execute();
      await worker.runOnce();
      const [failed] = await deliveriesOf(transaction.token);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
      const failing = await admin.list('callback-deliveries', { filter: { failing: 'true' } });
      expectMatchesContract('GET', '/api/callback-deliveries', failing.status, failing.body);
      expect(failing.body.map((d: { id: number }) => d.id)).toContain(failed!.id);

      const viewer = await app.signedIn('viewer');
      expect((await viewer.post(`/api/callback-deliveries/${failed!.id}/resend`)).status).toBe(403);
      // Resend takes no body (the contract's EmptyRequest): an unknown field is refused, the delivery stays failed.
      const withUrl = await admin.post(`/api/callback-deliveries/${failed!.id}/resend`, { url: 'https://elsewhere' });
      expect(withUrl.status).toBe(400);
      expect(withUrl.body.message).toEqual({ body: 'Unknown field: url.' });
      expect((await deliveriesOf(transaction.token))[0]).toMatchObject({ status: 'failed' });
      const resent = await admin.post(`/api/callback-deliveries/${failed!.id}/resend`);
      expect(resent.status).toBe(200);
      expectMatchesContract('POST', `/api/callback-deliveries/${failed!.id}/resend`, resent.status, resent.body);
      expect(resent.body.status).toBe('pending');
      expect(resent.body).not.toHaveProperty('signing_secret');
      await worker.runOnce();
      const [delivered] = await deliveriesOf(transaction.token);
      expect(delivered).toMatchObject({ status: 'delivered', attempts: 2 });
      // One retry chain: the resend replaced the one that was waiting.
      await makeDue();
      expect(await worker.runOnce()).toBe(0);
      expect(receiver.received).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });

  it('sends a callback at every change a storefront cares about, in the body GET answers', async () => {
    const receiver = await startReceiver();
    try {
      const transaction = await buy(receiver.url, 'LATER');
      const paymentId = (
        await app.db
          .selectFrom('transactions')
          .select('payment_id')
          .where('token', '=', transaction.token)
          .executeTakeFirstOrThrow()
      ).payment_id;
      const reason = await app.db.selectFrom('refund_reasons').select('id').executeTakeFirstOrThrow();
      // A partial refund changes no status, only the refunded amount: the storefront still hears of it.
      const partial = await admin.post(`/api/payments/${paymentId}/refund`, { reason_id: reason.id, amount: '1.00' });
      expect(partial.status).toBe(200);
      expect((await admin.post(`/api/payments/${paymentId}/refund`, { reason_id: reason.id })).status).toBe(200);
      await worker.runOnce();
      const bodies = receiver.received.map((r) => JSON.parse(r.body));
      // Each as the published contract describes it (the OpenAPI document's webhooks).
      for (const body of bodies) expect(transactionCallback.safeParse(body).error?.issues ?? []).toEqual([]);
      expect(bodies.map((b) => [b.payment_status, b.refunded_amount])).toEqual([
        ['confirmed', '0.00'],
        ['confirmed', '1.00'],
        ['refunded', '4.99'],
      ]);
      const { changed_at, ...last } = bodies[2];
      expect(changed_at).toEqual(expect.any(String));
      const answered = await store.get(transaction.resource_uri, { authorization: `Bearer ${key}` });
      expect(last).toEqual(JSON.parse(JSON.stringify(answered.body)));
    } finally {
      await receiver.close();
    }
  });

  it('refuses to deliver to loopback and private addresses unless the setting allows it', async () => {
    const receiver = await startReceiver();
    try {
      const transaction = await buy(receiver.url, 'PRIVATE');
      await admin.put('/api/settings/callbacks_allow_private_addresses', { value: false });
      await worker.runOnce();
      expect(receiver.received).toHaveLength(0);
      const [delivery] = await deliveriesOf(transaction.token);
      expect(delivery).toMatchObject({
        status: 'pending',
        last_error: 'Must not point at a loopback or private address.',
      });
    } finally {
      await admin.put('/api/settings/callbacks_allow_private_addresses', { value: true });
      await receiver.close();
    }
  });

  it('signs over a timestamp: an old signature is refused', () => {
    const body = '{"token":"x"}';
    const old = signCallback(secret, body, Math.floor(Date.now() / 1000) - 3600);
    expect(verifyCallbackSignature(secret, old, body)).toBe(false);
  });

  it('two BFF instances share the job queue: every delivery arrives once', async () => {
    const receiver = await startReceiver();
    try {
      for (let i = 0; i < 12; i++) await buy(receiver.url, `TWO-${i}`);
      // A second instance: its own app, its own database handle where the server allows (PostgreSQL).
      const second = TEST_DB === 'postgres' ? await startSecondInstance(app) : undefined;
      const logger = pino({ level: 'silent' });
      const gateways = defaultGateways();
      const one = startBackgroundWork({ db: app.db, gateways, logger, pollMs: 10 });
      const two = startBackgroundWork({ db: second?.db ?? app.db, gateways, logger, pollMs: 10 });
      const deadline = Date.now() + 15_000;
      while (receiver.received.length < 12 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await Promise.all([one.stop(), two.stop()]);
      await second?.close();
      const tokens = receiver.received.map((r) => JSON.parse(r.body).token);
      expect(tokens).toHaveLength(12);
      expect(new Set(tokens).size).toBe(12);
    } finally {
      await receiver.close();
    }
  });

  it('a slow receiver does not delay another storefront: deliveries run in parallel, two at a time per receiver', async () => {
    const slow = await startReceiver([], { delayMs: 4_000 });
    const fast = await startReceiver();
    // Receivers are told apart by host and port (URL.host), as two storefronts' hosts are.
    const background = startBackgroundWork({
      db: app.db,
      gateways: defaultGateways(),
      logger: pino({ level: 'silent' }),
      pollMs: 20,
    });
    try {
      for (let i = 0; i < 6; i++) await buy(slow.url, `SLOW-${i}`);
      const started = performance.now();
      await buy(fast.url, 'FAST');
      while (fast.received.length === 0 && performance.now() - started < 20_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const fastAfterMs = performance.now() - started;
      expect(fast.received).toHaveLength(1);
      // Before the slow storefront has answered even its first callback: it holds two workers, not all.
      expect(fastAfterMs).toBeLessThan(4_000);
      expect(slow.busiest).toBeLessThanOrEqual(2);
      expect(slow.busiest).toBeGreaterThan(0);
    } finally {
      await slow.close();
      await fast.close();
      await background.stop();
    }
  });
});

/** Another handle on the same PostgreSQL database, as a second BFF instance would have. */
async function startSecondInstance(app: TestApp) {
  const { openDatabase } = await import('../src/db/database.ts');
  const name = (
    await app.db.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('name')).executeTakeFirstOrThrow()
  ).name;
  const url = new URL(process.env.PAYDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${name}`;
  return openDatabase({ databaseUrl: url.toString() });
}
