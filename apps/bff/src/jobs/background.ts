import type { Logger } from 'pino';
import { CaptureRunner } from '../capture-runs/capture-runner.ts';
import { registerRunner } from '../capture-runs/capture-runs.ts';
import { deliverCallback } from '../callbacks/deliver-callback.ts';
import type { Db } from '../db/database.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { reconcileSweep } from '../reconciliation/reconciler.ts';
import { deliverAlert } from '../spike-alerts/deliver-alert.ts';
import { evaluateSpikeAlerts } from '../spike-alerts/evaluate-spikes.ts';
import { enqueueJob, hasPendingJob } from './jobs.repository.ts';
import { pruneExpired } from './prune.ts';
import { JobWorker } from './worker.ts';

export interface BackgroundOptions {
  db: Db;
  gateways: GatewayRegistry;
  logger: Logger;
  /** How often the reconciler sweeps for unknown outcomes. */
  reconcileEveryMs?: number;
  /** How often expired sessions, keys, jobs and deliveries are pruned. */
  pruneEveryMs?: number;
  /** How often the spike signals are judged and their starts and ends announced (alert_webhook_urls). */
  spikeAlertsEveryMs?: number;
  pollMs?: number;
  /** How long a capture run's item in flight stays with its instance without a renewal. */
  captureRunLeaseSeconds?: number;
  /** Callbacks delivered at once by this instance, and at most per receiver (URL host) across instances. */
  deliveries?: { concurrency: number; perReceiver: number };
  /** Counts the callback attempts (GET /metrics). */
  metrics?: Metrics;
}

export const DEFAULT_DELIVERIES = { concurrency: 8, perReceiver: 2 };

/**
 * The background work of one BFF instance, on the shared job queue: a worker delivering callbacks in parallel
 * (a few at a time per receiver, so one slow storefront does not hold up the others), a worker of its own for
 * the reconciliation sweep (never waiting behind deliveries), a capture runner (capture runs' items are a
 * queue of their own), a timer that queues a sweep when none is queued, one that judges the spike signals
 * and announces their starts and ends (alert webhooks, delivered by the deliveries worker), and one that
 * prunes what has expired. Any number of instances may run it.
 */
export function startBackgroundWork({
  db,
  gateways,
  logger,
  reconcileEveryMs = 60_000,
  pruneEveryMs = 60 * 60_000,
  spikeAlertsEveryMs = 60_000,
  pollMs,
  captureRunLeaseSeconds,
  deliveries = DEFAULT_DELIVERIES,
  metrics,
}: BackgroundOptions): {
  workers: { deliveries: JobWorker; reconciliation: JobWorker };
  captureRunner: CaptureRunner;
  stop: () => Promise<void>;
} {
  const workers = {
    deliveries: new JobWorker({
      db,
      logger,
      pollMs,
      concurrency: deliveries.concurrency,
      perGroup: deliveries.perReceiver,
      handlers: { callback: deliverCallback(db, { metrics }), alert: deliverAlert(db) },
    }),
    reconciliation: new JobWorker({ db, logger, pollMs, handlers: { reconcile: reconcileSweep({ db, gateways }) } }),
  };
  workers.deliveries.start();
  workers.reconciliation.start();
  const captureRunner = new CaptureRunner({ db, gateways, logger, leaseSeconds: captureRunLeaseSeconds, pollMs });
  const unregister = registerRunner(captureRunner);
  captureRunner.start();
  const scheduleSweep = async () => {
    try {
      if (!(await hasPendingJob(db, 'reconcile'))) await enqueueJob(db, 'reconcile', {});
    } catch (error) {
      logger.error({ err: error }, 'could not queue the reconciliation sweep');
    }
  };
  const prune = async () => {
    try {
      const pruned = await pruneExpired(db);
      if (Object.values(pruned).some((n) => n > 0)) logger.info({ pruned }, 'pruned expired records');
    } catch (error) {
      logger.error({ err: error }, 'could not prune expired records');
    }
  };
  const spikeAlerts = async () => {
    try {
      const changed = await evaluateSpikeAlerts(db);
      if (changed.started.length || changed.resolved.length) logger.info({ spikes: changed }, 'spike alerts');
    } catch (error) {
      logger.error({ err: error }, 'could not evaluate spike alerts');
    }
  };
  void scheduleSweep();
  void prune();
  void spikeAlerts();
  const timers = [
    setInterval(scheduleSweep, reconcileEveryMs),
    setInterval(prune, pruneEveryMs),
    setInterval(spikeAlerts, spikeAlertsEveryMs),
  ];
  return {
    workers,
    captureRunner,
    async stop() {
      for (const timer of timers) clearInterval(timer);
      unregister();
      await Promise.all([workers.deliveries.stop(), workers.reconciliation.stop(), captureRunner.stop()]);
    },
  };
}
