import type { SeriesPoint, SpikeReason, SpikeSpan, SpikeThresholds } from '@paydesk/domain';
import type { BucketSize, MessageBreakdownRow, MethodBreakdownRow } from './monitoring.repository.ts';

/**
 * The wire shapes of /api/monitoring (README, "Monitoring"). Times are ISO 8601 UTC; rates are ratios
 * (0.0412 = 4.12%) rounded to 4 decimals, null when there were no attempts.
 */

export type Range = '24h' | '7d' | '30d';

/** A payments-list filter (api.md's `filter`) that lists exactly the failing payments of a row. */
export type PaymentsFilter = {
  failed_attempt_from: string;
  failed_attempt_to: string;
  payment_method_id?: number;
  failed_attempt_message?: string;
  failed_attempt_error_code?: string;
};

export interface ThresholdsWire {
  window_minutes: number;
  factor: number;
  min_failures: number;
  baseline_days: number;
}

export interface FailureSeriesWire {
  range: Range;
  bucket: BucketSize;
  payment_method_id: number | null;
  /** Start of the first bucket. */
  from: string;
  /** When the series was counted (the last bucket is still filling). */
  to: string;
  thresholds: ThresholdsWire;
  /** How many buckets one spike window covers on this series (an unaligned window is widened). */
  window_buckets: number;
  totals: { attempts: number; failures: number; rate: number | null; failed_orders: number | null };
  buckets: {
    start: string;
    end: string;
    attempts: number;
    failures: number;
    rate: number | null;
    /** The failure rate of the spike window that ends with this bucket (window_buckets buckets). */
    window_rate: number | null;
    /** The failure rate of the baseline period before this bucket's window. */
    baseline_rate: number | null;
    /** Whether the spike rule held for the window ending with this bucket (the banner would have been up). */
    spike: boolean;
    /** Orders created in this bucket whose payment_state is now `failed`; null in a payment method's series. */
    failed_orders: number | null;
  }[];
  /** Consecutive spike buckets, merged: the spans a chart marks. */
  spikes: { from: string; to: string; attempts: number; failures: number }[];
}

export interface AlertsWire {
  as_of: string;
  spike: boolean;
  reason: SpikeReason;
  window: { from: string; to: string; minutes: number };
  attempts: number;
  failures: number;
  /** Payments with a failed attempt in the window: what `filter` lists. */
  failed_payments: number;
  rate: number | null;
  baseline: { from: string; to: string; days: number; attempts: number; failures: number; rate: number | null };
  factor: number;
  min_failures: number;
  /** factor × baseline rate: the rate the window must reach. */
  threshold_rate: number;
  /** Orders whose payment_state is `failed`, all time. */
  failed_orders: number;
  /** The payments list filter of the window's failing payments. */
  filter: PaymentsFilter;
  by_payment_method: (MethodBreakdownRow & { rate: number | null; filter: PaymentsFilter })[];
  by_message: (MessageBreakdownRow & { filter: PaymentsFilter })[];
}

export const iso = (ms: number | Date) => new Date(ms).toISOString();

export function rateToWire(rate: number | null): number | null {
  return rate === null ? null : Number(rate.toFixed(4));
}

export function thresholdsToWire(t: SpikeThresholds): ThresholdsWire {
  return {
    window_minutes: t.windowMinutes,
    factor: t.factor,
    min_failures: t.minFailures,
    baseline_days: t.baselineDays,
  };
}

export function bucketToWire(point: SeriesPoint, failedOrders: number | null): FailureSeriesWire['buckets'][number] {
  return {
    start: iso(point.start),
    end: iso(point.end),
    attempts: point.attempts,
    failures: point.failures,
    rate: rateToWire(point.rate),
    window_rate: rateToWire(point.windowRate),
    baseline_rate: rateToWire(point.baselineRate),
    spike: point.spike,
    failed_orders: failedOrders,
  };
}

export function spanToWire(span: SpikeSpan): FailureSeriesWire['spikes'][number] {
  return { from: iso(span.start), to: iso(span.end), attempts: span.attempts, failures: span.failures };
}
