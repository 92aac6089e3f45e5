import type {
  AlertAttempt,
  AlertDelivery,
  FailingPaymentsFilter,
  FailureSeries,
  MessageBreakdown,
  MethodBreakdown,
  monitoringRange,
  RateBand,
  SignalNowWire,
  SpikeAlerts,
  SpikeEpisode,
  SpikeRuleWire,
} from '@paydesk/contract';
import type { SpikePoint, SpikeRule, SpikeSpan, StepVerdict } from '@paydesk/domain';
import type { z } from 'zod';
import type { AlertAttemptRow, AlertDeliveryRow, SpikeEpisodeRow } from '../spike-alerts/spike-alerts.repository.ts';
import type { MessageBreakdownRow, MethodBreakdownRow } from './monitoring.repository.ts';
import { SIGNAL_DEFINITIONS, type Signal } from './signals.ts';

/**
 * The wire of /api/monitoring (README, "Monitoring"), as packages/contract's schemas describe it: each
 * record picked field by field. Times are ISO 8601 UTC; rates are ratios (0.0412 = 4.12%) rounded to 4
 * decimals, null when there were no attempts.
 */

export type Range = z.infer<typeof monitoringRange>;

/** A payments-list filter (api.md's `filter`) that lists exactly the failing payments of a row. */
export type PaymentsFilter = FailingPaymentsFilter;
export type RuleWire = SpikeRuleWire;
export type BandWire = RateBand;
export type FailureSeriesWire = FailureSeries;
export type AlertsWire = SpikeAlerts;
export type { SignalNowWire };

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

/** A signal judged now, over every payment method together (paymentMethodId null) or one. */
export function signalNowToWire(
  signal: Signal,
  paymentMethodId: number | null,
  verdict: StepVerdict,
  filter: PaymentsFilter,
): SignalNowWire {
  return {
    signal,
    family: SIGNAL_DEFINITIONS[signal].family,
    payment_method_id: paymentMethodId,
    spike: verdict.spike,
    reason: verdict.reason,
    attempts: verdict.window.attempts,
    failures: verdict.window.failures,
    rate: rateToWire(verdict.rate),
    band: bandToWire(verdict.band),
    baseline: {
      attempts: verdict.baseline.attempts,
      failures: verdict.baseline.failures,
      rate: rateToWire(verdict.baselineRate),
    },
    threshold_rate: rateToWire(verdict.thresholdRate),
    p_value: verdict.pValue === null ? null : Number(verdict.pValue.toPrecision(3)),
    deciding_minutes: verdict.decidingMinutes,
    filter,
  };
}

export function methodBreakdownToWire(row: MethodBreakdownRow, filter: PaymentsFilter): MethodBreakdown {
  return {
    payment_method_id: row.payment_method_id,
    name: row.name,
    type: row.type,
    attempts: row.attempts,
    failures: row.failures,
    failed_payments: row.failed_payments,
    rate: rateToWire(row.attempts > 0 ? row.failures / row.attempts : null),
    filter,
  };
}

export function messageBreakdownToWire(row: MessageBreakdownRow, filter: PaymentsFilter): MessageBreakdown {
  return {
    message: row.message,
    error_code: row.error_code,
    failures: row.failures,
    failed_payments: row.failed_payments,
    filter,
  };
}

const jsonRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};

export function spikeEpisodeToWire(row: SpikeEpisodeRow): SpikeEpisode {
  return {
    id: row.id,
    signal: row.signal,
    payment_method_id: row.payment_method_id,
    started_at: iso(row.started_at),
    resolved_at: row.resolved_at === null ? null : iso(row.resolved_at),
    started_body: jsonRecord(row.started_body),
    resolved_body: row.resolved_body === null ? null : jsonRecord(row.resolved_body),
  };
}

export function alertDeliveryToWire(row: AlertDeliveryRow): AlertDelivery {
  return {
    id: row.id,
    episode_id: row.episode_id,
    event: row.event,
    url: row.url,
    payload: jsonRecord(row.payload),
    status: row.status,
    attempts: row.attempts,
    last_response_code: row.last_response_code,
    last_error: row.last_error,
    next_attempt_at: row.next_attempt_at === null ? null : iso(row.next_attempt_at),
    delivered_at: row.delivered_at === null ? null : iso(row.delivered_at),
    created_at: iso(row.created_at),
  };
}

export function alertAttemptToWire(row: AlertAttemptRow): AlertAttempt {
  return {
    id: row.id,
    response_code: row.response_code,
    error: row.error,
    duration_ms: row.duration_ms,
    created_at: iso(row.created_at),
  };
}
