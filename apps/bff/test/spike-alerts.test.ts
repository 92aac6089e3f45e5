import { spikeAlertBody } from '@paydesk/contract';
import { newPaymentIdentifier } from '@paydesk/domain';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCallbackSignature } from '../src/callbacks/signature.ts';
import type { Db } from '../src/db/database.ts';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import { JobWorker } from '../src/jobs/worker.ts';
import { deliverAlert } from '../src/spike-alerts/deliver-alert.ts';
import { evaluateSpikeAlerts } from '../src/spike-alerts/evaluate-spikes.ts';
import { expectMatchesContract } from './contract.ts';
import { givenPaymentMethod } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';
import { startReceiver } from './receiver.ts';

const MINUTE = 60_000;

let orderNumber = 600_000_000;

/** `attempts` purchase log entries at `at`, the first `failures` of them failed with `error_code`. */
async function givenAttempts(
  db: Db,
  method: PaymentMethodRow,
  {
    at,
    attempts,
    failures,
    error_code = 'timeout',
  }: { at: Date; attempts: number; failures: number; error_code?: string },
) {
  for (let i = 0; i < attempts; i++) {
    const failed = i < failures;
    const order = await db
      .insertInto('orders')
      .values({
        number: `R${++orderNumber}`,
        email: 'ada@example.com',
        currency: 'USD',
        item_total: '20.00',
        total: '20.00',
        state: 'complete',
        payment_state: failed ? 'failed' : 'paid',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const payment = await db
      .insertInto('payments')
      .values({
        identifier: newPaymentIdentifier(),
        order_id: order.id,
        payment_method_id: method.id,
        status: failed ? 'error' : 'confirmed',
        currency: 'USD',
        total: '20.00',
        captured_amount: failed ? '0' : '20.00',
        extra_data: '{}',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('log_entries')
      .values({
        payment_id: payment.id,
        payment_method_id: method.id,
        action: 'purchase',
        success: !failed,
        amount: '20.00',
        currency: 'USD',
        message: failed ? 'The gateway did not answer' : 'Transaction approved',
        error_code: failed ? error_code : null,
        params: '{}',
        created_at: new Date(at.getTime() - i * 1000),
      })
      .execute();
  }
}

interface Delivery {
  id: number;
  episode_id: number;
  event: string;
  url: string;
  status: string;
  attempts: number;
  last_response_code: number | null;
  payload: Record<string, unknown>;
}

describe(`spike alert webhooks (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;
  let viewer: ApiClient;
  let card: PaymentMethodRow;
  let worker: JobWorker;

  beforeAll(async () => {
    app = await startTestApp();
    card = await givenPaymentMethod(app.db, { name: 'Credit card' });
    // A quiet week, written before signing in: an idle keep-alive connection can be closed under a client
    // while a slow database works.
    for (let day = 1; day <= 6; day++) {
      await givenAttempts(app.db, card, {
        at: new Date(Date.now() - day * 24 * 60 * MINUTE),
        attempts: 30,
        failures: 0,
      });
    }
    [admin, viewer] = await Promise.all([app.signedIn('admin'), app.signedIn('viewer')]);
    await admin.put('/api/settings/callbacks_allow_private_addresses', { value: true });
    worker = new JobWorker({
      db: app.db,
      logger: pino({ level: 'silent' }),
      handlers: { alert: deliverAlert(app.db, { timeoutMs: 2000 }) },
    });
  });
  afterAll(() => app.close());

  const deliveries = async (): Promise<Delivery[]> =>
    (await admin.list('monitoring/alert-deliveries', { sort: ['id', 'ASC'], range: [0, 99] })).body;
  const makeDue = () => app.db.updateTable('jobs').set({ run_at: new Date() }).where('done_at', 'is', null).execute();

  it('validates alert_webhook_urls', async () => {
    expect((await admin.put('/api/settings/alert_webhook_urls', { value: ['ftp://example.com/x'] })).status).toBe(400);
    expect((await admin.put('/api/settings/alert_webhook_urls', { value: 'https://example.com' })).status).toBe(400);
    expect((await viewer.put('/api/settings/alert_webhook_urls', { value: [] })).status).toBe(403);
    // As storefront callbacks: no credentials, and no loopback or private address unless allowed.
    const refused = await admin.put('/api/settings/alert_webhook_urls', {
      value: ['https://hooks.example.com/a', 'https://user:secret@hooks.example.com/b'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toEqual({
      value: 'URL 2 (https://user:secret@hooks.example.com/b): Must not carry credentials.',
    });
    await admin.put('/api/settings/callbacks_allow_private_addresses', { value: false });
    try {
      for (const url of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://10.1.2.3/x', 'http://[::1]/x']) {
        const answer = await admin.put('/api/settings/alert_webhook_urls', { value: [url] });
        expect(answer.status).toBe(400);
        expect(answer.body.message.value).toMatch(/loopback or private address/);
      }
      expect(
        (await admin.put('/api/settings/alert_webhook_urls', { value: ['https://hooks.example.com/a'] })).status,
      ).toBe(200);
    } finally {
      await admin.put('/api/settings/callbacks_allow_private_addresses', { value: true });
      await admin.put('/api/settings/alert_webhook_urls', { value: [] });
    }
  });

  it('announces a spike once — even from two instances at once — signed, retried until delivered, then its end', async () => {
    const receiver = await startReceiver([500]);
    const slack = await startReceiver();
    try {
      expect((await admin.put('/api/settings/alert_webhook_urls', { value: [receiver.url, slack.url] })).status).toBe(
        200,
      );
      expect(await evaluateSpikeAlerts(app.db)).toEqual({ started: [], resolved: [] });

      // An outage: every attempt of the last 8 minutes timed out.
      await givenAttempts(app.db, card, { at: new Date(Date.now() - MINUTE), attempts: 12, failures: 12 });
      const [one, two] = await Promise.all([evaluateSpikeAlerts(app.db), evaluateSpikeAlerts(app.db)]);
      expect([...one.started, ...two.started]).toEqual(['technical']);
      expect(await evaluateSpikeAlerts(app.db)).toEqual({ started: [], resolved: [] });

      const listed = await viewer.list('monitoring/spike-episodes');
      expectMatchesContract('GET', '/api/monitoring/spike-episodes', listed.status, listed.body);
      const episodes = listed.body;
      expect(episodes).toHaveLength(1);
      expect(episodes[0]).toMatchObject({ signal: 'technical', resolved_at: null });
      let sent = await deliveries();
      expect(sent.map((d) => [d.event, d.url, d.status])).toEqual([
        ['spike.started', receiver.url, 'pending'],
        ['spike.started', slack.url, 'pending'],
      ]);

      // First try: the receiver answers 500, Slack 200. The failed one waits and is tried again.
      await worker.runOnce();
      await worker.runOnce();
      sent = await deliveries();
      expect(sent.map((d) => [d.status, d.attempts, d.last_response_code])).toEqual([
        ['pending', 1, 500],
        ['delivered', 1, 200],
      ]);
      await makeDue();
      await worker.runOnce();
      sent = await deliveries();
      expect(sent[0]).toMatchObject({ status: 'delivered', attempts: 2, last_response_code: 200 });
      const shown = await viewer.get(`/api/monitoring/alert-deliveries/${sent[0]!.id}`);
      expectMatchesContract('GET', `/api/monitoring/alert-deliveries/${sent[0]!.id}`, shown.status, shown.body);
      expect(shown.body).toMatchObject({ id: sent[0]!.id, status: 'delivered', payload: { signal: 'technical' } });
      const attemptsAnswer = await viewer.get(`/api/monitoring/alert-deliveries/${sent[0]!.id}/attempts`);
      expectMatchesContract(
        'GET',
        `/api/monitoring/alert-deliveries/${sent[0]!.id}/attempts`,
        attemptsAnswer.status,
        attemptsAnswer.body,
      );
      const attempts = attemptsAnswer.body;
      expect(attempts.map((a: { response_code: number }) => a.response_code)).toEqual([200, 500]);

      // Signed like transaction callbacks, with the secret an admin reads; the same body each time.
      expect(receiver.received).toHaveLength(2);
      expect(receiver.received[0]!.body).toBe(receiver.received[1]!.body);
      const secretResponse = await admin.get('/api/monitoring/alert-signing-secret');
      expect(secretResponse.status).toBe(200);
      expectMatchesContract('GET', '/api/monitoring/alert-signing-secret', 200, secretResponse.body);
      expect((await viewer.get('/api/monitoring/alert-signing-secret')).status).toBe(403);
      const { secret } = secretResponse.body;
      for (const received of [...receiver.received, ...slack.received]) {
        expect(received.headers['paydesk-event']).toBe('spike.started');
        expect(verifyCallbackSignature(secret, String(received.headers['paydesk-signature']), received.body)).toBe(
          true,
        );
        expect(verifyCallbackSignature('wrong', String(received.headers['paydesk-signature']), received.body)).toBe(
          false,
        );
      }
      const started = JSON.parse(slack.received[0]!.body);
      // The body is the contract's SpikeAlert (the OpenAPI document's webhook), no field more.
      expect(spikeAlertBody.safeParse(started).error?.issues ?? []).toEqual([]);
      expect(started).toMatchObject({
        event: 'spike.started',
        episode_id: episodes[0].id,
        signal: 'technical',
        signal_name: 'Technical failures',
        resolved_at: null,
        failures: 12,
      });
      expect(started.attempts).toBeGreaterThanOrEqual(12);
      // A Slack incoming webhook reads `text`.
      expect(started.text).toMatch(
        /^:red_circle: Spike: Technical failures\. 12 of \d+ payment attempts failed technically/,
      );

      // The outage is over: the window's attempts succeed again (moved out of the window, as time would).
      await sql`UPDATE log_entries SET created_at = created_at - interval '1 hour' WHERE created_at > now() - interval '20 minutes'`.execute(
        app.db,
      );
      const [a, b] = await Promise.all([evaluateSpikeAlerts(app.db), evaluateSpikeAlerts(app.db)]);
      expect([...a.resolved, ...b.resolved]).toEqual(['technical']);
      const [episode] = (await viewer.list('monitoring/spike-episodes')).body;
      expect(episode.resolved_at).not.toBeNull();
      await worker.runOnce();
      await worker.runOnce();
      sent = await deliveries();
      expect(sent.filter((d) => d.event === 'spike.resolved').map((d) => d.status)).toEqual(['delivered', 'delivered']);
      const resolved = JSON.parse(slack.received.at(-1)!.body);
      expect(spikeAlertBody.safeParse(resolved).error?.issues ?? []).toEqual([]);
      expect(resolved).toMatchObject({ event: 'spike.resolved', episode_id: episode.id, signal: 'technical' });
      expect(resolved.text).toMatch(/^:white_check_mark: Resolved: Technical failures\./);
      expect(slack.received.at(-1)!.headers['paydesk-event']).toBe('spike.resolved');
    } finally {
      await receiver.close();
      await slack.close();
      await admin.put('/api/settings/alert_webhook_urls', { value: [] });
    }
  });

  it('refuses private addresses unless the setting allows them, as callbacks do', async () => {
    const receiver = await startReceiver();
    try {
      // Saved while private addresses were allowed: delivery checks the address again and refuses it.
      expect((await admin.put('/api/settings/alert_webhook_urls', { value: [receiver.url] })).status).toBe(200);
      await admin.put('/api/settings/callbacks_allow_private_addresses', { value: false });
      expect((await admin.put('/api/settings/alert_webhook_urls', { value: [receiver.url] })).status).toBe(400);
      await givenAttempts(app.db, card, { at: new Date(Date.now() - MINUTE), attempts: 10, failures: 10 });
      expect((await evaluateSpikeAlerts(app.db)).started).toEqual(['technical']);
      await worker.runOnce();
      const last = (await deliveries()).at(-1)!;
      expect(last).toMatchObject({ status: 'pending', attempts: 1, last_response_code: null });
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
      await admin.put('/api/settings/callbacks_allow_private_addresses', { value: true });
    }
  });
});
