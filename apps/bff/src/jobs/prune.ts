import { deleteExpiredSessions } from '../auth/sessions.repository.ts';
import { IDLE_TIMEOUT_MS } from '../auth/sessions.ts';
import { deleteOldDeliveries } from '../callbacks/callback-deliveries.repository.ts';
import type { Db } from '../db/database.ts';
import { deleteExpiredIdempotencyKeys } from '../idempotency/idempotency.repository.ts';
import { deleteExpiredHitCounts } from '../http/rate-limits.repository.ts';
import { deleteFinishedJobs } from './jobs.repository.ts';

/** How long finished work is kept before it is pruned. */
export const KEEP_FINISHED_JOBS_DAYS = 7;
export const KEEP_DELIVERED_CALLBACKS_DAYS = 30;

export interface Pruned {
  sessions: number;
  idempotencyKeys: number;
  jobs: number;
  deliveries: number;
  rateLimitWindows: number;
}

/**
 * Deletes what has expired: sessions past their end or idle past the idle timeout, Idempotency-Keys older than 24 hours, jobs finished more
 * than 7 days ago, callbacks delivered more than 30 days ago (with their attempts), rate-limit windows that have ended. Failed and pending
 * deliveries stay, for staff to see and redeliver. Safe on several instances at once.
 */
export async function pruneExpired(db: Db, now = new Date()): Promise<Pruned> {
  return {
    sessions: await deleteExpiredSessions(db, now, new Date(now.getTime() - IDLE_TIMEOUT_MS)),
    idempotencyKeys: await deleteExpiredIdempotencyKeys(db),
    jobs: await deleteFinishedJobs(db, KEEP_FINISHED_JOBS_DAYS),
    deliveries: await deleteOldDeliveries(db, KEEP_DELIVERED_CALLBACKS_DAYS),
    rateLimitWindows: await deleteExpiredHitCounts(db, now),
  };
}
