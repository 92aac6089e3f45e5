import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureRunner } from '../src/capture-runs/capture-runner.ts';
import { claimItems } from '../src/capture-runs/capture-runs.repository.ts';
import { defaultGateways } from '../src/gateways/registry.ts';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import { expectMatchesContract } from './contract.ts';
import { givenPayment, givenPaymentMethod, type GivenPayment } from './fixtures.ts';
import { randomKey, startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

const DAY = 86_400_000;
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe(`capture runs (${TEST_DB})`, () => {
  let app: TestApp;
  let operator: ApiClient;
  let viewer: ApiClient;
  let card: PaymentMethodRow;

  beforeAll(async () => {
    app = await startTestApp({ logger });
    operator = await app.signedIn('operator');
    viewer = await app.signedIn('viewer');
    card = await givenPaymentMethod(app.db, { name: 'Card' });
  });
  afterAll(() => app.close());

  const payment = async (given: GivenPayment = {}, method = card) =>
    (await givenPayment(app.db, method, given)).payment;
  const runner = (options: Partial<ConstructorParameters<typeof CaptureRunner>[0]> = {}) =>
    new CaptureRunner({ db: app.db, gateways: defaultGateways(), logger, pollMs: 20, ...options });
  const work = async (runId: number, options: Partial<ConstructorParameters<typeof CaptureRunner>[0]> = {}) => {
    const r = runner(options);
    r.start();
    try {
      await r.drain(runId, 60_000);
    } finally {
      await r.stop();
    }
  };
  const captureEntries = (paymentId: number) =>
    app.db
      .selectFrom('log_entries')
      .selectAll()
      .where('payment_id', '=', paymentId)
      .where('action', '=', 'capture')
      .execute();
  const methodWith = async (name: string, preferences: Record<string, unknown>) => {
    const method = await givenPaymentMethod(app.db, { name });
    return app.db
      .updateTable('payment_methods')
      .set({ preferences: JSON.stringify(preferences) })
      .where('id', '=', method.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  };

  describe('POST /api/capture-runs/preview', () => {
    it('counts and sums what would be captured per currency, and each exclusion with its reason', async () => {
      const method = await methodWith('Preview card', { authorization_ttl_days: 7 });
      const usd1 = await payment({ total: '10.00' }, method);
      const usd2 = await payment({ total: '15.50' }, method);
      const eur = await payment({ currency: 'EUR', total: '7.25' }, method);
      const jpy = await payment(
        { currency: 'JPY', total: '500', created_at: new Date(Date.now() - 6.5 * DAY) },
        method,
      );
      const review = await payment({ fraud_status: 'review', total: '99.00' }, method);
      const expired = await payment({ total: '12.00', created_at: new Date(Date.now() - 8 * DAY) }, method);
      const confirmed = await payment({ status: 'confirmed', captured_amount: '3.00', total: '3.00' }, method);
      const inFlight = await payment({ total: '4.00' }, method);
      await app.db
        .updateTable('payments')
        .set({ operation: 'capture', operation_started_at: new Date(), operation_key: 'k', operation_amount: '4.00' })
        .where('id', '=', inFlight.id)
        .execute();
      const ids = [usd1, usd2, eur, jpy, review, expired, confirmed, inFlight].map((p) => p.id);

      const response = await operator.post('/api/capture-runs/preview', { ids });
      expect(response.status).toBe(200);
      expectMatchesContract('POST', '/api/capture-runs/preview', response.status, response.body);
      expect(response.body).toEqual({
        matched: 8,
        capturable: 4,
        expiring_soon: 1,
        expiring_soon_hours: 24,
        by_currency: [
          { currency: 'EUR', count: 1, amount: '7.25', expiring_soon: 0 },
          { currency: 'JPY', count: 1, amount: '500', expiring_soon: 1 },
          { currency: 'USD', count: 2, amount: '25.50', expiring_soon: 0 },
        ],
        exclusions: [
          { reason: 'not_preauth', count: 1 },
          { reason: 'operation_in_flight', count: 1 },
          { reason: 'fraud_review', count: 1 },
          { reason: 'authorization_expired', count: 1 },
        ],
      });
      // A preview changes nothing.
      expect(await app.db.selectFrom('capture_runs').selectAll().execute()).toHaveLength(0);

      const byFilter = await operator.post('/api/capture-runs/preview', {
        filter: { payment_method_id: method.id, currency: 'USD' },
      });
      expect(byFilter.body).toMatchObject({
        // A filter names authorizations only: the confirmed payment is not part of it.
        matched: 5,
        capturable: 2,
        by_currency: [{ currency: 'USD', count: 2, amount: '25.50' }],
      });
    });

    it('refuses bad selections with a clear error and no run', async () => {
      const bad = [
        {},
        { ids: [] },
        { ids: [1, 1] },
        { ids: ['x'] },
        { ids: [1], filter: {} },
        { filter: { nope: 1 } },
        { filter: { status: 'nonsense' } },
        { filter: 'status' },
      ];
      for (const body of bad) {
        const response = await operator.post('/api/capture-runs/preview', body);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(response.body.code).toBe('InvalidArgument');
      }
      const missing = await operator.post('/api/capture-runs', { ids: [987654] });
      expect(missing.status).toBe(400);
      expect(missing.body.message).toEqual({ ids: 'No such payment: 987654.' });
      const nothing = await operator.post('/api/capture-runs', { filter: { q: 'no-such-payment-anywhere' } });
      expect(nothing.status).toBe(400);
      expect(await app.db.selectFrom('capture_runs').selectAll().execute()).toHaveLength(0);
    });

    it('is not open to viewers', async () => {
      const p = await payment();
      expect((await viewer.post('/api/capture-runs/preview', { ids: [p.id] })).status).toBe(403);
      expect((await viewer.post('/api/capture-runs', { ids: [p.id] })).status).toBe(403);
    });
  });

  describe('a run', () => {
    it('is made with its payments fixed (202), idempotently, audited; then captures each one once', async () => {
      const method = await methodWith('Run card', {});
      const ok = await Promise.all(['20.00', '21.10', '22.20'].map((total) => payment({ total }, method)));
      const declined = await payment({ total: '30.02' }, method);
      const timeout = await payment({ total: '40.05' }, method);
      const eur = await payment({ currency: 'EUR', total: '9.99' }, method);
      const review = await payment({ fraud_status: 'review', total: '50.00' }, method);
      const key = randomKey('run');
      const created = await operator.post(
        '/api/capture-runs',
        { filter: { payment_method_id: method.id } },
        {
          'Idempotency-Key': key,
        },
      );
      expect(created.status).toBe(202);
      expectMatchesContract('POST', '/api/capture-runs', created.status, created.body);
      expect(created.body).toMatchObject({
        status: 'queued',
        total: 7,
        captured: 0,
        failed: 0,
        skipped: 1,
        remaining: 6,
        captured_amounts: {},
        started_at: null,
        finished_at: null,
      });
      const runId = created.body.id;
      const again = await operator.post(
        '/api/capture-runs',
        { filter: { payment_method_id: method.id } },
        {
          'Idempotency-Key': key,
        },
      );
      expect(again.status).toBe(202);
      expect(again.body.id).toBe(runId);
      expect(await app.db.selectFrom('capture_runs').selectAll().where('id', '=', runId).execute()).toHaveLength(1);

      // Fixed when made: a payment authorized afterwards is not part of it.
      const later = await payment({ total: '60.00' }, method);

      await work(runId);
      const run = await operator.get(`/api/capture-runs/${runId}`);
      expectMatchesContract('GET', `/api/capture-runs/${runId}`, run.status, run.body);
      const items = await operator.get(`/api/capture-runs/${runId}/items`);
      expectMatchesContract('GET', `/api/capture-runs/${runId}/items`, items.status, items.body);
      const runs = await operator.get('/api/capture-runs');
      expectMatchesContract('GET', '/api/capture-runs', runs.status, runs.body);
      expect(run.body).toMatchObject({
        id: runId,
        status: 'done',
        total: 7,
        captured: 4,
        failed: 2,
        skipped: 1,
        remaining: 0,
        captured_amounts: { EUR: '9.99', USD: '63.30' },
      });
      expect(run.body.started_at).not.toBeNull();
      expect(run.body.finished_at).not.toBeNull();

      for (const p of [...ok, eur]) {
        expect(await captureEntries(p.id)).toHaveLength(1);
        const stored = await app.db.selectFrom('payments').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
        expect(stored.status).toBe('confirmed');
      }
      expect(await captureEntries(declined.id)).toHaveLength(1);
      expect(await captureEntries(timeout.id)).toHaveLength(1);
      expect(await captureEntries(review.id)).toHaveLength(0);
      expect(await captureEntries(later.id)).toHaveLength(0);

      // Each capture is its own audited command, by the run's creator, with a key that names the run.
      const events = await app.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'payment.capture')
        .where('idempotency_key', 'like', `capture-run-${runId}-payment-%`)
        .execute();
      expect(events).toHaveLength(6);
      expect(events.filter((e) => e.outcome === 'succeeded')).toHaveLength(4);
      expect(events.filter((e) => e.outcome === 'failed')).toHaveLength(2);
      const creation = await app.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'capture-runs.create')
        .where('record_id', '=', String(runId))
        .execute();
      expect(creation).toMatchObject([{ outcome: 'succeeded', idempotency_key: key }]);

      const failed = await operator.get(
        `/api/capture-runs/${runId}/items?filter=${encodeURIComponent('{"outcome":"failed"}')}`,
      );
      expect(failed.headers.get('content-range')).toBe('capture-run-items 0-1/2');
      expect(failed.body).toEqual([
        expect.objectContaining({
          payment_id: declined.id,
          outcome: 'failed',
          error_code: 'GatewayDeclined',
          amount: '30.02',
          captured_amount: null,
          gateway_duration_ms: expect.any(Number),
        }),
        expect.objectContaining({ payment_id: timeout.id, outcome: 'failed', error_code: 'GatewayUnavailable' }),
      ]);
      const skipped = await operator.get(
        `/api/capture-runs/${runId}/items?filter=${encodeURIComponent('{"outcome":"skipped"}')}`,
      );
      expect(skipped.body).toEqual([
        expect.objectContaining({ payment_id: review.id, exclusion: 'fraud_review', error_code: 'InvalidState' }),
      ]);
      const captured = await operator.get(
        `/api/capture-runs/${runId}/items?filter=${encodeURIComponent('{"outcome":"captured"}')}`,
      );
      expect(captured.body.map((item: { captured_amount: string }) => item.captured_amount).sort()).toEqual([
        '20.00',
        '21.10',
        '22.20',
        '9.99',
      ]);
      expect(
        (await operator.get(`/api/capture-runs/${runId}/items?filter=${encodeURIComponent('{"outcome":"x"}')}`)).status,
      ).toBe(400);

      const csv = await viewer.get(`/api/capture-runs/${runId}/items.csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = (csv.body as string).trim().split('\n');
      expect(lines[0]).toBe(
        'payment_id,payment_identifier,currency,amount,outcome,exclusion,error_code,error_message,captured_amount,gateway_duration_ms,started_at,finished_at',
      );
      expect(lines).toHaveLength(8);
      expect(lines.find((line) => line.startsWith(`${declined.id},`))).toMatch(/,30\.02,failed,,GatewayDeclined,/);
      // The items list's own filter and sort, through the shared export (audited).
      const failedOnly = await viewer.get(
        `/api/capture-runs/${runId}/items.csv?filter=${encodeURIComponent('{"outcome":"failed"}')}&sort=${encodeURIComponent('["payment_id","DESC"]')}`,
      );
      expect(failedOnly.headers.get('content-disposition')).toBe(`attachment; filename="capture-run-${runId}.csv"`);
      const failedIds = (failedOnly.body as string)
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => Number(line.split(',')[0]));
      expect(failedIds).toEqual([declined.id, timeout.id].sort((a, b) => b - a));
      expect(
        await app.db
          .selectFrom('audit_events')
          .select('note')
          .where('action', '=', 'capture-run-items.export')
          .orderBy('id', 'desc')
          .executeTakeFirst(),
      ).toMatchObject({ note: expect.stringContaining('"rows":2') });

      // Everyone reads runs: the list (ra-data-simple-rest) and one run.
      const list = await viewer.list('capture-runs', { sort: ['id', 'DESC'], range: [0, 9] });
      expect(list.status).toBe(200);
      expect(list.headers.get('content-range')).toMatch(/^capture-runs 0-\d+\/\d+$/);
      expect(list.body[0]).toMatchObject({ id: runId, status: 'done', captured: 4 });
      expect((await viewer.get('/api/capture-runs/999999')).status).toBe(404);
      expect((await viewer.get('/api/capture-runs/abc')).status).toBe(404);

      // The failed ones again, as a new run; retry takes no body.
      const retryWithIds = await operator.post(`/api/capture-runs/${runId}/retry`, { ids: [declined.id] });
      expect(retryWithIds.status).toBe(400);
      expect(retryWithIds.body.message).toEqual({ body: 'Unknown field: ids.' });
      const retry = await operator.post(`/api/capture-runs/${runId}/retry`);
      expect(retry.status).toBe(202);
      expect(retry.body).toMatchObject({ total: 2, retry_of: runId, selection: { ids: [declined.id, timeout.id] } });
      await work(retry.body.id);
      const retried = await operator.get(`/api/capture-runs/${retry.body.id}`);
      // The declined payment is rejected now, the timed-out one in error: a capture refuses both.
      expect(retried.body).toMatchObject({ status: 'done', captured: 0, skipped: 2 });
      expect(await captureEntries(declined.id)).toHaveLength(1);
      expect((await operator.post(`/api/capture-runs/${retry.body.id}/retry`)).status).toBe(409);
    });

    it('never takes more than the method’s max_concurrency at once', async () => {
      const method = await methodWith('Narrow card', { max_concurrency: 3, latency_ms: 40 });
      const payments = await Promise.all(Array.from({ length: 12 }, () => payment({ total: '11.00' }, method)));
      const created = await operator.post('/api/capture-runs', { ids: payments.map((p) => p.id) });
      const r = runner();
      r.start();
      let peak = 0;
      const sampler = setInterval(async () => {
        const row = await app.db
          .selectFrom('capture_run_items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('run_id', '=', created.body.id)
          .where('status', '=', 'in_flight')
          .executeTakeFirstOrThrow();
        peak = Math.max(peak, Number(row.n));
      }, 5);
      await r.drain(created.body.id);
      clearInterval(sampler);
      await r.stop();
      expect(peak).toBeGreaterThan(0);
      expect(peak).toBeLessThanOrEqual(3);
      const run = await operator.get(`/api/capture-runs/${created.body.id}`);
      expect(run.body).toMatchObject({ status: 'done', captured: 12 });
    });

    it('an item that ends hands its slot to the next at once, in the transaction that records it', async () => {
      const method = await methodWith('Steady card', { max_concurrency: 3, latency_ms: 30 });
      const payments = await Promise.all(
        Array.from({ length: 12 }, (_, i) => payment({ total: i === 4 ? '30.02' : '12.00' }, method)),
      );
      const created = await operator.post('/api/capture-runs', { ids: payments.map((p) => p.id) });
      await work(created.body.id);
      const items = await app.db
        .selectFrom('capture_run_items')
        .select(['id', 'status', 'started_at', 'finished_at', 'gateway_duration_ms'])
        .where('run_id', '=', created.body.id)
        .orderBy('id')
        .execute();
      expect(items.filter((item) => item.status === 'captured')).toHaveLength(11);
      expect(items.filter((item) => item.status === 'failed')).toHaveLength(1);
      const finished = new Set(items.map((item) => item.finished_at!.getTime()));
      // The first three fill the free slots; each later one started as (in the statement that) another ended.
      const handedOn = items.filter((item) => finished.has(item.started_at!.getTime()));
      expect(handedOn).toHaveLength(9);
      for (const item of items) expect(item.gateway_duration_ms).toBeGreaterThanOrEqual(25);
    });

    it('cancel stops taking items; the captures at the gateway finish and are recorded', async () => {
      // Captures slow enough that none ends between seeing two at the gateway and the cancel, however loaded
      // the machine: the cancel then finds exactly two in flight and six to skip.
      const method = await methodWith('Slow card', { max_concurrency: 2, latency_ms: 2_000 });
      const payments = await Promise.all(Array.from({ length: 8 }, () => payment({ total: '13.00' }, method)));
      const created = await operator.post('/api/capture-runs', { ids: payments.map((p) => p.id) });
      const runId = created.body.id;
      const r = runner();
      r.start();
      // Wait until two captures are at the gateway.
      let inFlight = 0;
      for (let i = 0; i < 1000 && inFlight < 2; i++) {
        inFlight = (await operator.get(`/api/capture-runs/${runId}`)).body.in_flight;
        if (inFlight < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(inFlight).toBe(2);
      expect((await viewer.post(`/api/capture-runs/${runId}/cancel`)).status).toBe(403);
      // Cancel takes no body (the contract's EmptyRequest): an unknown field is refused and the run goes on.
      const withReason = await operator.post(`/api/capture-runs/${runId}/cancel`, { reason: 'wrong filter' });
      expect(withReason.status).toBe(400);
      expect(withReason.body.message).toEqual({ body: 'Unknown field: reason.' });
      expect((await operator.get(`/api/capture-runs/${runId}`)).body.status).not.toBe('canceled');
      const canceled = await operator.post(`/api/capture-runs/${runId}/cancel`);
      expect(canceled.status).toBe(200);
      expect(canceled.body).toMatchObject({ status: 'canceled', in_flight: 2, skipped: 6 });
      await r.drain(runId);
      await r.stop();
      const run = await operator.get(`/api/capture-runs/${runId}`);
      expect(run.body).toMatchObject({ status: 'canceled', captured: 2, skipped: 6, remaining: 0 });
      expect(run.body.finished_at).not.toBeNull();
      const logged = await app.db
        .selectFrom('log_entries')
        .select('payment_id')
        .where('action', '=', 'capture')
        .where(
          'payment_id',
          'in',
          payments.map((p) => p.id),
        )
        .execute();
      expect(logged).toHaveLength(2);
      const items = await operator.get(
        `/api/capture-runs/${runId}/items?filter=${encodeURIComponent('{"error_code":"Canceled"}')}`,
      );
      expect(items.body).toHaveLength(6);
      const again = await operator.post(`/api/capture-runs/${runId}/cancel`);
      expect(again.status).toBe(409);
      const audits = await app.db
        .selectFrom('audit_events')
        .select(['outcome'])
        .where('action', '=', 'capture-runs.cancel')
        .where('record_id', '=', String(runId))
        .orderBy('id')
        .execute();
      expect(audits.map((a) => a.outcome)).toEqual(['denied', 'succeeded', 'refused']);
    });

    it('an item whose runner died before its capture reached the gateway is captured once, by another runner', async () => {
      const method = await methodWith('Orphan card', {});
      const payments = await Promise.all(Array.from({ length: 3 }, () => payment({ total: '14.00' }, method)));
      const created = await operator.post('/api/capture-runs', { ids: payments.map((p) => p.id) });
      // A runner claims every item and dies before calling anything.
      const { items } = await claimItems(app.db, 'runner-that-died', method.id, [created.body.id], 10, 1);
      expect(items).toHaveLength(3);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await work(created.body.id, { leaseSeconds: 1 });
      const run = await operator.get(`/api/capture-runs/${created.body.id}`);
      expect(run.body).toMatchObject({ status: 'done', captured: 3 });
      for (const p of payments) expect(await captureEntries(p.id)).toHaveLength(1);
    });

    it('an item whose runner died after its capture was recorded takes its outcome from the payment', async () => {
      const method = await methodWith('Recorded card', {});
      const p = await payment({ total: '16.00' }, method);
      const created = await operator.post('/api/capture-runs', { ids: [p.id] });
      await claimItems(app.db, 'runner-that-died', method.id, [created.body.id], 10, 1);
      // The capture happened (as the dead runner's would have) but the item was never recorded.
      expect((await operator.post(`/api/payments/${p.id}/capture`)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await work(created.body.id, { leaseSeconds: 1 });
      const run = await operator.get(`/api/capture-runs/${created.body.id}`);
      expect(run.body).toMatchObject({ status: 'done', captured: 1, captured_amounts: { USD: '16.00' } });
      expect(await captureEntries(p.id)).toHaveLength(1);
    });
  });

  describe('POST /api/payments/bulk-capture', () => {
    it('is a run, answered as before: one result per id', async () => {
      const ok = await payment({ total: '50.00' });
      const declined = await payment({ total: '50.02' });
      const response = await operator.post('/api/payments/bulk-capture', { ids: [ok.id, declined.id, 999999] });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject([
        { id: ok.id, ok: true, payment: { status: 'confirmed' } },
        { id: declined.id, ok: false, error: { code: 'GatewayDeclined' } },
        { id: 999999, ok: false, error: { code: 'NotFound' } },
      ]);
      const runs = await app.db
        .selectFrom('capture_run_items')
        .select('run_id')
        .where('payment_id', '=', ok.id)
        .execute();
      expect(runs).toHaveLength(1);
    });
  });
});
