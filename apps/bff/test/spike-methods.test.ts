import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/database.ts';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import { JobWorker } from '../src/jobs/worker.ts';
import { deliverAlert } from '../src/spike-alerts/deliver-alert.ts';
import { evaluateSpikeAlerts } from '../src/spike-alerts/evaluate-spikes.ts';
import { expectMatchesContract } from './contract.ts';
import { givenAttempts, givenPaymentMethod } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';
import { startReceiver } from './receiver.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** `attempts` purchases of one method up to `at` (a millisecond apart), the first `failures` of them timed out. */
const attemptsUpTo = (db: Db, method: PaymentMethodRow, at: Date, attempts: number, failures: number) =>
  givenAttempts(db, method, {
    at: (i) => new Date(at.getTime() - i),
    attempts,
    failures,
    message: 'The operator did not answer',
    error_code: 'timeout',
  });

/** A card method and carrier billing, with six days of 200 card and 10 carrier attempts without a failure. */
async function givenCardAndCarrier(db: Db) {
  const card = await givenPaymentMethod(db, { name: 'Credit card' });
  const carrier = await givenPaymentMethod(db, { name: 'Carrier billing', type: 'carrier' });
  for (let day = 1; day <= 6; day++) {
    await attemptsUpTo(db, card, new Date(Date.now() - day * DAY), 200, 0);
    await attemptsUpTo(db, carrier, new Date(Date.now() - day * DAY), 10, 0);
  }
  return { card, carrier };
}

type SignalWire = { signal: string; payment_method_id: number | null; spike: boolean; reason: string };

/**
 * Cards take 200 attempts in the window and carrier billing 6, every one of which times out: 6 failures
 * in 206 attempts overall (2.9 %, under the minimum effect), but all of carrier billing's. The baseline:
 * six days of 200 card and 10 carrier attempts without a failure.
 */
