import type { Resolver } from '../callbacks/callback-url.ts';
import { attemptSignedDelivery } from '../callbacks/signed-delivery.ts';
import type { Db } from '../db/database.ts';
import type { JobRow } from '../db/schema.ts';
import type { JobOutcome } from '../jobs/worker.ts';
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
    const { outcome } = await attemptSignedDelivery(
      db,
      {
        url: delivery.url,
        body: JSON.stringify(delivery.payload),
        secret: await alertSigningSecret(db),
        headers: {
          'user-agent': 'Paydesk-Alerts/1.0',
          'Paydesk-Event': delivery.event,
          'Paydesk-Delivery': `alert-${delivery.id}`,
        },
        attempts: delivery.attempts,
        deadline,
      },
      (attempt, next) => recordAlertAttempt(db, delivery.id, attempt, next),
      options,
    );
    return outcome;
  };
}
