import { evaluateSpike, type AttemptCounts, type SpikeThresholds, type SpikeVerdict } from '@paydesk/domain';
import type { Db } from '../db/database.ts';
import { countAttempts, readSpikeThresholds } from './monitoring.repository.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface SpikeNow {
  thresholds: SpikeThresholds;
  windowFrom: Date;
  baselineFrom: Date;
  window: AttemptCounts;
  baseline: AttemptCounts;
  verdict: SpikeVerdict;
}

/** The spike rule over the window that ends now and its baseline: what `GET /monitoring/alerts` and /metrics tell. */
export async function spikeNow(db: Db, now: Date, thresholds?: SpikeThresholds): Promise<SpikeNow> {
  thresholds ??= await readSpikeThresholds(db);
  const windowFrom = new Date(now.getTime() - thresholds.windowMinutes * MINUTE);
  const baselineFrom = new Date(windowFrom.getTime() - thresholds.baselineDays * DAY);
  const [window, baseline] = await Promise.all([
    countAttempts(db, windowFrom, now),
    countAttempts(db, baselineFrom, windowFrom),
  ]);
  return {
    thresholds,
    windowFrom,
    baselineFrom,
    window,
    baseline,
    verdict: evaluateSpike(window, baseline, thresholds),
  };
}
