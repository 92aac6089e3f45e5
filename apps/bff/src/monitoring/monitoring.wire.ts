import type { SpikePoint, SpikeRule, SpikeSpan, SpikeTestReason } from '@paydesk/domain';
import type { BucketSize, MessageBreakdownRow, MethodBreakdownRow } from './monitoring.repository.ts';
import type { Signal, SignalFamily } from './signals.ts';

/**
 * The wire shapes of /api/monitoring (README, "Monitoring"). Times are ISO 8601 UTC; rates are ratios
 * (0.0412 = 4.12%) rounded to 4 decimals, null when there were no attempts.
 */

export type Range = '24h' | '7d' | '30d';

/** A payments-list filter (api.md's `filter`) that lists exactly the failing payments of a row. */
export type PaymentsFilter = {
  failed_attempt_from?: string;
  failed_attempt_to?: string;
  failed_attempt_kind?: 'decline' | 'technical' | 'fraud';
  failed_operation?: 'capture' | 'void' | 'refund';
  failed_operation_from?: string;
  failed_operation_to?: string;
  payment_method_id?: number;
  failed_attempt_message?: string;
  failed_attempt_error_code?: string;
};

export interface RuleWire {
  window_minutes: number;
  significance: number;
  min_effect: number;
  factor: number;
  baseline_days: number;
  baseline_weeks: number;
}

export interface BandWire {
  low: number;
  high: number;
}

export interface FailureSeriesWire {
  range: Range;
  bucket: BucketSize;
  signal: Signal;
  payment_method_id: number | null;
  /** Start of the first bucket. */
  from: string;
  /** When the series was counted (the last bucket is still filling). */
  to: string;
  rule: RuleWire;
  totals: { attempts: number; failures: number; rate: number | null; failed_orders: number | null };
  buckets: {
    start: string;
    end: string;
    attempts: number;
    failures: number;
    rate: number | null;
    /** What the chart draws: the spike window's rate for 5-minute buckets, the bucket's own for hours. */
    window_rate: number | null;
    /** 95 % interval of window_rate: wide at low volume, narrow at high. */
    band: BandWire | null;
    baseline_rate: number;
    /** The rate the window must reach to be a spike. */
    threshold_rate: number;
    /** Whether the rule held at a 5-minute step ending in this bucket: the same moments in every view. */
    spike: boolean;
    /** Orders created in this bucket whose payment_state is now `failed`; null but for `failures` overall. */
    failed_orders: number | null;
  }[];
  /** Consecutive spike buckets, merged: the spans a chart marks. */
  spikes: { from: string; to: string; attempts: number; failures: number }[];
}

export interface SignalNowWire {
  signal: Signal;
  family: SignalFamily;
  spike: boolean;
  reason: SpikeTestReason;
  attempts: number;
  failures: number;
  rate: number | null;
  band: BandWire | null;
  baseline: { attempts: number; failures: number; rate: number };
  threshold_rate: number;
  /** The one-sided binomial test's p-value; null when the rise is under the minimum effect. */
  p_value: number | null;
  /** The window (minutes, ending now) that made the spike: the shortest that did; null without a spike. */
  deciding_minutes: number | null;
  /** The payments list filter of this signal's failing payments in the window. */
  filter: PaymentsFilter;
}

export interface AlertsWire {
  as_of: string;
  /** Whether any signal but the overall `failures` is a spike now. */
  spike: boolean;
  /** The signals that are spikes now. */
  spiking: Signal[];
  rule: RuleWire;
  window: { from: string; to: string; minutes: number };
  baseline: { days: number; weeks: number };
  signals: SignalNowWire[];
  /** The signal the rest of the body is about (the `signal` asked, or the first spiking, or `failures`). */
  signal: Signal;
  attempts: number;
  failures: number;
  /** Payments with a failure of `signal` in the window: what `filter` lists. */
  failed_payments: number;
  rate: number | null;
  /** Orders whose payment_state is `failed`, all time. */
  failed_orders: number;
  filter: PaymentsFilter;
  by_payment_method: (MethodBreakdownRow & { rate: number | null; filter: PaymentsFilter })[];
  by_message: (MessageBreakdownRow & { filter: PaymentsFilter })[];
}

export const iso = (ms: number | Date) => new Date(ms).toISOString();

export function rateToWire(rate: number): number;
export function rateToWire(rate: number | null): number | null;
export function rateToWire(rate: number | null): number | null {
  return rate === null ? null : Number(rate.toFixed(4));
}

export const bandToWire = (band: { low: number; high: number } | null): BandWire | null =>
  band === null ? null : { low: rateToWire(band.low), high: rateToWire(band.high) };

export function ruleToWire(rule: SpikeRule): RuleWire {
  return {
    window_minutes: rule.windowMinutes,
    significance: rule.significance,
    min_effect: rule.minEffect,
    factor: rule.factor,
    baseline_days: rule.baselineDays,
    baseline_weeks: rule.seasonalWeeks,
  };
}

export function bucketToWire(point: SpikePoint, failedOrders: number | null): FailureSeriesWire['buckets'][number] {
  return {
    start: iso(point.start),
    end: iso(point.end),
    attempts: point.attempts,
    failures: point.failures,
    rate: rateToWire(point.rate),
    window_rate: rateToWire(point.windowRate),
    band: bandToWire(point.band),
    baseline_rate: rateToWire(point.baselineRate),
    threshold_rate: rateToWire(point.thresholdRate),
    spike: point.spike,
    failed_orders: failedOrders,
  };
}

export function spanToWire(span: SpikeSpan): FailureSeriesWire['spikes'][number] {
  return { from: iso(span.start), to: iso(span.end), attempts: span.attempts, failures: span.failures };
}
