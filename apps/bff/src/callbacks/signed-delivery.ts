import type { Db } from '../db/database.ts';
import { retryAt as nextRetryAt } from '../jobs/retry.ts';
import type { JobOutcome } from '../jobs/worker.ts';
import { getSetting } from '../settings/settings.repository.ts';
import { postCallback, type Resolver } from './callback-url.ts';
import { SIGNATURE_HEADER, signCallback } from './signature.ts';

export interface SignedDelivery {
  url: string;
  body: string;
  /** The HMAC secret the receiver checks `Paydesk-Signature` with. */
  secret: string;
  /** `User-Agent` and the delivery's own headers (its id, its event). */
  headers: Record<string, string>;
  /** Attempts made before this one, and when retrying ends. */
  attempts: number;
  deadline: Date;
}

export type AttemptResult = 'delivered' | 'retrying' | 'failed';

/** Records one attempt and what the delivery becomes after it. */
export type RecordAttempt = (
  attempt: { response_code: number | null; error: string | null; duration_ms: number },
  next: { status: 'delivered' | 'pending' | 'failed'; next_attempt_at: Date | null },
) => Promise<void>;

/**
 * One signed POST of a delivery (storefront callback or spike alert) behind the SSRF guard: a 2xx delivers it,
 * anything else retries on the job queue's schedule until `deadline`, then gives up.
 */
export async function attemptSignedDelivery(
  db: Db,
  delivery: SignedDelivery,
  record: RecordAttempt,
  options: { timeoutMs?: number; resolver?: Resolver } = {},
): Promise<{ outcome: JobOutcome; result: AttemptResult }> {
  const started = performance.now();
  let responseCode: number | null = null;
  let error: string | null = null;
  try {
    responseCode = await postCallback(delivery.url, {
      headers: {
        'content-type': 'application/json',
        ...delivery.headers,
        [SIGNATURE_HEADER]: signCallback(delivery.secret, delivery.body),
      },
      body: delivery.body,
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
    await record(
      { response_code: responseCode, error: null, duration_ms: durationMs },
      { status: 'delivered', next_attempt_at: null },
    );
    return { outcome: { done: true }, result: 'delivered' };
  }
  const retryAt = nextRetryAt(delivery.attempts + 1);
  const giveUp = retryAt > delivery.deadline;
  await record(
    { response_code: responseCode, error, duration_ms: durationMs },
    { status: giveUp ? 'failed' : 'pending', next_attempt_at: giveUp ? null : retryAt },
  );
  return {
    outcome: { done: false, error, retryAt: giveUp ? null : retryAt },
    result: giveUp ? 'failed' : 'retrying',
  };
}
