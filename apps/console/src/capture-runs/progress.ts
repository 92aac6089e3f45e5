import type { CaptureRun } from '../types.ts';

/** How far a run is, 0–100: the items done (captured, failed or skipped) of its total. */
export function runProgress(run: Pick<CaptureRun, 'total' | 'remaining'>): number {
  if (run.total === 0) return 100;
  return Math.round(((run.total - run.remaining) / run.total) * 100);
}

/** A run's page polls while the run is not finished. */
export const POLL_MS = 1000;
export const isFinished = (run: Pick<CaptureRun, 'finished_at'> | undefined) => Boolean(run?.finished_at);
