import { postCallback, type Resolver } from '../callbacks/callback-url.ts';
import { SIGNATURE_HEADER, signCallback } from '../callbacks/signature.ts';
import type { Db } from '../db/database.ts';
import type { JobRow } from '../db/schema.ts';
import { retryAt as nextRetryAt } from '../jobs/retry.ts';
import type { JobOutcome } from '../jobs/worker.ts';
import { getSetting } from '../settings/settings.repository.ts';
import { alertSigningSecret, findAlertDelivery, recordAlertAttempt } from './spike-alerts.repository.ts';

/** Alerts are retried on the job queue's schedule (jobs/retry.ts) for 24 hours, as callbacks are. */
export const ALERT_RETRY_WINDOW_MS = 24 * 60 * 60_000;

/**
 * One attempt at an alert delivery: POSTed with the SSRF guard of callbacks and signed as they are
 * (`Paydesk-Signature: t=…,v1=…`, HMAC-SHA256 of "<t>.<body>" with the alert signing secret).
 */
export function deliverAlert(db: Db, options: { timeoutMs?: number; resolver?: Resolver } = {}) {
  return async (job: JobRow): Promise<JobOutcome> => {
    const payload = job.payload as { delivery_id?: number };
    const delivery = payload.delivery_id ? await findAlertDelivery(db, payload.delivery_id) : undefined;
    if (delivery?.status !== 'pending') return { done: true };
    const deadline = new Date(delivery.created_at.getTime() + ALERT_RETRY_WINDOW_MS);
    const body = JSON.stringify(delivery.payload);
    const started = performance.now();
    let responseCode: number | null = null;
    let error: string | null = null;
    try {
      responseCode = await postCallback(delivery.url, {
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Paydesk-Alerts/1.0',
          [SIGNATURE_HEADER]: signCallback(await alertSigningSecret(db), body),
          'Paydesk-Event': delivery.event,
          'Paydesk-Delivery': `alert-${delivery.id}`,
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
      await recordAlertAttempt(
        db,
        delivery.id,
        { response_code: responseCode, error: null, duration_ms: durationMs },
        { status: 'delivered', next_attempt_at: null },
      );
      return { done: true };
    }
    const retryAt = nextRetryAt(delivery.attempts + 1);
    const giveUp = retryAt > deadline;
    await recordAlertAttempt(
      db,
      delivery.id,
      { response_code: responseCode, error, duration_ms: durationMs },
      { status: giveUp ? 'failed' : 'pending', next_attempt_at: giveUp ? null : retryAt },
    );
    return { done: false, error, retryAt: giveUp ? null : retryAt };
  };
}
