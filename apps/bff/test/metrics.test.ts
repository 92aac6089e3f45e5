import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayAdapter } from '../src/gateways/gateway.ts';
import { response } from '../src/gateways/gateway.ts';
import type { GatewayRegistry } from '../src/gateways/registry.ts';
import { enqueueJob } from '../src/jobs/jobs.repository.ts';
import { instrumentGateways } from '../src/metrics/instrument-gateways.ts';
import { Metrics } from '../src/metrics/metrics.ts';
import { givenPayment, givenPaymentMethod } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

const TOKEN = 'metrics-token-0123456789abcdef';

/** The value of one series in Prometheus's text format, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe(`GET /metrics (${TEST_DB})`, () => {
  let app: TestApp;
  let staff: ApiClient;
  const scrape = async () => {
    const answer = await app.client().get('/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(answer.status).toBe(200);
    return answer.body as string;
  };

  beforeAll(async () => {
    app = await startTestApp({ metricsToken: TOKEN });
    staff = await app.signedIn('admin');
  });
  afterAll(() => app.close());

  it('is off without PAYDESK_METRICS_TOKEN', async () => {
    const off = await startTestApp();
    try {
      const answer = await off.client().get('/metrics', { authorization: `Bearer ${TOKEN}` });
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ code: 'NotFound', message: 'No such endpoint.' });
    } finally {
      await off.close();
    }
  });

  it('answers only its bearer token', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${TOKEN}`, TOKEN]) {
      const answer = await app.client().get('/metrics', authorization ? { authorization } : {});
      expect(answer.status).toBe(401);
      expect(answer.body.code).toBe('Unauthenticated');
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    const answer = await app.client().get('/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('times requests by route pattern and status, never by the URL itself', async () => {
    const card = '4111111111111111';
    expect((await staff.get(`/api/payments/${card}`)).status).toBe(404);
    expect((await staff.get('/api/payments/31337')).status).toBe(404);
    expect((await staff.get('/api/payments?range=[0,9]')).status).toBe(200);
    expect((await app.client().get('/api/payments')).status).toBe(401);
    const text = await scrape();
    const count = (route: string, status: string) =>
      sample(text, 'paydesk_http_request_duration_seconds_count', { method: 'GET', route, status });
    expect(count('/api/payments/:id', '404')).toBe(2);
    expect(count('/api/payments', '200')).toBe(1);
    expect(count('(unmatched)', '401')).toBeGreaterThanOrEqual(1);
    expect(count('/api/auth/me', '200')).toBeUndefined();
    expect(text).not.toContain(card);
    expect(text).not.toContain('/31337');
  });

  it('times gateway calls by method type, action and outcome', async () => {
    const method = await givenPaymentMethod(app.db, { type: 'bogus' });
    const { payment } = await givenPayment(app.db, method, { status: 'preauth' });
    expect((await staff.post(`/api/payments/${payment.id}/capture`)).status).toBe(200);
    const text = await scrape();
    expect(
      sample(text, 'paydesk_gateway_call_duration_seconds_count', {
        method_type: 'bogus',
        action: 'capture',
        outcome: 'success',
      }),
    ).toBe(1);
  });

  it('tells the job queue by kind: waiting, running, scheduled, and the oldest wait', async () => {
    await enqueueJob(app.db, 'test-kind', {}, new Date(Date.now() - 120_000));
    await enqueueJob(app.db, 'test-kind', {}, new Date(Date.now() - 5_000));
    await enqueueJob(app.db, 'test-kind', {}, new Date(Date.now() + 3_600_000));
    const text = await scrape();
    expect(sample(text, 'paydesk_job_queue_jobs', { kind: 'test-kind', state: 'waiting' })).toBe(2);
    expect(sample(text, 'paydesk_job_queue_jobs', { kind: 'test-kind', state: 'scheduled' })).toBe(1);
    expect(sample(text, 'paydesk_job_queue_jobs', { kind: 'test-kind', state: 'running' })).toBe(0);
    expect(sample(text, 'paydesk_job_queue_oldest_waiting_seconds', { kind: 'test-kind' })).toBeGreaterThanOrEqual(119);
    // Kinds with nothing queued still have their series.
    expect(sample(text, 'paydesk_job_queue_jobs', { kind: 'callback', state: 'waiting' })).toBe(0);
    await app.db.deleteFrom('jobs').where('kind', '=', 'test-kind').execute();
  });

  it('tells the spike state, capture runs, undelivered callbacks and the database', async () => {
    const text = await scrape();
    expect(sample(text, 'paydesk_failure_spike')).toBe(0);
    expect(sample(text, 'paydesk_failure_spike_rate', { rate: 'threshold' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'paydesk_capture_runs_active', { status: 'running' })).toBe(0);
    expect(sample(text, 'paydesk_capture_run_items', { state: 'queued' })).toBe(0);
    expect(sample(text, 'paydesk_callback_deliveries_undelivered', { state: 'retrying' })).toBe(0);
    expect(sample(text, 'paydesk_metrics_database_up')).toBe(1);
    if (TEST_DB === 'postgres') {
      expect(sample(text, 'paydesk_db_pool_connections', { lane: 'reads', state: 'max' })).toBe(5);
      expect(sample(text, 'paydesk_db_pool_waiting', { lane: 'commands' })).toBe(0);
    } else {
      expect(sample(text, 'paydesk_db_pool_connections', { lane: 'reads', state: 'max' })).toBeUndefined();
    }
  });
});

describe('instrumented gateways', () => {
  const adapter = (fail: boolean): GatewayAdapter => {
    const answer = async () => {
      if (fail) throw new Error('socket hang up');
      return response('decline', 'Do not honor');
    };
    return {
      callsGateway: true,
      callDeadlineMs: 0,
      authorize: answer,
      purchase: answer,
      capture: answer,
      void: answer,
      refund: answer,
      retrieve: answer,
    };
  };

  it('counts answers and exceptions, passes both on, and leaves offline methods alone', async () => {
    const metrics = new Metrics();
    const offline: GatewayAdapter = { ...adapter(false), callsGateway: false };
    const registry: GatewayRegistry = {
      forMethod: (method) => (method.type === 'check' ? offline : adapter(method.type === 'flaky')),
    };
    const gateways = instrumentGateways(registry, metrics);
    expect(instrumentGateways(gateways, metrics)).toBe(gateways);
    const options = {} as Parameters<GatewayAdapter['refund']>[2];
    expect((await gateways.forMethod({ type: 'sandbox', preferences: {} }).refund(100n, 'a', options)).outcome).toBe(
      'decline',
    );
    await expect(
      gateways.forMethod({ type: 'flaky', preferences: {} }).void('a', { ...options, amount: 1n }),
    ).rejects.toThrow('socket hang up');
    expect(gateways.forMethod({ type: 'check', preferences: {} })).toBe(offline);
    const text = await metrics.registry.metrics();
    const count = (labels: Record<string, string>) =>
      sample(text, 'paydesk_gateway_call_duration_seconds_count', labels);
    expect(count({ method_type: 'sandbox', action: 'refund', outcome: 'decline' })).toBe(1);
    expect(count({ method_type: 'flaky', action: 'void', outcome: 'exception' })).toBe(1);
  });
});
