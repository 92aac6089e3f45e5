import { formatAmount } from '@paydesk/domain';
import type { Db } from '../db/database.ts';
import type { JobRow } from '../db/schema.ts';
import { retryAt as nextRetryAt } from '../jobs/retry.ts';
import type { JobOutcome } from '../jobs/worker.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { getSetting } from '../settings/settings.repository.ts';
import { postCallback, type Resolver } from './callback-url.ts';
import { findDelivery, recordAttempt, type DeliveryWithTransaction } from './callback-deliveries.repository.ts';
import { SIGNATURE_HEADER, signCallback } from './signature.ts';

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

    const body = callbackBody(delivery);
    const started = performance.now();
    let responseCode: number | null = null;
    let error: string | null = null;
    try {
      responseCode = await postCallback(delivery.url, {
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Paydesk-Callbacks/1.0',
          [SIGNATURE_HEADER]: signCallback(delivery.signing_secret, body),
          'Paydesk-Delivery': String(delivery.id),
        },
        body,
        timeoutMs: options.timeoutMs ?? 10_000,
        allowPrivate: await getSetting(db, 'callbacks_allow_private_addresses'),
        resolver: options.resolver,
      });
      if (responseCode < 200 || responseCode >= 300) error = `HTTP ${responseCode}`;
    } catch (failure) {
      error = (failure as Error).message;
    }
    const durationMs = Math.round(performance.now() - started);
    if (!error) {
      await recordAttempt(
        db,
        delivery.id,
        { response_code: responseCode, error: null, duration_ms: durationMs },
        { status: 'delivered', next_attempt_at: null },
      );
      options.metrics?.callbackAttempts.inc({ result: 'delivered' });
      return { done: true };
    }
    const retryAt = nextRetryAt(delivery.attempts + 1);
    const giveUp = retryAt > deadline;
    await recordAttempt(
      db,
      delivery.id,
      { response_code: responseCode, error, duration_ms: durationMs },
      { status: giveUp ? 'failed' : 'pending', next_attempt_at: giveUp ? null : retryAt },
    );
    options.metrics?.callbackAttempts.inc({ result: giveUp ? 'failed' : 'retrying' });
    return { done: false, error, retryAt: giveUp ? null : retryAt };
  };
}
