import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { activeRuns, countItems } from '../capture-runs/capture-runs.repository.ts';
import { type DatabaseHandle, inLane } from '../db/database.ts';
import { spikeNow } from '../monitoring/spike-now.ts';
import { jobQueueStats, undeliveredCallbacks } from './metrics.repository.ts';

/** Kinds of job that are always reported, at 0 when none is queued (so that an alert on them has a series). */
const JOB_KINDS = ['callback', 'reconcile'];
const ITEM_STATES = ['queued', 'in_flight', 'captured', 'failed', 'skipped'] as const;

/**
 * Paydesk's Prometheus metrics (README: Metrics). Counters and histograms are this process's, from its start;
 * the gauges read from the database (queue, deliveries, spike, capture runs) are the same on every instance,
 * read at each scrape.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'paydesk_http_request_duration_seconds',
    help: 'HTTP requests by method, route (its pattern, e.g. /api/payments/:id/capture) and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly gatewayCallDuration = new Histogram({
    name: 'paydesk_gateway_call_duration_seconds',
    help: 'Gateway calls by payment method type, action and outcome (success, decline, error, pending, exception).',
    labelNames: ['method_type', 'action', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly callbackAttempts = new Counter({
    name: 'paydesk_callback_attempts_total',
    help: 'Callback delivery attempts by result: delivered, retrying (failed, tried again later) or failed (given up).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly jobs = new Gauge({
    name: 'paydesk_job_queue_jobs',
    help: 'Unfinished jobs by kind and state: waiting (due, no worker yet), running, scheduled (not yet due).',
    labelNames: ['kind', 'state'] as const,
    registers: [this.registry],
  });

  private readonly jobOldest = new Gauge({
    name: 'paydesk_job_queue_oldest_waiting_seconds',
    help: 'Seconds since the oldest waiting job of a kind became due (0 when none waits).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private readonly undelivered = new Gauge({
    name: 'paydesk_callback_deliveries_undelivered',
    help: 'Callback deliveries not delivered: pending (not yet tried), retrying (failed at least once) or failed (given up).',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  private readonly spike = new Gauge({
    name: 'paydesk_failure_spike',
    help: 'Whether the failed-payment spike alert is on now (1) or not (0), by the spike rule of the settings.',
    registers: [this.registry],
  });

  private readonly spikeRate = new Gauge({
    name: 'paydesk_failure_spike_rate',
    help: 'The spike rule now: the failure rate of the window (window), and the rate that makes a spike (threshold).',
    labelNames: ['rate'] as const,
    registers: [this.registry],
  });

  private readonly captureRuns = new Gauge({
    name: 'paydesk_capture_runs_active',
    help: 'Capture runs not finished, by status (queued, running).',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  private readonly captureItems = new Gauge({
    name: 'paydesk_capture_run_items',
    help: 'Items of the capture runs not finished, by state: queued, in_flight, captured, failed, skipped.',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  private readonly pool = new Gauge({
    name: 'paydesk_db_pool_connections',
    help: 'PostgreSQL connections of this process by lane (commands, reads, health) and state (busy, idle, max).',
    labelNames: ['lane', 'state'] as const,
    registers: [this.registry],
  });

  private readonly poolWaiting = new Gauge({
    name: 'paydesk_db_pool_waiting',
    help: 'Requests of this process waiting for a PostgreSQL connection, by lane.',
    labelNames: ['lane'] as const,
    registers: [this.registry],
  });

  private readonly databaseUp = new Gauge({
    name: 'paydesk_metrics_database_up',
    help: 'Whether this scrape could read the database (1) or not (0; the database gauges are then left out).',
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    // The Node process's own (CPU, memory, event loop lag, GC): the server's, not each test's app.
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** The text Prometheus scrapes, with the database gauges read now. */
  async scrape(database: DatabaseHandle): Promise<{ contentType: string; body: string }> {
    this.readPools(database);
    try {
      await inLane('reads', () => this.readDatabase(database));
      this.databaseUp.set(1);
    } catch {
      for (const gauge of [this.jobs, this.jobOldest, this.undelivered, this.spike, this.spikeRate]) gauge.reset();
      for (const gauge of [this.captureRuns, this.captureItems]) gauge.reset();
      this.databaseUp.set(0);
    }
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private readPools(database: DatabaseHandle) {
    const stats = database.poolStats?.();
    if (!stats) return;
    for (const [lane, pool] of Object.entries(stats)) {
      this.pool.set({ lane, state: 'busy' }, pool.total - pool.idle);
      this.pool.set({ lane, state: 'idle' }, pool.idle);
      this.pool.set({ lane, state: 'max' }, pool.max);
      this.poolWaiting.set({ lane }, pool.waiting);
    }
  }

  private async readDatabase({ db }: DatabaseHandle) {
    const [queue, undelivered, spike, runs] = await Promise.all([
      jobQueueStats(db),
      undeliveredCallbacks(db),
      spikeNow(db, new Date()),
      activeRuns(db),
    ]);
    const items = await countItems(
      db,
      runs.map((run) => run.id),
    );

    this.jobs.reset();
    this.jobOldest.reset();
    for (const kind of new Set([...JOB_KINDS, ...queue.map((row) => row.kind)])) {
      const row = queue.find((r) => r.kind === kind);
      for (const state of ['waiting', 'running', 'scheduled'] as const)
        this.jobs.set({ kind, state }, row?.[state] ?? 0);
      this.jobOldest.set({ kind }, row?.oldest_waiting_seconds ?? 0);
    }

    const count = (status: string, attempted: boolean) =>
      undelivered.filter((r) => r.status === status && r.attempted === attempted).reduce((sum, r) => sum + r.n, 0);
    this.undelivered.set({ state: 'pending' }, count('pending', false));
    this.undelivered.set({ state: 'retrying' }, count('pending', true));
    this.undelivered.set({ state: 'failed' }, count('failed', false) + count('failed', true));

    this.spike.set(spike.spike ? 1 : 0);
    this.spikeRate.set({ rate: 'window' }, spike.signals.failures.verdict.rate ?? 0);
    this.spikeRate.set({ rate: 'threshold' }, spike.signals.failures.verdict.thresholdRate);

    for (const status of ['queued', 'running']) {
      this.captureRuns.set({ status }, runs.filter((run) => run.status === status).length);
    }
    for (const state of ITEM_STATES) {
      let total = 0;
      for (const run of items.values()) total += run[state];
      this.captureItems.set({ state }, total);
    }
  }
}
