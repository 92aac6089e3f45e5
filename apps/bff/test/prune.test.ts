import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverCallback } from '../src/callbacks/deliver-callback.ts';
import { pruneExpired } from '../src/jobs/prune.ts';
import { JobWorker } from '../src/jobs/worker.ts';
import { givenPaymentMethod } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';
import { startReceiver } from './receiver.ts';

const DAY = 24 * 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms);

/** The scheduled pruning removes what has expired, and only that. */
describe(`pruning expired records (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;
  let key: string;
  let productId: number;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.signedIn('admin');
    await givenPaymentMethod(app.db, { name: 'Card', auto_capture: true });
    key = (await admin.post('/api/api-keys', { name: 'Shop' })).body.key;
    productId = (await admin.post('/api/products', { name: 'Game', price: '4.99', currency: 'USD' })).body.id;
    await admin.put('/api/settings/callbacks_allow_private_addresses', { value: true });
  });
  afterAll(() => app.close());

  /** A purchase whose callback is delivered (status 200) or refused (500): its delivery ids. */
  async function deliveredPurchase(url: string, carrier: string): Promise<number[]> {
    const response = await app.client().post(
      '/api/v1/transactions',
      {
        price: '4.99',
        currency: 'USD',
        pay_method: 'CARD',
        product_id: productId,
        carrier,
        region: 310,
        callback_url: url,
        card: { number: '4111111111111111', exp_month: 12, exp_year: 2031, cvv: '123' },
      },
      { authorization: `Bearer ${key}` },
    );
    expect(response.status).toBe(201);
    const worker = new JobWorker({
      db: app.db,
      logger: pino({ level: 'silent' }),
      handlers: { callback: deliverCallback(app.db, { timeoutMs: 2000 }) },
      concurrency: 4,
    });
    while ((await worker.runOnce()) > 0);
    const rows = await app.db
      .selectFrom('callback_deliveries')
      .innerJoin('transactions', 'transactions.id', 'callback_deliveries.transaction_id')
      .select('callback_deliveries.id')
      .where('transactions.token', '=', response.body.token)
      .execute();
    return rows.map((r) => r.id);
  }

  it('removes expired and idle sessions, keys older than 24 h, jobs done a week ago and callbacks delivered a month ago; keeps the rest', async () => {
    // Sessions: one past its absolute end, one idle for an hour, and the admin's live one.
    const expired = await app.signedIn('operator');
    const idle = await app.signedIn('finance');
    const sessionOf = async (client: ApiClient) => (await client.get('/api/auth/me')).body.id as number;
    const [expiredId, idleId] = [await sessionOf(expired), await sessionOf(idle)];
    await app.db
      .updateTable('staff_sessions')
      .set({ expires_at: ago(1000) })
      .where('staff_user_id', '=', expiredId)
      .execute();
    await app.db
      .updateTable('staff_sessions')
      .set({ last_seen_at: ago(3_600_000) })
      .where('staff_user_id', '=', idleId)
      .execute();

    // Idempotency keys: one of 25 hours, one of 23.
    const adminId = await sessionOf(admin);
    await app.db
      .insertInto('idempotency_keys')
      .values([
        { staff_user_id: adminId, key: 'old-key', request_hash: 'h', created_at: ago(25 * 3_600_000) },
        { staff_user_id: adminId, key: 'recent-key', request_hash: 'h', created_at: ago(23 * 3_600_000) },
      ])
      .execute();

    // Jobs: done 8 days ago, done yesterday, and pending for 8 days.
    await app.db
      .insertInto('jobs')
      .values([
        { kind: 'old-done', payload: '{}', done_at: ago(8 * DAY) },
        { kind: 'recent-done', payload: '{}', done_at: ago(DAY) },
        { kind: 'old-pending', payload: '{}', run_at: ago(8 * DAY) },
      ])
      .execute();

    // Deliveries: delivered 31 days ago, delivered yesterday, failed 40 days ago.
    const receiver = await startReceiver([200, 200, 200, 200, 500, 500, 500, 500]);
    const oldDelivered = await deliveredPurchase(receiver.url, 'OLD');
    const recentDelivered = await deliveredPurchase(receiver.url, 'NEW');
    const oldFailed = await deliveredPurchase(receiver.url, 'FAILED');
    await receiver.close();
    await app.db
      .updateTable('callback_deliveries')
      .set({ delivered_at: ago(31 * DAY) })
      .where('id', 'in', oldDelivered)
      .execute();
    await app.db
      .updateTable('callback_deliveries')
      .set({ delivered_at: ago(DAY) })
      .where('id', 'in', recentDelivered)
      .execute();
    await app.db
      .updateTable('callback_deliveries')
      .set({ status: 'failed', created_at: ago(40 * DAY) })
      .where('id', 'in', oldFailed)
      .execute();

    const pruned = await pruneExpired(app.db);
    expect(pruned.sessions).toBe(2);
    expect(pruned.idempotencyKeys).toBe(1);
    expect(pruned.deliveries).toBe(oldDelivered.length);

    expect((await expired.get('/api/auth/me')).status).toBe(401);
    expect((await idle.get('/api/auth/me')).status).toBe(401);
    expect((await admin.get('/api/auth/me')).status).toBe(200);
    const keys = await app.db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('staff_user_id', '=', adminId)
      .execute();
    expect(keys.map((k) => k.key)).toEqual(['recent-key']);
    const kinds = (
      await app.db
        .selectFrom('jobs')
        .select('kind')
        .where('kind', 'in', ['old-done', 'recent-done', 'old-pending'])
        .execute()
    ).map((j) => j.kind);
    expect(kinds.sort()).toEqual(['old-pending', 'recent-done']);
    const left = async (ids: number[]) =>
      (await app.db.selectFrom('callback_deliveries').select('id').where('id', 'in', ids).execute()).length;
    expect(await left(oldDelivered)).toBe(0);
    expect(await left(recentDelivered)).toBe(recentDelivered.length);
    expect(await left(oldFailed)).toBe(oldFailed.length);
    const attempts = await app.db
      .selectFrom('callback_attempts')
      .select('id')
      .where('delivery_id', 'in', oldDelivered)
      .execute();
    expect(attempts).toEqual([]);
  });
});
