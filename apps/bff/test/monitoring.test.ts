import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/database.ts';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import { demoSpikeWindow, seedDemoData } from '../src/seed/seed.ts';
import { expectMatchesContract } from './contract.ts';
import { givenAttempts, givenPaymentMethod } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * MINUTE);

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

type Bucket = { start: string; end: string; spike: boolean; band: { low: number; high: number } | null };
type SignalWire = {
  signal: string;
  spike: boolean;
  reason: string;
  attempts: number;
  failures: number;
  p_value: number | null;
  deciding_minutes: number | null;
  band: { low: number; high: number };
  filter: Record<string, unknown>;
};
const signalOf = (alert: { signals: SignalWire[] }, name: string) => alert.signals.find((s) => s.signal === name)!;

describe(`failed-order spike monitoring (${TEST_DB})`, () => {
  let app: TestApp;
  let viewer: ApiClient;
  let admin: ApiClient;
  let card: PaymentMethodRow;
  let wallet: PaymentMethodRow;
  let carrier: PaymentMethodRow;
  let spikeFailures: number[];
  let walletFailures: number[];
  let beforeWindowFailure: number[];

  beforeAll(async () => {
    app = await startTestApp();
    card = await givenPaymentMethod(app.db, { name: 'Credit card' });
    wallet = await givenPaymentMethod(app.db, { name: 'Wallet' });
    carrier = await givenPaymentMethod(app.db, { name: 'Carrier billing', type: 'carrier' });
    // The baseline: 2% of 500 card attempts declined, spread over the 6 days before the window.
    await givenAttempts(app.db, card, {
      at: (i) => new Date(Date.now() - HOUR - i * 17 * MINUTE),
      attempts: 500,
      failures: 10,
      message: 'Card declined',
      error_code: 'card_declined',
    });
    // Signed in after the slow writes: an idle keep-alive connection can be closed under them.
    [viewer, admin] = await Promise.all([app.signedIn('viewer'), app.signedIn('admin')]);
  });
  afterAll(() => app.close());

  beforeEach(async () => {
    // The default rule: windows of 5 to 15 minutes, 0.0004 false alarms a step (each window at the α
    // calibrated on the week before), minimum effect 5 points, factor 1.5, 7 days.
    await app.db.deleteFrom('settings').where('key', 'like', 'spike_%').execute();
  });

  describe('GET /api/monitoring/alerts', () => {
    it('reports no spike while failures are as usual: every signal, with its window, baseline and rule', async () => {
      const response = await viewer.get('/api/monitoring/alerts');
      expect(response.status).toBe(200);
      expectMatchesContract('GET', '/api/monitoring/alerts', response.status, response.body);
      const alert = response.body;
      expect(alert).toMatchObject({
        spike: false,
        spiking: [],
        signal: 'failures',
        attempts: 0,
        failures: 0,
        failed_payments: 0,
        rate: null,
        rule: {
          window_minutes: 15,
          significance: 0.0004,
          min_effect: 0.05,
          factor: 1.5,
          baseline_days: 7,
          baseline_weeks: 0,
        },
        by_payment_method: [],
        by_message: [],
      });
      expect(alert.signals.map((s: SignalWire) => s.signal)).toEqual([
        'failures',
        'declines',
        'technical',
        'fraud',
        'capture',
        'void',
        'refund',
      ]);
      // Each signal has its own baseline: the declines are the baseline's 10 failures, the others none.
      expect(signalOf(alert, 'declines')).toMatchObject({
        reason: 'no_attempts',
        baseline: { attempts: 500, failures: 10, rate: 0.0212 },
        threshold_rate: 0.0712,
      });
      expect(signalOf(alert, 'technical')).toMatchObject({ baseline: { attempts: 500, failures: 0, rate: 0.0019 } });
      expect(signalOf(alert, 'capture')).toMatchObject({ family: 'money', baseline: { attempts: 0, failures: 0 } });
      // The window: the spike window of the 5-minute step that holds now, counted up to now.
      const asOf = Date.parse(alert.as_of);
      expect(Date.parse(alert.window.to)).toBe(asOf);
      expect(Date.parse(alert.window.from) % (5 * MINUTE)).toBe(0);
      expect(asOf - Date.parse(alert.window.from)).toBeGreaterThan(10 * MINUTE);
      expect(asOf - Date.parse(alert.window.from)).toBeLessThanOrEqual(15 * MINUTE);
      expect(alert.filter).toEqual({ failed_attempt_from: alert.window.from, failed_attempt_to: alert.window.to });
    });

    describe('with a spike in the window', () => {
      beforeAll(async () => {
        // Just before the window: a failure that is not the window's.
        beforeWindowFailure = await givenAttempts(app.db, card, { at: minutesAgo(16), attempts: 1, failures: 1 });
        // The spike: 12 of 20 card attempts fail with "Issuer unavailable" (technical), 2 of 4 wallet ones are
        // declined "Do not honor".
        spikeFailures = await givenAttempts(app.db, card, {
          at: (i) => minutesAgo(1 + (i % 8)),
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

      it('raises the technical signal alone: its rate, baseline and test', async () => {
        const { body: alert } = await viewer.get('/api/monitoring/alerts');
        expect(alert).toMatchObject({ spike: true, spiking: ['technical'], signal: 'technical' });
        expect(alert).toMatchObject({ attempts: 24, failures: 12, failed_payments: 12, rate: 0.5 });
        const technical = signalOf(alert, 'technical');
        expect(technical).toMatchObject({ spike: true, reason: 'spike', attempts: 24, failures: 12, rate: 0.5 });
        // The shortest window that decided (which one depends on where now falls in its 5-minute step), and
        // its test.
        expect([5, 10, 15]).toContain(technical.deciding_minutes);
        expect(signalOf(alert, 'declines').deciding_minutes).toBeNull();
        expect(technical.p_value).toBeLessThanOrEqual(alert.significance);
        expect(technical.band.low).toBeGreaterThan(0.29);
        expect(technical.band.high).toBeLessThan(0.71);
        // Two declines in 24 attempts where 2% are declined: not a spike.
        expect(signalOf(alert, 'declines')).toMatchObject({ spike: false, failures: 2 });
        // The overall signal is shown, not alerted on its own.
        expect(signalOf(alert, 'failures')).toMatchObject({ spike: true, failures: 14 });
      });

      it("breaks the signal's window down by payment method and by gateway message and error code", async () => {
        const { body: alert } = await viewer.get('/api/monitoring/alerts');
        const window = {
          failed_attempt_from: alert.window.from,
          failed_attempt_to: alert.window.to,
          failed_attempt_kind: 'technical',
        };
        expect(alert.filter).toEqual(window);
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
            failures: 0,
            failed_payments: 0,
            rate: 0,
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
        ]);
      });

      it("links each signal to exactly its window's failing payments", async () => {
        const { body: alert } = await viewer.get('/api/monitoring/alerts');
        const technical = await listedPaymentIds(viewer, alert.filter);
        expect(technical.ids).toEqual(sorted(spikeFailures));
        expect(technical.total).toBe(alert.failed_payments);
        expect((await listedPaymentIds(viewer, signalOf(alert, 'declines').filter)).ids).toEqual(
          sorted(walletFailures),
        );
        const all = await listedPaymentIds(viewer, signalOf(alert, 'failures').filter);
        expect(all.ids).toEqual(sorted([...spikeFailures, ...walletFailures]));
        expect(all.ids).not.toContain(beforeWindowFailure[0]);

        const declinesAnswer = await viewer.get('/api/monitoring/alerts?signal=declines');
        expectMatchesContract('GET', '/api/monitoring/alerts', declinesAnswer.status, declinesAnswer.body);
        const declines = declinesAnswer.body;
        expect(declines).toMatchObject({ signal: 'declines', failures: 2, failed_payments: 2 });
        expect(declines.by_message).toMatchObject([{ error_code: 'do_not_honor', failures: 2 }]);
        expect((await listedPaymentIds(viewer, declines.by_message[0].filter)).ids).toEqual(sorted(walletFailures));
        expect((await viewer.get('/api/monitoring/alerts?signal=everything')).status).toBe(400);
      });

      it('finds no spike when the failures are within chance at a stricter significance', async () => {
        expect((await admin.put('/api/settings/spike_significance', { value: 1e-9 })).status).toBe(200);
        expect((await admin.put('/api/settings/spike_min_effect', { value: 0 })).status).toBe(200);
        // 12 of 24 where 0.2% fail is still far beyond 1e-9; a lone failure is not.
        const { body: alert } = await viewer.get('/api/monitoring/alerts');
        expect(signalOf(alert, 'technical').spike).toBe(true);
        expect(signalOf(alert, 'declines')).toMatchObject({ spike: false, reason: 'not_significant' });
      });

      it('finds no spike when the rise is under the minimum effect', async () => {
        // No window's rate reaches 70 %: 12 of 24 over the window, at most 8 of 12 over its last 5 minutes.
        expect((await admin.put('/api/settings/spike_min_effect', { value: 0.7 })).status).toBe(200);
        const { body: alert } = await viewer.get('/api/monitoring/alerts');
        expect(alert).toMatchObject({ spike: false, spiking: [] });
        expect(signalOf(alert, 'technical')).toMatchObject({ spike: false, reason: 'below_effect' });
      });

      it('follows the window setting: a wider window takes in the failure before it', async () => {
        // 45 minutes: room for a slow machine between writing the failure (16 minutes before) and asking.
        expect((await admin.put('/api/settings/spike_window_minutes', { value: 45 })).status).toBe(200);
        const { body: alert } = await viewer.get('/api/monitoring/alerts?signal=failures');
        expect(alert).toMatchObject({ spike: true, window: { minutes: 45 }, failures: 15, failed_payments: 15 });
        expect((await listedPaymentIds(viewer, alert.filter)).ids).toContain(beforeWindowFailure[0]);
      });

      it('takes the baseline over spike_baseline_days before the window', async () => {
        await admin.put('/api/settings/spike_baseline_days', { value: 1 });
        const { body: alert } = await viewer.get('/api/monitoring/alerts');
        // The last day before the window holds about 83 of the 500 baseline attempts.
        const { baseline } = signalOf(alert, 'declines') as unknown as { baseline: { attempts: number } };
        expect(baseline.attempts).toBeGreaterThan(80);
        expect(baseline.attempts).toBeLessThan(92);
      });
    });
  });

  describe('money operations and carrier billing', () => {
    it('watches capture failures as their own signal, apart from payment attempts', async () => {
      const before = (await viewer.get('/api/monitoring/alerts')).body;
      const failedCaptures = await givenAttempts(app.db, card, {
        at: (i) => minutesAgo(1 + (i % 5)),
        attempts: 6,
        failures: 5,
        message: 'Capture failed',
        error_code: 'processing_error',
        action: 'capture',
      });
      const { body: alert } = await viewer.get('/api/monitoring/alerts?signal=capture');
      expect(signalOf(alert, 'capture')).toMatchObject({ spike: true, attempts: 6, failures: 5 });
      expect(alert.spiking).toContain('capture');
      // Payment attempts are not changed by captures.
      expect(signalOf(alert, 'failures').attempts).toBe(signalOf(before, 'failures').attempts);
      expect(alert.filter).toEqual({
        failed_operation: 'capture',
        failed_operation_from: alert.window.from,
        failed_operation_to: alert.window.to,
      });
      expect((await listedPaymentIds(viewer, alert.filter)).ids).toEqual(sorted(failedCaptures));
      await app.db.deleteFrom('log_entries').where('action', '=', 'capture').execute();
    });

    it('counts carrier-billing attempts like card attempts', async () => {
      const before = signalOf((await viewer.get('/api/monitoring/alerts')).body, 'declines');
      const declined = await givenAttempts(app.db, carrier, {
        at: minutesAgo(2),
        attempts: 3,
        failures: 3,
        message: 'Declined by the buyer',
        error_code: 'charge_declined',
      });
      const { body: alert } = await viewer.get('/api/monitoring/alerts?signal=declines');
      expect(signalOf(alert, 'declines')).toMatchObject({
        attempts: before.attempts + 3,
        failures: before.failures + 3,
      });
      expect(alert.by_payment_method.find((r: { type: string }) => r.type === 'carrier')).toMatchObject({
        attempts: 3,
        failures: 3,
      });
      await app.db.deleteFrom('log_entries').where('payment_id', 'in', declined).execute();
    });

    it('sorts error codes into declines, technical failures and fraud blocks', async () => {
      const { rows } = await sql<{ code: string | null; kind: string }>`
        SELECT code, monitoring_failure_kind(code) AS kind
        FROM unnest(ARRAY['card_declined', 'insufficient_funds', 'charge_declined', 'do_not_honor', 'timeout',
                          'connection_refused', 'http_503', 'processing_error', 'bad_response', NULL,
                          'fraud_suspected', 'fraudulent', 'stolen_card']::text[]) AS code`.execute(app.db);
      expect(Object.fromEntries(rows.map((r) => [r.code ?? 'none', r.kind]))).toEqual({
        card_declined: 'decline',
        insufficient_funds: 'decline',
        charge_declined: 'decline',
        do_not_honor: 'decline',
        timeout: 'technical',
        connection_refused: 'technical',
        http_503: 'technical',
        processing_error: 'technical',
        bad_response: 'technical',
        none: 'technical',
        fraud_suspected: 'fraud',
        fraudulent: 'fraud',
        stolen_card: 'fraud',
      });
    });
  });

  describe('GET /api/monitoring/failures', () => {
    it('answers 288 buckets of 5 minutes over the last 24 hours, each with its baseline and band, and marks the spike', async () => {
      const response = await viewer.get('/api/monitoring/failures?range=24h&signal=technical');
      expect(response.status).toBe(200);
      expectMatchesContract('GET', '/api/monitoring/failures', response.status, response.body);
      const series = response.body;
      expect(series).toMatchObject({ range: '24h', bucket: '5m', signal: 'technical', payment_method_id: null });
      expect(series.rule).toMatchObject({ window_minutes: 15, significance: 0.0004 });
      expect(series.buckets).toHaveLength(288);
      expect(series.buckets[0].start).toBe(series.from);
      const last = series.buckets.at(-1);
      expect(Date.parse(last.start)).toBeLessThanOrEqual(Date.parse(series.to));
      expect(Date.parse(last.end)).toBeGreaterThan(Date.parse(series.to));
      for (const bucket of series.buckets) expect(Date.parse(bucket.end) - Date.parse(bucket.start)).toBe(5 * MINUTE);

      // Everything the day holds, of this signal.
      const { rows } = await sql<{ attempts: number; failures: number }>`
        SELECT count(*) AS attempts,
               count(*) FILTER (WHERE NOT success AND monitoring_failure_kind(error_code) = 'technical') AS failures
        FROM log_entries
        WHERE action IN ('authorize', 'purchase') AND created_at >= ${new Date(series.from)}`.execute(app.db);
      expect(series.totals).toMatchObject({
        attempts: Number(rows[0]!.attempts),
        failures: Number(rows[0]!.failures),
        failed_orders: null,
      });

      // The spike is marked in the last buckets; the band is narrow where there were many attempts.
      expect(series.spikes.length).toBeGreaterThan(0);
      expect(Date.parse(series.spikes.at(-1).to)).toBe(Date.parse(last.end));
      const marked = series.buckets.filter((b: Bucket) => b.spike);
      expect(marked.every((b: Bucket) => Date.parse(b.start) > Date.now() - 30 * MINUTE)).toBe(true);
      expect(last.band.high - last.band.low).toBeLessThan(0.45);
      const quiet = series.buckets.find((b: { attempts: number; window_rate: number | null }) => b.window_rate === 0);
      expect(quiet.band.low).toBe(0);
      expect(quiet.band.high).toBeGreaterThan(0.3);

      // The overall series counts the failed orders: the baseline's 10, the one before the window, the spike's
      // 14, and the 5 failed captures' and 3 carrier declines' orders.
      const overall = (await viewer.get('/api/monitoring/failures?range=24h')).body;
      expect(overall).toMatchObject({ signal: 'failures' });
      expect(overall.totals.failed_orders).toBe(25 + 5 + 3);
    });

    it('marks the same moments over 24 hours, 7 days and 30 days', async () => {
      const hour = 60 * MINUTE;
      const day = (await viewer.get('/api/monitoring/failures?range=24h&signal=technical')).body;
      const fromFives = new Set<number>(
        day.buckets
          .filter((b: Bucket) => b.spike)
          .map((b: Bucket) => Math.floor((Date.parse(b.end) - 1) / hour) * hour),
      );
      expect(fromFives.size).toBeGreaterThan(0);
      for (const range of ['7d', '30d']) {
        const series = (await viewer.get(`/api/monitoring/failures?range=${range}&signal=technical`)).body;
        const hours = new Set<number>(
          series.buckets.filter((b: Bucket) => b.spike).map((b: Bucket) => Date.parse(b.start)),
        );
        expect(hours).toEqual(fromFives);
        expect(series.spikes).toHaveLength(day.spikes.length);
      }
      const hoursOfDay = (await viewer.get('/api/monitoring/failures?range=24h&bucket=1h&signal=technical')).body;
      expect(
        new Set(hoursOfDay.buckets.filter((b: Bucket) => b.spike).map((b: Bucket) => Date.parse(b.start))),
      ).toEqual(fromFives);
    });

    it('answers hours over 7 and 30 days', async () => {
      const week = await viewer.get('/api/monitoring/failures?range=7d');
      expectMatchesContract('GET', '/api/monitoring/failures', week.status, week.body);
      expect(week.body).toMatchObject({ range: '7d', bucket: '1h' });
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
      expectMatchesContract('GET', '/api/monitoring/failures', response.status, response.body);
      const unknown = await viewer.get('/api/monitoring/failures?payment_method_id=999999');
      expect(unknown.status).toBe(404);
      expectMatchesContract('GET', '/api/monitoring/failures', unknown.status, unknown.body);
    });

    it.each([
      ['range=1y', 'range'],
      ['range=7d&bucket=5m', 'bucket'],
      ['bucket=1d', 'bucket'],
      ['signal=all', 'signal'],
      ['payment_method_id=card', 'payment_method_id'],
      ['since=yesterday', 'body'],
    ])('refuses %s with a 400 naming %s', async (query, field) => {
      const response = await viewer.get(`/api/monitoring/failures?${query}`);
      expect(response.status).toBe(400);
      expectMatchesContract('GET', '/api/monitoring/failures', response.status, response.body);
      expect(response.body.code).toBe('InvalidArgument');
      expect(Object.keys(response.body.message)).toContain(field);
    });
  });

  describe('the 5-minute rollup', () => {
    it('stays exact when log entries are written, changed and removed', async () => {
      const rollup = async () =>
        (
          await sql<Record<string, number>>`
            SELECT coalesce(sum(attempts), 0)::int AS attempts, coalesce(sum(declines + technical + fraud), 0)::int AS failures,
                   coalesce(sum(technical), 0)::int AS technical, coalesce(sum(refunds), 0)::int AS refunds,
                   coalesce(sum(refund_failures), 0)::int AS refund_failures
            FROM monitoring_buckets_5m`.execute(app.db)
        ).rows[0]!;
      const direct = async () =>
        (
          await sql<Record<string, number>>`
            SELECT count(*) FILTER (WHERE action IN ('authorize', 'purchase'))::int AS attempts,
                   count(*) FILTER (WHERE action IN ('authorize', 'purchase') AND NOT success)::int AS failures,
                   count(*) FILTER (WHERE action IN ('authorize', 'purchase') AND NOT success
                                      AND monitoring_failure_kind(error_code) = 'technical')::int AS technical,
                   count(*) FILTER (WHERE action = 'refund')::int AS refunds,
                   count(*) FILTER (WHERE action = 'refund' AND NOT success)::int AS refund_failures
            FROM log_entries`.execute(app.db)
        ).rows[0]!;
      const before = await direct();
      expect(await rollup()).toEqual(before);

      const [id] = await givenAttempts(app.db, wallet, { at: minutesAgo(60 * 30), attempts: 3, failures: 1 });
      await givenAttempts(app.db, wallet, { at: minutesAgo(60 * 30), attempts: 2, failures: 1, action: 'refund' });
      expect(await rollup()).toEqual(await direct());
      await app.db.updateTable('log_entries').set({ success: true }).where('payment_id', '=', id!).execute();
      await app.db
        .updateTable('log_entries')
        .set({ created_at: minutesAgo(60 * 40), error_code: 'card_declined' })
        .where('payment_id', '=', id!)
        .execute();
      expect(await rollup()).toEqual(await direct());
      await app.db.deleteFrom('log_entries').where('payment_id', '=', id!).execute();
      expect(await rollup()).toMatchObject({ attempts: before.attempts! + 2, failures: before.failures });
      expect(await rollup()).toEqual(await direct());
    });

    it("counts a small insert's log entries when its transaction commits, none of one rolled back, and a large insert at once", async () => {
      const attempts = async (db: Db) =>
        (
          await sql<{ rollup: number; direct: number; pending: number }>`
            SELECT (SELECT coalesce(sum(attempts), 0)::int FROM monitoring_buckets_5m) AS rollup,
                   (SELECT count(*)::int FROM log_entries WHERE action IN ('authorize', 'purchase')) AS direct,
                   (SELECT count(*)::int FROM monitoring_pending) AS pending`.execute(db)
        ).rows[0]!;
      const before = await attempts(app.db);
      expect(before).toMatchObject({ rollup: before.direct, pending: 0 });

      await app.db.transaction().execute(async (tx) => {
        // Successes only: the failed-attempt lists below stay as the spike made them.
        await givenAttempts(tx, wallet, { at: minutesAgo(60 * 31), attempts: 3, failures: 0 });
        // Waiting for the commit: the rollup's rows are not held yet.
        expect(await attempts(tx)).toEqual({ rollup: before.rollup, direct: before.direct + 3, pending: 1 });
      });
      expect(await attempts(app.db)).toEqual({ rollup: before.rollup + 3, direct: before.direct + 3, pending: 0 });

      await expect(
        app.db.transaction().execute(async (tx) => {
          await givenAttempts(tx, wallet, { at: minutesAgo(60 * 31), attempts: 2, failures: 0 });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await attempts(app.db)).toEqual({ rollup: before.rollup + 3, direct: before.direct + 3, pending: 0 });

      await app.db.transaction().execute(async (tx) => {
        await givenAttempts(tx, card, { at: minutesAgo(60 * 32), attempts: 150, failures: 0 });
        // More than 100 log entries in one statement: counted by the statement itself.
        expect(await attempts(tx)).toEqual({ rollup: before.rollup + 153, direct: before.direct + 153, pending: 0 });
      });
      expect(await attempts(app.db)).toEqual({ rollup: before.rollup + 153, direct: before.direct + 153, pending: 0 });
    });
  });

  describe('the rollup without the method', () => {
    /** monitoring_totals_5m, and monitoring_buckets_5m summed over the methods, bucket by bucket. */
    const bothRollups = async () => {
      const columns = sql.raw(
        'attempts, declines, technical, fraud, captures, capture_failures, voids, void_failures, refunds, refund_failures',
      );
      const sums = sql.raw(
        ['attempts', 'declines', 'technical', 'fraud', 'captures', 'capture_failures', 'voids', 'void_failures']
          .concat(['refunds', 'refund_failures'])
          .map((c) => `sum(${c})::int AS ${c}`)
          .join(', '),
      );
      const totals = await sql<Record<string, unknown>>`
        SELECT bucket_start, ${columns} FROM monitoring_totals_5m ORDER BY bucket_start`.execute(app.db);
      const summed = await sql<Record<string, unknown>>`
        SELECT bucket_start, ${sums} FROM monitoring_buckets_5m GROUP BY bucket_start ORDER BY bucket_start`.execute(
        app.db,
      );
      return { totals: totals.rows, summed: summed.rows };
    };

    it('is the per-method rollup summed, as log entries of two methods are written, changed and removed', async () => {
      const start = await bothRollups();
      expect(start.totals.length).toBeGreaterThan(0);
      expect(start.totals).toEqual(start.summed);

      // Both methods in the same 5-minute buckets, attempts and refunds, in one statement each.
      const at = (i: number) => minutesAgo(60 * 50 + (i % 3) * 5);
      const declined = await givenAttempts(app.db, card, {
        at,
        attempts: 7,
        failures: 3,
        message: 'Insufficient funds',
        error_code: 'insufficient_funds',
      });
      const blocked = await givenAttempts(app.db, wallet, {
        at,
        attempts: 5,
        failures: 4,
        message: 'Suspected fraud',
        error_code: 'fraud_suspected',
      });
      const refunds = await givenAttempts(app.db, wallet, { at, attempts: 3, failures: 1, action: 'refund' });
      const written = await bothRollups();
      expect(written.totals).toEqual(written.summed);
      expect(written.totals).not.toEqual(start.totals);

      // One statement that moves failures of both methods to another bucket and changes their kind.
      await app.db
        .updateTable('log_entries')
        .set({ created_at: minutesAgo(60 * 52), error_code: 'timeout' })
        .where('payment_id', 'in', [...declined, ...blocked])
        .execute();
      const changed = await bothRollups();
      expect(changed.totals).toEqual(changed.summed);

      await app.db
        .deleteFrom('log_entries')
        .where('payment_id', 'in', [...declined, ...blocked, ...refunds])
        .execute();
      const removed = await bothRollups();
      expect(removed.totals).toEqual(removed.summed);
    });

    it("answers the series of every method as the sum of each method's series", async () => {
      type Counted = { start: string; attempts: number; failures: number };
      // Both methods in the same 5-minute bucket of the last day.
      const at = minutesAgo(60 * 3);
      const bucketStart = new Date(Math.floor(at.getTime() / (5 * MINUTE)) * 5 * MINUTE).toISOString();
      const bucketOfDay = async () =>
        (await viewer.get('/api/monitoring/failures?range=24h&signal=declines')).body.buckets.find(
          (b: Counted) => b.start === bucketStart,
        );
      const before = await bucketOfDay();
      const declined = { message: 'Insufficient funds', error_code: 'insufficient_funds' };
      await givenAttempts(app.db, card, { at, attempts: 6, failures: 2, ...declined });
      await givenAttempts(app.db, wallet, { at, attempts: 4, failures: 3, ...declined });
      expect(await bucketOfDay()).toMatchObject({ attempts: before.attempts + 10, failures: before.failures + 5 });
      for (const query of ['range=24h&signal=declines', 'range=30d&signal=failures', 'range=7d&signal=technical']) {
        const all = (await viewer.get(`/api/monitoring/failures?${query}`)).body;
        const parts = await Promise.all(
          [card, wallet, carrier].map(
            async (method) =>
              (await viewer.get(`/api/monitoring/failures?${query}&payment_method_id=${method.id}`)).body,
          ),
        );
        expect(parts.every((part) => part.from === all.from)).toBe(true);
        const summed = all.buckets.map((bucket: Counted, i: number) => ({
          start: bucket.start,
          attempts: parts.reduce((n, part) => n + part.buckets[i].attempts, 0),
          failures: parts.reduce((n, part) => n + part.buckets[i].failures, 0),
        }));
        expect(all.buckets.map(({ start, attempts, failures }: Counted) => ({ start, attempts, failures }))).toEqual(
          summed,
        );
        expect(all.totals.attempts).toBe(parts.reduce((n, part) => n + part.totals.attempts, 0));
        expect(all.totals.attempts).toBeGreaterThan(0);
      }
    });
  });

  describe('failed_attempt_* filters of the payments list', () => {
    it('refuses a time that is not ISO 8601', async () => {
      const response = await viewer.list('payments', { filter: { failed_attempt_from: 'yesterday' } });
      expect(response.status).toBe(400);
      expect(response.body.message).toHaveProperty(['filter.failed_attempt_from']);
    });

    it('lists payments with a failed attempt by message, error code or kind alone', async () => {
      const byCode = await listedPaymentIds(viewer, { failed_attempt_error_code: 'do_not_honor' });
      expect(byCode.ids).toEqual(sorted(walletFailures));
      const byMessage = await listedPaymentIds(viewer, { failed_attempt_message: 'Card declined' });
      expect(byMessage.total).toBe(10);
      const technical = await listedPaymentIds(viewer, { failed_attempt_kind: 'technical' });
      expect(technical.ids).toEqual(sorted([...spikeFailures, ...beforeWindowFailure]));
    });
  });
});

describe(`monitoring over the demo data's failure spike (${TEST_DB})`, () => {
  let app: TestApp;
  let lead: ApiClient;
  const now = new Date();

  beforeAll(async () => {
    app = await startTestApp();
    await seedDemoData(app.db, { payments: 2000, now });
    lead = await app.signedIn('operator');
  });
  afterAll(() => app.close());

  it('raises the alert at first start: the demo spike is live, and the alert lists its failing payments', async () => {
    const response = await lead.get('/api/monitoring/alerts');
    expectMatchesContract('GET', '/api/monitoring/alerts', response.status, response.body);
    const alert = response.body;
    expect(alert).toMatchObject({ spike: true, signal: 'technical' });
    expect(alert.spiking).toContain('technical');
    expect(alert.by_message[0]).toMatchObject({ message: 'Issuer unavailable', error_code: 'processing_error' });
    const listed = await listedPaymentIds(lead, alert.filter);
    expect(listed.total).toBe(alert.failed_payments);
    const { rows } = await sql<{ payment_id: number }>`
      SELECT DISTINCT payment_id FROM log_entries
      WHERE action IN ('authorize', 'purchase') AND NOT success AND monitoring_failure_kind(error_code) = 'technical'
        AND created_at >= ${new Date(alert.window.from)} AND created_at < ${new Date(alert.window.to)}`.execute(app.db);
    expect(listed.ids).toEqual(sorted(rows.map((r) => r.payment_id)));
  });

  it("marks the spike on the day's chart, inside the demo spike's window, and nowhere else", async () => {
    const { body: series } = await lead.get('/api/monitoring/failures?range=24h&signal=technical');
    expect(series.spikes.length).toBe(1);
    const spike = demoSpikeWindow(now);
    const [span] = series.spikes;
    expect(Date.parse(span.from)).toBeGreaterThanOrEqual(spike.from.getTime() - 5 * MINUTE);
    expect(Date.parse(span.from)).toBeLessThanOrEqual(spike.from.getTime() + 10 * MINUTE);
    expect(Date.parse(span.to)).toBeGreaterThan(now.getTime());
  });
});
