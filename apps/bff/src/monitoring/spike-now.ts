import {
  calibrationAt,
  judgeScopesAt,
  judgeSteps,
  methodSeries,
  scopesOf,
  spikeHistoryStart,
  STEP_MS,
  windowSteps,
  type MethodSeries,
  type SpikeRule,
  type StepVerdict,
} from '@paydesk/domain';
import type { Db } from '../db/database.ts';
import { readSpikeRule, rollupFingerprint, signalMethodBuckets } from './monitoring.repository.ts';
import { ALERTING_SIGNALS, SIGNALS, type Signal } from './signals.ts';

export interface SignalNow {
  signal: Signal;
  /** The payment method judged on its own; null for every method together. */
  paymentMethodId: number | null;
  /** The window judged: the spike window of the 5-minute step that holds now, counted up to now. */
  windowFrom: Date;
  verdict: StepVerdict;
}

export interface SpikeNow {
  /** The spike_* settings. */
  rule: SpikeRule;
  /**
   * The alerting signals judged now: each kind over every method, and over each method with attempts of
   * it in the lookback when two or more have.
   */
  judged: number;
  /**
   * The significance every window was judged at: calibrated on the week before, so that its tests would
   * have made at most rule.significance false alarms per step (calibrateSignificance).
   */
  significance: number;
  now: Date;
  /** Every signal over every payment method together. */
  signals: Record<Signal, SignalNow>;
  /** The payment methods judged on their own for some kind, in id order. */
  methodIds: number[];
  /** Each of those methods' signals, by method id (a kind it has no attempts of: no_attempts). */
  methods: Map<number, Record<Signal, SignalNow>>;
  /** The alerting signals that are spikes now: overall ones first, then per method. */
  spiking: SignalNow[];
  /** Whether any alerting signal is a spike now (the banner, /metrics, the alert webhooks). */
  spike: boolean;
}

/**
 * Every signal judged at the 5-minute step that holds `now`, over every payment method together and over
 * each method on its own: the same step the failure series ends with, so the banner and the chart never
 * disagree. Its window is the spike window ending with that step (whose last minutes are still to come).
 * The alerting signals share spike_significance: every window is judged at the significance calibrated on
 * the week before (calibrationNow); the overall `failures` (shown, not alerted) is judged at the same.
 */
export async function spikeNow(db: Db, now: Date, rule?: SpikeRule): Promise<SpikeNow> {
  rule ??= await readSpikeRule(db);
  const stepStart = Math.floor(now.getTime() / STEP_MS) * STEP_MS;
  // The steps before this one are judged on as kept (stepHistory); only this step's counts are read.
  const [history, current] = await Promise.all([
    stepHistory(db, now, rule),
    signalMethodBuckets(db, new Date(stepStart), new Date(stepStart + STEP_MS)),
  ]);
  const windowFrom = new Date(stepStart + STEP_MS - windowSteps(rule) * STEP_MS);
  const scoped = (signal: Signal) => ({ signal, scopes: scopesOf(history.series[signal], current[signal]) });
  const alerting = {
    judged: history.calibration.judged,
    rule: history.calibration.rule,
    // The overall `failures`, over the same scopes at the same significance, outside the calibration.
    verdicts: judgeScopesAt([...ALERTING_SIGNALS.map(scoped), scoped('failures')], history.calibration.rule, stepStart),
  };
  const methodIds = [
    ...new Set(alerting.verdicts.map((v) => v.paymentMethodId).filter((id): id is number => id !== null)),
  ].sort((a, b) => a - b);

  const signals = {} as Record<Signal, SignalNow>;
  const methods = new Map<number, Record<Signal, SignalNow>>(
    methodIds.map((id) => [id, {} as Record<Signal, SignalNow>]),
  );
  for (const { signal, paymentMethodId, verdict } of alerting.verdicts) {
    const entry: SignalNow = { signal, paymentMethodId, windowFrom, verdict };
    if (paymentMethodId === null) signals[signal] = entry;
    else methods.get(paymentMethodId)![signal] = entry;
  }
  // A method judged for some kinds has nothing of the others in the lookback: never a spike of them.
  const nothing = judgeSteps([], alerting.rule, stepStart, stepStart + 1).at(-1)!;
  for (const [paymentMethodId, own] of methods) {
    for (const signal of SIGNALS) own[signal] ??= { signal, paymentMethodId, windowFrom, verdict: nothing };
  }

  const spiking: SignalNow[] = [];
  for (const signal of ALERTING_SIGNALS) if (signals[signal].verdict.spike) spiking.push(signals[signal]);
  for (const id of methodIds) {
    for (const signal of ALERTING_SIGNALS) {
      const entry = methods.get(id)![signal];
      if (entry.verdict.spike) spiking.push(entry);
    }
  }
  return {
    rule,
    judged: alerting.judged,
    significance: alerting.rule.significance,
    now,
    signals,
    methodIds,
    methods,
    spiking,
    spike: spiking.length > 0,
  };
}

type Calibrated = ReturnType<typeof calibrationAt>;

/**
 * What the step that holds `now` is judged on, but for its own counts: the significance calibrated on the
 * alerting signals' week of whole steps before it, and every signal's counts of those steps from the
 * step's history start (spikeHistoryStart), summed and split by method (methodSeries).
 */
interface StepHistory {
  key: string;
  calibration: Calibrated;
  series: Record<Signal, MethodSeries>;
}

/** The last step history of each database, by the step, the rule and the counts it was made of. */
const histories = new WeakMap<Db, StepHistory>();

/**
 * The step history of the step that holds `now`, made once per step and kept: a cheap sum over the
 * rollup rows it was made of tells whether the counts changed since (a late write, another day's data),
 * and only then is it made again. The steps before the one that holds now are done counting, so each
 * request reads only that step's own rows besides.
 */
async function stepHistory(db: Db, now: Date, rule: SpikeRule): Promise<StepHistory> {
  const stepStart = Math.floor(now.getTime() / STEP_MS) * STEP_MS;
  const at = stepStart - STEP_MS;
  const from = new Date(spikeHistoryStart(at, rule));
  const to = new Date(stepStart);
  const key = `${stepStart}|${JSON.stringify(rule)}|${await rollupFingerprint(db, from, to)}`;
  const kept = histories.get(db);
  if (kept?.key === key) return kept;
  const counts = await signalMethodBuckets(db, from, to);
  const calibration = calibrationAt(
    ALERTING_SIGNALS.map((signal) => ({ signal, rows: counts[signal] })),
    rule,
    at,
  );
  // The calibration's week starts one step before the history of the step judged.
  const historyStart = spikeHistoryStart(stepStart, rule);
  const series = {} as Record<Signal, MethodSeries>;
  for (const signal of SIGNALS)
    series[signal] = methodSeries(counts[signal].filter((row) => row.start >= historyStart));
  const history = { key, calibration, series };
  histories.set(db, history);
  return history;
}

/**
 * The significance the windows of the step that holds `now` are judged at: calibrated on the alerting
 * signals' week of whole steps before that step (what spikeNow judges at, and a series too, so the chart
 * and the banner agree), kept with the step's history (stepHistory).
 */
export async function calibrationNow(db: Db, now: Date, rule: SpikeRule): Promise<Calibrated> {
  return (await stepHistory(db, now, rule)).calibration;
}