describe(`spike signals per payment method (${TEST_DB})`, () => {
  let app: TestApp;
  let viewer: ApiClient;
  let admin: ApiClient;
  let card: PaymentMethodRow;
  let carrier: PaymentMethodRow;

  beforeAll(async () => {
    app = await startTestApp();
    ({ card, carrier } = await givenCardAndCarrier(app.db));
    // The window's attempts within one 5-minute step, so that every window holds all of them or none: the
    // carrier's failures are never alone in a shorter one.
    const step = 5 * MINUTE;
    if (Date.now() % step < 2000) await new Promise((resolve) => setTimeout(resolve, 2000));
    const at = new Date(Date.now() - 1000);
    await attemptsUpTo(app.db, card, at, 200, 0);
    await attemptsUpTo(app.db, carrier, at, 6, 6);
    [viewer, admin] = await Promise.all([app.signedIn('viewer'), app.signedIn('admin')]);
    await admin.put('/api/settings/callbacks_allow_private_addresses', { value: true });
  });
  afterAll(() => app.close());

  it("raises the carrier's technical signal alone, judged at the significance calibrated over 9 signals", async () => {
    const response = await viewer.get('/api/monitoring/alerts');
    expect(response.status).toBe(200);
    expectMatchesContract('GET', '/api/monitoring/alerts', response.status, response.body);
    const alert = response.body;
    // Declines, technical failures and fraud blocks over every method, cards and carrier billing; no money
    // operation in the lookback, so those are not counted.
    expect(alert.signals_judged).toBe(3 * 3);
    // Every window at the α calibrated on the week before, at most 0.001.
    expect(alert.significance).toBeGreaterThan(0);
    expect(alert.significance).toBeLessThanOrEqual(0.001);
    expect(alert.spike).toBe(true);
    expect(alert.spiking).toEqual(['technical']);
    expect(alert.spikes).toEqual([
      { signal: 'technical', payment_method_id: carrier.id, payment_method_name: 'Carrier billing' },
    ]);
    // Every method together: below the minimum effect.
    const overall = alert.signals.find((s: SignalWire) => s.signal === 'technical');
    expect(overall).toMatchObject({ payment_method_id: null, spike: false, reason: 'below_effect', failures: 6 });
    expect(alert.methods.map((m: { payment_method_id: number }) => m.payment_method_id)).toEqual([card.id, carrier.id]);
    const own = (id: number) =>
      alert.methods.find((m: { payment_method_id: number }) => m.payment_method_id === id).signals;
    expect(own(carrier.id).find((s: SignalWire) => s.signal === 'technical')).toMatchObject({
      payment_method_id: carrier.id,
      spike: true,
      attempts: 6,
      failures: 6,
      filter: { payment_method_id: carrier.id, failed_attempt_kind: 'technical' },
    });
    expect(own(card.id).some((s: SignalWire) => s.spike)).toBe(false);

    // The body is about the spike: the carrier's technical failures, and a link to exactly its 6 payments.
    expect(alert).toMatchObject({
      signal: 'technical',
      payment_method_id: carrier.id,
      payment_method_name: 'Carrier billing',
      attempts: 6,
      failures: 6,
      failed_payments: 6,
      filter: { payment_method_id: carrier.id, failed_attempt_kind: 'technical' },
    });
    const listed = await viewer.list('payments', { filter: alert.filter, range: [0, 99] });
    expect(listed.body).toHaveLength(6);
    expect(listed.body.every((p: { payment_method_id: number }) => p.payment_method_id === carrier.id)).toBe(true);
    expect(alert.by_message).toEqual([
      expect.objectContaining({ message: 'The operator did not answer', error_code: 'timeout', failures: 6 }),
    ]);

    // Asked for every method's technical signal: no spike, its own numbers.
    const asked = (await viewer.get('/api/monitoring/alerts?signal=technical')).body;
    expect(asked).toMatchObject({ signal: 'technical', payment_method_id: null, attempts: 206, failures: 6 });
    const card_ = (await viewer.get(`/api/monitoring/alerts?signal=technical&payment_method_id=${card.id}`)).body;
    expect(card_).toMatchObject({ payment_method_id: card.id, attempts: 200, failures: 0 });
    expect((await viewer.get('/api/monitoring/alerts?payment_method_id=999999')).status).toBe(404);
  });

  it("marks the spike on the carrier's own series, at the same significance, and not on every method's", async () => {
    const own = await viewer.get(`/api/monitoring/failures?range=24h&signal=technical&payment_method_id=${carrier.id}`);
    expect(own.status).toBe(200);
    expectMatchesContract('GET', '/api/monitoring/failures', own.status, own.body);
    expect(own.body).toMatchObject({ signals_judged: 9, payment_method_id: carrier.id });
    // The series at the α of now, as /alerts.
    expect(own.body.significance).toBe((await viewer.get('/api/monitoring/alerts')).body.significance);
    expect(own.body.buckets.at(-1).spike).toBe(true);
    const all = (await viewer.get('/api/monitoring/failures?range=24h&signal=technical')).body;
    expect(all.spikes).toEqual([]);
  });

  it("opens an episode of the carrier's signal, announces it naming the method, and resolves it", async () => {
    const receiver = await startReceiver();
    const worker = new JobWorker({
      db: app.db,
      logger: pino({ level: 'silent' }),
      handlers: { alert: deliverAlert(app.db, { timeoutMs: 2000 }) },
    });
    try {
      await admin.put('/api/settings/alert_webhook_urls', { value: [receiver.url] });
      const [a, b] = await Promise.all([evaluateSpikeAlerts(app.db), evaluateSpikeAlerts(app.db)]);
      expect([...a.started, ...b.started]).toEqual([`technical@${carrier.id}`]);
      expect(await evaluateSpikeAlerts(app.db)).toEqual({ started: [], resolved: [] });

      const episodes = await viewer.list('monitoring/spike-episodes');
      expectMatchesContract('GET', '/api/monitoring/spike-episodes', episodes.status, episodes.body);
      expect(episodes.body).toHaveLength(1);
      expect(episodes.body[0]).toMatchObject({ signal: 'technical', payment_method_id: carrier.id, resolved_at: null });
      const one = await viewer.get(`/api/monitoring/spike-episodes/${episodes.body[0].id}`);
      expectMatchesContract('GET', '/api/monitoring/spike-episodes/{id}', one.status, one.body);
      expect(Object.keys(one.body).sort()).toEqual(
        ['id', 'payment_method_id', 'resolved_at', 'resolved_body', 'signal', 'started_at', 'started_body'].sort(),
      );
      const filtered = await viewer.list('monitoring/spike-episodes', { filter: { payment_method_id: card.id } });
      expect(filtered.body).toEqual([]);

      await worker.runOnce();
      const started = JSON.parse(receiver.received[0]!.body);
      expect(started).toMatchObject({
        event: 'spike.started',
        signal: 'technical',
        signal_name: 'Technical failures of Carrier billing',
        payment_method_id: carrier.id,
        payment_method_name: 'Carrier billing',
        attempts: 6,
        failures: 6,
      });
      expect(started.text).toMatch(
        /^:red_circle: Spike: Technical failures of Carrier billing\. 6 of 6 payment attempts failed technically .*\(Carrier billing\)/,
      );
      const deliveries = await admin.list('monitoring/alert-deliveries', { sort: ['id', 'ASC'] });
      expectMatchesContract('GET', '/api/monitoring/alert-deliveries', deliveries.status, deliveries.body);
      expect(deliveries.body[0]).toMatchObject({ status: 'delivered', payload: { payment_method_id: carrier.id } });
      const attempts = await viewer.get(`/api/monitoring/alert-deliveries/${deliveries.body[0].id}/attempts`);
      expectMatchesContract(
        'GET',
        `/api/monitoring/alert-deliveries/${deliveries.body[0].id}/attempts`,
        attempts.status,
        attempts.body,
      );
      expect(attempts.body).toHaveLength(1);

      // Over: the window's entries move out of it, as time would move them.
      await sql`UPDATE log_entries SET created_at = created_at - interval '1 hour' WHERE created_at > now() - interval '20 minutes'`.execute(
        app.db,
      );
      expect((await evaluateSpikeAlerts(app.db)).resolved).toEqual([`technical@${carrier.id}`]);
      await worker.runOnce();
      const resolved = JSON.parse(receiver.received.at(-1)!.body);
      expect(resolved).toMatchObject({ event: 'spike.resolved', payment_method_id: carrier.id });
      expect(resolved.text).toMatch(/^:white_check_mark: Resolved: Technical failures of Carrier billing\./);
    } finally {
      await receiver.close();
      await admin.put('/api/settings/alert_webhook_urls', { value: [] });
    }
  });
});

