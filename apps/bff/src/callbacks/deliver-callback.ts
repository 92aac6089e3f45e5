import { formatAmount } from '@paydesk/domain';
import type { Db } from '../db/database.ts';
import type { JobRow } from '../db/schema.ts';
import type { JobOutcome } from '../jobs/worker.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Resolver } from './callback-url.ts';
import { findDelivery, recordAttempt, type DeliveryWithTransaction } from './callback-deliveries.repository.ts';
import { attemptSignedDelivery } from './signed-delivery.ts';

/** Retries follow the job queue's one schedule (jobs/retry.ts) for 24 hours. */
export const RETRY_WINDOW_MS = 24 * 60 * 60_000;

/** The body storefronts receive: the transaction's parameters, amounts in the currency's minor unit. */
export function callbackBody(delivery: DeliveryWithTransaction): string {
  const payload = { ...(delivery.payload as Record<string, unknown>) };
  for (const field of ['price', 'captured_amount', 'refunded_amount']) {
    if (typeof payload[field] === 'string') payload[field] = formatAmount(payload[field] as string, delivery.currency);
  }
  return JSON.stringify(payload);
}

export interface DeliveryOptions {
  timeoutMs?: number;
  /** How host names are resolved (the system's resolver unless given). */
  resolver?: Resolver;
  /** Counts each attempt by its result (GET /metrics). */
  metrics?: Metrics;
}

/** One attempt at a delivery; the job retries it until a 2xx or the end of its window. */
export function deliverCallback(db: Db, options: DeliveryOptions = {}) {
  return async (job: JobRow): Promise<JobOutcome> => {
    const payload = job.payload as { delivery_id?: number; deadline?: string };
    const delivery = payload.delivery_id ? await findDelivery(db, payload.delivery_id) : undefined;
    if (!delivery || delivery.status === 'delivered') return { done: true };
    const deadline = payload.deadline
      ? new Date(payload.deadline)
      : new Date(delivery.created_at.getTime() + RETRY_WINDOW_MS);

    const { outcome, result } = await attemptSignedDelivery(
      db,
      {
        url: delivery.url,
        body: callbackBody(delivery),
        secret: delivery.signing_secret,
        headers: { 'user-agent': 'Paydesk-Callbacks/1.0', 'Paydesk-Delivery': String(delivery.id) },
        attempts: delivery.attempts,
        deadline,
      },
      (attempt, next) => recordAttempt(db, delivery.id, attempt, next),
      options,
    );
    options.metrics?.callbackAttempts.inc({ result });
    return outcome;
  };
}
