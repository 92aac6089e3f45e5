import { newPaymentIdentifier } from '@paydesk/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/database.ts';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import { demoSpikeWindow, seedDemoData } from '../src/seed/seed.ts';
import { givenPaymentMethod } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * MINUTE);

interface Attempts {
  /** When each attempt happened: one time for all, or per attempt. */
  at: Date | ((i: number) => Date);
  attempts: number;
  failures: number;
  message?: string;
  error_code?: string;
  action?: 'authorize' | 'purchase';
}

let orderNumber = 500_000_000;

/**
 * Attempts written straight to the database, each with its own order and payment, in three statements:
 * the failed ones first (payment rejected, order payment_state failed), then the successful ones.
 * Returns the failed payments' ids.
 */
async function givenAttempts(db: Db, method: PaymentMethodRow, given: Attempts): Promise<number[]> {
  const rows = Array.from({ length: given.attempts }, (_, i) => ({
    at: typeof given.at === 'function' ? given.at(i) : given.at,
    failed: i < given.failures,
  }));
  if (rows.length === 0) return [];
  const orders = await db
    .insertInto('orders')
    .values(
      rows.map(({ at, failed }) => ({
        number: `R${++orderNumber}`,
        email: 'ada@example.com',
        currency: 'USD',
        item_total: '20.00',
        total: '20.00',
        state: 'complete' as const,
        payment_state: failed ? ('failed' as const) : ('paid' as const),
        created_at: new Date(at.getTime() - 30_000),
      })),
    )
    .returning('id')
    .execute();
  const payments = await db
    .insertInto('payments')
    .values(
      rows.map(({ at, failed }, i) => ({
        identifier: newPaymentIdentifier(),
        order_id: orders[i]!.id,
        payment_method_id: method.id,
        status: failed ? ('rejected' as const) : ('confirmed' as const),
        currency: 'USD',
        total: '20.00',
        captured_amount: failed ? '0' : '20.00',
        extra_data: '{}',
        created_at: new Date(at.getTime() - 5_000),
      })),
    )
    .returning('id')
    .execute();
  await db
    .insertInto('log_entries')
    .values(
      rows.map(({ at, failed }, i) => ({
        payment_id: payments[i]!.id,
        payment_method_id: method.id,
        action: given.action ?? 'purchase',
        success: !failed,
        amount: '20.00',
        currency: 'USD',
        message: failed ? (given.message ?? 'Issuer unavailable') : 'Transaction approved',
        error_code: failed ? (given.error_code ?? 'processing_error') : 'approved',
        params: '{}',
        created_at: at,
      })),
    )
    .execute();
  return payments.slice(0, given.failures).map((p) => p.id);
}

/** `GET /api/payments` with a filter, every page: the ids it lists and its Content-Range total. */
async function listedPaymentIds(
  client: ApiClient,
  filter: Record<string, unknown>,
): Promise<{ ids: number[]; total: number }> {
  const response = await client.list('payments', { filter, range: [0, 499] });
  expect(response.status).toBe(200);
  const total = Number(/\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1]);
  return { ids: response.body.map((p: { id: number }) => p.id).sort((a: number, b: number) => a - b), total };
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

