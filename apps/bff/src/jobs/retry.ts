/**
 * The one retry schedule of the job queue, for every kind of job (a callback delivery, a sweep that threw):
 * after the Nth failed attempt the job is due again in 30 s × 2^(N−1) — 30 s, 1 min, 2 min, 4 min, … — at most
 * an hour apart. A callback delivery stops retrying at the end of its 24-hour window (callbacks/deliver-callback.ts).
 */
export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_DELAY_MS = 60 * 60_000;

export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
}

/** When a job that failed its `attempts`th attempt is due again. */
export function retryAt(attempts: number, now = Date.now()): Date {
  return new Date(now + retryDelayMs(attempts));
}