/**
 * The steps before the one that holds now are judged as kept from an earlier answer of the same step until
 * their counts change: a late write to one of them, or a log entry moved to another method, is in the next
 * answer.
 */
describe(`spike signals per payment method, steps before now written late (${TEST_DB})`, () => {
  let app: TestApp;
  let viewer: ApiClient;
  let card: PaymentMethodRow;
  let carrier: PaymentMethodRow;
  const step = 5 * MINUTE;

  beforeAll(async () => {
    app = await startTestApp();
    ({ card, carrier } = await givenCardAndCarrier(app.db));
    viewer = await app.signedIn('viewer');
  });
  afterAll(() => app.close());

  const technical = async (id: number) => {
    const alert = (await viewer.get('/api/monitoring/alerts')).body;
    const own = alert.methods.find((m: { payment_method_id: number }) => m.payment_method_id === id);
    return { alert, own: own?.signals.find((s: SignalWire) => s.signal === 'technical') };
  };

  it('judges a late write to the step before now, and the entries moved to another method', async () => {
    // All of it within one step, so that every answer is of the same step and its kept counts. It takes well under
    // a second; in a step's last 10 s it waits for the next step.
    if (Date.now() % step > step - 10_000)
      await new Promise((resolve) => setTimeout(resolve, step - (Date.now() % step)));
    const stepStart = Math.floor(Date.now() / step) * step;
    const before = await technical(carrier.id);
    expect(before.alert.spike).toBe(false);
    expect(before.own).toMatchObject({ spike: false, failures: 0 });

    // The step before now, inside the window: the carrier's 6 timeouts among the cards' 200 attempts.
    const late = new Date(stepStart - MINUTE);
    await attemptsUpTo(app.db, card, late, 200, 0);
    await attemptsUpTo(app.db, carrier, late, 6, 6);
    const after = await technical(carrier.id);
    expect(after.alert.spikes).toEqual([
      { signal: 'technical', payment_method_id: carrier.id, payment_method_name: 'Carrier billing' },
    ]);
    expect(after.own).toMatchObject({ spike: true, attempts: 6, failures: 6 });

    // The same counts in every bucket, of the cards now: the carrier has nothing in the window.
    await sql`UPDATE log_entries SET payment_method_id = ${card.id}
              WHERE payment_method_id = ${carrier.id} AND created_at >= ${new Date(stepStart - step)}`.execute(app.db);
    const moved = await technical(carrier.id);
    expect(moved.alert.spike).toBe(false);
    expect(moved.own).toMatchObject({ spike: false, attempts: 0, failures: 0 });
    expect((await technical(card.id)).own).toMatchObject({ attempts: 206, failures: 6 });
    expect(Math.floor(Date.now() / step) * step).toBe(stepStart);
  });
});
