import type { Logger } from 'pino';
import { CaptureRunner } from '../capture-runs/capture-runner.ts';
import { registerRunner } from '../capture-runs/capture-runs.ts';
import { deliverCallback } from '../callbacks/deliver-callback.ts';
import type { Db } from '../db/database.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';
import { reconcileSweep } from '../reconciliation/reconciler.ts';
import { enqueueJob, hasPendingJob } from './jobs.repository.ts';
import { JobWorker } from './worker.ts';

export interface BackgroundOptions {
  db: Db;
  gateways: GatewayRegistry;
  logger: Logger;
  /** How often the reconciler sweeps for unknown outcomes. */
  reconcileEveryMs?: number;
  pollMs?: number;
  /** How long a capture run's item in flight stays with its instance without a renewal. */
  captureRunLeaseSeconds?: number;
}

/**
 * The background work of one BFF instance: a worker on the shared job queue (callbacks, reconciliation), a
 * capture runner (capture runs' items are a queue of their own),
 * and a timer that queues a reconciliation sweep when none is queued. Any number of instances may run it.
 */
export function startBackgroundWork({
  db,
  gateways,
  logger,
  reconcileEveryMs = 60_000,
  pollMs,
  captureRunLeaseSeconds,
}: BackgroundOptions): {
  worker: JobWorker;
  captureRunner: CaptureRunner;
  stop: () => Promise<void>;
} {
  const worker = new JobWorker({
    db,
    logger,
    pollMs,
    handlers: { callback: deliverCallback(db), reconcile: reconcileSweep({ db, gateways }) },
  });
  worker.start();
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
  void scheduleSweep();
  const timer = setInterval(scheduleSweep, reconcileEveryMs);
  return {
    worker,
    captureRunner,
    async stop() {
      clearInterval(timer);
      unregister();
      await Promise.all([worker.stop(), captureRunner.stop()]);
    },
  };
}