describe(`failed-order spike monitoring (${TEST_DB})`, () => {
  let app: TestApp;
  let viewer: ApiClient;
  let admin: ApiClient;
  let card: PaymentMethodRow;
  let wallet: PaymentMethodRow;
  let spikeFailures: number[];
  let walletFailures: number[];
  let beforeWindowFailure: number[];

  beforeAll(async () => {
    app = await startTestApp();
    [viewer, admin] = await Promise.all([app.signedIn('viewer'), app.signedIn('admin')]);
    card = await givenPaymentMethod(app.db, { name: 'Credit card' });
    wallet = await givenPaymentMethod(app.db, { name: 'Wallet' });
    // The baseline: 2% of 500 card attempts failed, spread over the 6 days before the window.
    await givenAttempts(app.db, card, {
      at: (i) => new Date(Date.now() - HOUR - i * 17 * MINUTE),
      attempts: 500,
      failures: 10,
      message: 'Card declined',
      error_code: 'card_declined',
    });
  });
  afterAll(() => app.close());

  beforeEach(async () => {
    // Default thresholds: window 15 minutes, factor 3, min_failures 10, baseline 7 days.
    await app.db.deleteFrom('settings').where('key', 'like', 'spike_%').execute();
  });

  describe('GET /api/monitoring/alerts', () => {
    it('reports no spike while failures are as usual, with the window, its baseline and the thresholds', async () => {
      const response = await viewer.get('/api/monitoring/alerts');
      expect(response.status).toBe(200);
      const alert = response.body;
      expect(alert).toMatchObject({
        spike: false,
        reason: 'no_attempts',
        attempts: 0,
        failures: 0,
        failed_payments: 0,
        rate: null,
        factor: 3,
        min_failures: 10,
        baseline: { days: 7, attempts: 500, failures: 10, rate: 0.02 },
        threshold_rate: 0.06,
        by_payment_method: [],
        by_message: [],
      });
      const asOf = Date.parse(alert.as_of);
      expect(Date.parse(alert.window.to)).toBe(asOf);
      expect(asOf - Date.parse(alert.window.from)).toBe(15 * MINUTE);
      expect(alert.window.minutes).toBe(15);
      expect(alert.baseline.to).toBe(alert.window.from);
      expect(Date.parse(alert.baseline.to) - Date.parse(alert.baseline.from)).toBe(7 * DAY);
      expect(alert.filter).toEqual({ failed_attempt_from: alert.window.from, failed_attempt_to: alert.window.to });
    });

    describe('with a spike in the window', () => {
      beforeAll(async () => {
        // Just before the window: a failure that is not the window's.
        beforeWindowFailure = await givenAttempts(app.db, card, { at: minutesAgo(16), attempts: 1, failures: 1 });
        // The spike: 12 of 20 card attempts fail with "Issuer unavailable", 2 of 4 wallet ones "Do not honor".
        spikeFailures = await givenAttempts(app.db, card, {
          at: (i) => minutesAgo(3 + (i % 9)),
          attempts: 20,
          failures: 12,
        });
        walletFailures = await givenAttempts(app.db, wallet, {
          at: minutesAgo(5),
          attempts: 4,
          failures: 2,
          message: 'Do not honor',
          error_code: 'do_not_honor',
          action: 'authorize',
        });
      });

      it('raises the alert: rate, baseline, factor and failures', async () => {
        const { body: alert } = await viewer.get('/api/monitoring/alerts');
        expect(alert).toMatchObject({
          spike: true,
          reason: 'spike',
          attempts: 24,
          failures: 14,
          failed_payments: 14,
          rate: 0.5833,
          baseline: { attempts: 501, failures: 11, rate: 0.022 },
          factor: 3,
          threshold_rate: 0.0659,
        });
      });

      it('breaks the window down by payment method and by gateway message and error code', async () => {
        const { body: alert } = await viewer.get('/api/monitoring/alerts');
        const window = { failed_attempt_from: alert.window.from, failed_attempt_to: alert.window.to };
        expect(alert.by_payment_method).toEqual([
          {
            payment_method_id: card.id,
            name: 'Credit card',
            type: 'bogus',
            attempts: 20,
            failures: 12,
            failed_payments: 12,
            rate: 0.6,
            filter: { ...window, payment_method_id: card.id },
          },
          {
            payment_method_id: wallet.id,
            name: 'Wallet',
            type: 'bogus',
            attempts: 4,
            failures: 2,
            failed_payments: 2,
            rate: 0.5,
            filter: { ...window, payment_method_id: wallet.id },
          },
        ]);
        expect(alert.by_message).toEqual([
          {
            message: 'Issuer unavailable',
            error_code: 'processing_error',
            failures: 12,
            failed_payments: 12,
            filter: {
              ...window,
              failed_attempt_message: 'Issuer unavailable',
              failed_attempt_error_code: 'processing_error',
            },
          },
          {
            message: 'Do not honor',
            error_code: 'do_not_honor',
            failures: 2,
            failed_payments: 2,
            filter: { ...window, failed_attempt_message: 'Do not honor', failed_attempt_error_code: 'do_not_honor' },
          },
        ]);
      });

      it("links to exactly the window's failing payments, and each breakdown row to its own", async () => {
        const { body: alert } = await viewer.get('/api/monitoring/alerts');
        const all = await listedPaymentIds(viewer, alert.filter);
        expect(all.ids).toEqual(sorted([...spikeFailures, ...walletFailures]));
        expect(all.total).toBe(alert.failed_payments);
        expect(all.ids).not.toContain(beforeWindowFailure[0]);

        const [cardRow, walletRow] = alert.by_payment_method;
        expect((await listedPaymentIds(viewer, cardRow.filter)).ids).toEqual(sorted(spikeFailures));
        expect((await listedPaymentIds(viewer, walletRow.filter)).ids).toEqual(sorted(walletFailures));
        const [issuer, honor] = alert.by_message;
        expect((await listedPaymentIds(viewer, issuer.filter)).ids).toEqual(sorted(spikeFailures));
        expect((await listedPaymentIds(viewer, honor.filter)).ids).toEqual(sorted(walletFailures));
        // The failure just before the window is there with a window that starts earlier.
        const wider = { ...alert.filter, failed_attempt_from: minutesAgo(20).toISOString() };
        expect((await listedPaymentIds(viewer, wider)).ids).toContain(beforeWindowFailure[0]);
      });

      it('finds no spike when the failures stay under min_failures', async () => {
        expect((await admin.put('/api/settings/spike_min_failures', { value: 15 })).status).toBe(200);
        const { body: alert } = await viewer.get('/api/monitoring/alerts');
        expect(alert).toMatchObject({ spike: false, reason: 'below_min_failures', failures: 14, min_failures: 15 });
      });

      it('finds no spike when the rate is under factor × baseline', async () => {
        expect((await admin.put('/api/settings/spike_factor', { value: 30 })).status).toBe(200);
        const { body: alert } = await viewer.get('/api/monitoring/alerts');
        expect(alert).toMatchObject({ spike: false, reason: 'below_factor', factor: 30, threshold_rate: 0.6587 });
      });

      it('follows the window setting: a wider window takes in the failure before it', async () => {
        expect((await admin.put('/api/settings/spike_window_minutes', { value: 20 })).status).toBe(200);
        const { body: alert } = await viewer.get('/api/monitoring/alerts');
        expect(alert).toMatchObject({ spike: true, window: { minutes: 20 }, failures: 15, failed_payments: 15 });
        expect(Date.parse(alert.window.to) - Date.parse(alert.window.from)).toBe(20 * MINUTE);
        expect((await listedPaymentIds(viewer, alert.filter)).ids).toContain(beforeWindowFailure[0]);
      });

      it('takes the baseline over spike_baseline_days before the window', async () => {
        await admin.put('/api/settings/spike_baseline_days', { value: 1 });
        const { body: alert } = await viewer.get('/api/monitoring/alerts');
        // The last day before the window holds the 10 baseline failures, the one just before the window, and
        // about 83 of the 500 baseline attempts.
        expect(alert.baseline).toMatchObject({ days: 1, failures: 11 });
        expect(alert.baseline.attempts).toBeGreaterThan(80);
        expect(alert.baseline.attempts).toBeLessThan(90);
        expect(Date.parse(alert.baseline.to) - Date.parse(alert.baseline.from)).toBe(DAY);
      });
    });
  });

  describe('GET /api/monitoring/failures', () => {
    it('answers 288 buckets of 5 minutes over the last 24 hours, each with its baseline, and marks the spike', async () => {
      const response = await viewer.get('/api/monitoring/failures?range=24h');
      expect(response.status).toBe(200);
      const series = response.body;
      expect(series).toMatchObject({ range: '24h', bucket: '5m', payment_method_id: null, window_buckets: 3 });
      expect(series.thresholds).toEqual({ window_minutes: 15, factor: 3, min_failures: 10, baseline_days: 7 });
      expect(series.buckets).toHaveLength(288);
      expect(series.buckets[0].start).toBe(series.from);
      const last = series.buckets.at(-1);
      expect(Date.parse(last.start)).toBeLessThanOrEqual(Date.parse(series.to));
      expect(Date.parse(last.end)).toBeGreaterThan(Date.parse(series.to));
      for (const bucket of series.buckets) expect(Date.parse(bucket.end) - Date.parse(bucket.start)).toBe(5 * MINUTE);

      // Everything the day holds: 24 + 1 attempts in the last 20 minutes, and the baseline's last day.
      const { rows } = await sql<{ attempts: number; failures: number }>`
        SELECT count(*) AS attempts, count(*) FILTER (WHERE NOT success) AS failures FROM log_entries
        WHERE action IN ('authorize', 'purchase') AND created_at >= ${new Date(series.from)}`.execute(app.db);
      expect(series.totals).toMatchObject({ attempts: Number(rows[0]!.attempts), failures: Number(rows[0]!.failures) });
      // Orders made in the day whose payment failed: the baseline's 10, the one before the window, the spike's 14.
      expect(series.totals.failed_orders).toBe(25);
      expect(series.buckets.reduce((sum: number, b: { failed_orders: number }) => sum + b.failed_orders, 0)).toBe(25);

      // The spike is marked in the last buckets, and the baseline stays near 2% beside it.
      expect(series.spikes.length).toBeGreaterThan(0);
      expect(Date.parse(series.spikes.at(-1).to)).toBe(Date.parse(last.end));
      const marked = series.buckets.filter((b: { spike: boolean }) => b.spike);
      expect(marked.every((b: { start: string }) => Date.parse(b.start) > Date.now() - 30 * MINUTE)).toBe(true);
      expect(marked[0].baseline_rate).toBeGreaterThan(0.015);
      expect(marked[0].baseline_rate).toBeLessThan(0.03);
      // What the rule judged: the window's rate (3 buckets), at least 3 × its baseline.
      for (const bucket of marked) expect(bucket.window_rate).toBeGreaterThanOrEqual(3 * bucket.baseline_rate);
    });

    it('answers hours over 7 and 30 days', async () => {
      const week = await viewer.get('/api/monitoring/failures?range=7d');
      expect(week.body).toMatchObject({ range: '7d', bucket: '1h', window_buckets: 1 });
      expect(week.body.buckets).toHaveLength(168);
      const month = await viewer.get('/api/monitoring/failures?range=30d&bucket=1h');
      expect(month.body.buckets).toHaveLength(720);
      expect(month.body.totals.attempts).toBe(500 + 1 + 24);
      const day = await viewer.get('/api/monitoring/failures?range=24h&bucket=1h');
      expect(day.body.buckets).toHaveLength(24);
    });

    it('answers one payment method', async () => {
      const response = await viewer.get(`/api/monitoring/failures?range=24h&payment_method_id=${wallet.id}`);
      expect(response.body).toMatchObject({
        payment_method_id: wallet.id,
        totals: { attempts: 4, failures: 2, failed_orders: null },
      });
      expect(response.body.buckets.every((b: { failed_orders: number | null }) => b.failed_orders === null)).toBe(true);
      expect((await viewer.get('/api/monitoring/failures?payment_method_id=999999')).status).toBe(404);
    });

    it.each([
      ['range=1y', 'range'],
      ['range=7d&bucket=5m', 'bucket'],
      ['bucket=1d', 'bucket'],
      ['payment_method_id=card', 'payment_method_id'],
      ['since=yesterday', 'body'],
    ])('refuses %s with a 400 naming %s', async (query, field) => {
      const response = await viewer.get(`/api/monitoring/failures?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('InvalidArgument');
      expect(Object.keys(response.body.message)).toContain(field);
    });
  });

  describe('the 5-minute rollup', () => {
    it('stays exact when log entries are written, changed and removed', async () => {
      const rollup = async () =>
        (
          await sql<{ attempts: number; failures: number }>`
            SELECT coalesce(sum(attempts), 0) AS attempts, coalesce(sum(failures), 0) AS failures FROM attempt_buckets_5m`.execute(
            app.db,
          )
        ).rows[0]!;
      const direct = async () =>
        (
          await sql<{ attempts: number; failures: number }>`
            SELECT count(*) AS attempts, count(*) FILTER (WHERE NOT success) AS failures FROM log_entries
            WHERE action IN ('authorize', 'purchase')`.execute(app.db)
        ).rows[0]!;
      const before = await direct();
      expect(await rollup()).toEqual(before);

      const [id] = await givenAttempts(app.db, wallet, { at: minutesAgo(60 * 30), attempts: 3, failures: 1 });
      await app.db.updateTable('log_entries').set({ success: true }).where('payment_id', '=', id!).execute();
      await app.db
        .updateTable('log_entries')
        .set({ created_at: minutesAgo(60 * 40) })
        .where('payment_id', '=', id!)
        .execute();
      expect(await rollup()).toEqual(await direct());
      await app.db.deleteFrom('log_entries').where('payment_id', '=', id!).execute();
      expect(await rollup()).toEqual({ attempts: Number(before.attempts) + 2, failures: Number(before.failures) });
      expect(await rollup()).toEqual(await direct());
    });
  });

  describe('failed_attempt_* filters of the payments list', () => {
    it('refuses a time that is not ISO 8601', async () => {
      const response = await viewer.list('payments', { filter: { failed_attempt_from: 'yesterday' } });
      expect(response.status).toBe(400);
      expect(response.body.message).toHaveProperty(['filter.failed_attempt_from']);
    });

    it('lists payments with a failed attempt by message or error code alone', async () => {
      const byCode = await listedPaymentIds(viewer, { failed_attempt_error_code: 'do_not_honor' });
      expect(byCode.ids).toEqual(sorted(walletFailures));
      const byMessage = await listedPaymentIds(viewer, { failed_attempt_message: 'Card declined' });
      expect(byMessage.total).toBe(10);
    });
  });
});

describe(`monitoring over the demo data's failure spike (${TEST_DB})`, () => {
  let app: TestApp;
  let lead: ApiClient;
  const now = new Date();

  beforeAll(async () => {
    app = await startTestApp();
    lead = await app.signedIn('operator');
    await seedDemoData(app.db, { payments: 2000, now });
  });
  afterAll(() => app.close());

  it('raises the alert once the window reaches back to the spike, and lists its failing payments', async () => {
    expect((await lead.get('/api/monitoring/alerts')).body.spike).toBe(false);
    await app.db
      .insertInto('settings')
      .values({ key: 'spike_window_minutes', value: JSON.stringify(240) })
      .execute();

    const { body: alert } = await lead.get('/api/monitoring/alerts');
    expect(alert).toMatchObject({ spike: true, window: { minutes: 240 } });
    expect(alert.failures).toBeGreaterThanOrEqual(10);
    expect(alert.by_message[0]).toMatchObject({ message: 'Issuer unavailable', error_code: 'processing_error' });
    const listed = await listedPaymentIds(lead, alert.filter);
    expect(listed.total).toBe(alert.failed_payments);
    const { rows } = await sql<{ payment_id: number }>`
      SELECT DISTINCT payment_id FROM log_entries
      WHERE action IN ('authorize', 'purchase') AND NOT success
        AND created_at >= ${new Date(alert.window.from)} AND created_at < ${new Date(alert.window.to)}`.execute(app.db);
    expect(listed.ids).toEqual(sorted(rows.map((r) => r.payment_id)));
  });

  it("marks the spike on the day's chart, inside the demo spike's window", async () => {
    await app.db
      .insertInto('settings')
      .values({ key: 'spike_window_minutes', value: JSON.stringify(40) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(40) }))
      .execute();
    const { body: series } = await lead.get('/api/monitoring/failures?range=24h');
    expect(series.spikes.length).toBeGreaterThan(0);
    const spike = demoSpikeWindow(now);
    for (const span of series.spikes) {
      expect(Date.parse(span.from)).toBeGreaterThanOrEqual(spike.from.getTime());
      // A window ending up to 40 minutes after the spike's last failure still holds it.
      expect(Date.parse(span.to)).toBeLessThanOrEqual(spike.to.getTime() + 45 * MINUTE);
    }
  });
});
