import { judgeSteps, spikeHistoryStart, STEP_MS, windowSteps, type SpikeRule, type StepVerdict } from '@paydesk/domain';
import type { Db } from '../db/database.ts';
import { readSpikeRule, signalBuckets } from './monitoring.repository.ts';
import { ALERTING_SIGNALS, SIGNALS, type Signal } from './signals.ts';

export interface SignalNow {
  signal: Signal;
  /** The window judged: the spike window of the 5-minute step that holds now, counted up to now. */
  windowFrom: Date;
  verdict: StepVerdict;
}

export interface SpikeNow {
  rule: SpikeRule;
  now: Date;
  signals: Record<Signal, SignalNow>;
  /** Whether any alerting signal is a spike now (the banner, /metrics, the alert webhooks). */
  spike: boolean;
}

/**
 * Every signal judged at the 5-minute step that holds `now`: the same step the failure series ends with,
 * so the banner and the chart never disagree. Its window is the spike window ending with that step (whose
 * last minutes are still to come).
 */
export async function spikeNow(db: Db, now: Date, rule?: SpikeRule, paymentMethodId?: number): Promise<SpikeNow> {
  rule ??= await readSpikeRule(db);
  const stepStart = Math.floor(now.getTime() / STEP_MS) * STEP_MS;
  const historyStart = spikeHistoryStart(stepStart, rule);
  const counts = await signalBuckets(db, new Date(historyStart), new Date(stepStart + STEP_MS), paymentMethodId);
  const windowFrom = new Date(stepStart + STEP_MS - windowSteps(rule) * STEP_MS);
  const signals = {} as Record<Signal, SignalNow>;
  for (const signal of SIGNALS) {
    const steps = judgeSteps(counts[signal], rule, stepStart, stepStart + 1);
    signals[signal] = { signal, windowFrom, verdict: steps.at(-1)! };
  }
  return { rule, now, signals, spike: ALERTING_SIGNALS.some((signal) => signals[signal].verdict.spike) };
}
