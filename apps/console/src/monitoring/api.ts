import { httpClient } from '../api/httpClient.ts';
import { API_URL } from '../api/session.ts';
import type { IsoTime } from '../types.ts';

/**
 * GET /api/monitoring/failures and /alerts (README, "Monitoring"). Rates are ratios (0.0412 = 4.12%),
 * null when nothing was attempted.
 */

export type MonitoringRange = '24h' | '7d' | '30d';
export type BucketSize = '5m' | '1h';

/** The monitored signals: payment attempts (all, and by kind of failure) and money operations. */
export const SIGNALS = ['failures', 'declines', 'technical', 'fraud', 'capture', 'void', 'refund'] as const;
export type Signal = (typeof SIGNALS)[number];

/** A payments-list filter that lists exactly the failing payments of a window (or of one of its rows). */
export interface FailingPaymentsFilter {
  failed_attempt_from?: IsoTime;
  failed_attempt_to?: IsoTime;
  failed_attempt_kind?: 'decline' | 'technical' | 'fraud';
  failed_operation?: 'capture' | 'void' | 'refund';
  failed_operation_from?: IsoTime;
  failed_operation_to?: IsoTime;
  payment_method_id?: number;
  failed_attempt_message?: string;
  failed_attempt_error_code?: string;
}

/** The statistical spike rule's settings. */
export interface SpikeRule {
  window_minutes: number;
  significance: number;
  min_effect: number;
  factor: number;
  baseline_days: number;
  baseline_weeks: number;
}

export interface Band {
  low: number;
  high: number;
}

export interface FailureBucket {
  start: IsoTime;
  end: IsoTime;
  attempts: number;
  failures: number;
  rate: number | null;
  /** What the chart draws: the spike window's rate (5-minute buckets) or the bucket's own (hours). */
  window_rate: number | null;
  /** 95 % interval of window_rate. */
  band: Band | null;
  baseline_rate: number;
  threshold_rate: number;
  spike: boolean;
  failed_orders: number | null;
}

export interface FailureSeries {
  range: MonitoringRange;
  bucket: BucketSize;
  signal: Signal;
  payment_method_id: number | null;
  from: IsoTime;
  to: IsoTime;
  rule: SpikeRule;
  totals: { attempts: number; failures: number; rate: number | null; failed_orders: number | null };
  buckets: FailureBucket[];
  spikes: { from: IsoTime; to: IsoTime; attempts: number; failures: number }[];
}

export type SpikeReason = 'spike' | 'no_attempts' | 'too_few_failures' | 'below_effect' | 'not_significant';

export interface SignalNow {
  signal: Signal;
  family: 'attempts' | 'money';
  spike: boolean;
  reason: SpikeReason;
  attempts: number;
  failures: number;
  rate: number | null;
  band: Band | null;
  baseline: { attempts: number; failures: number; rate: number };
  threshold_rate: number;
  p_value: number | null;
  /** The shortest window (minutes, ending now) that made the spike; null without one. */
  deciding_minutes: number | null;
  filter: FailingPaymentsFilter;
}

export interface MethodBreakdown {
  payment_method_id: number;
  name: string;
  type: string;
  attempts: number;
  failures: number;
  failed_payments: number;
  rate: number | null;
  filter: FailingPaymentsFilter;
}

export interface MessageBreakdown {
  message: string;
  error_code: string | null;
  failures: number;
  failed_payments: number;
  filter: FailingPaymentsFilter;
}

export interface SpikeAlert {
  as_of: IsoTime;
  /** Whether any signal (but the overall one) is a spike now. */
  spike: boolean;
  spiking: Signal[];
  rule: SpikeRule;
  window: { from: IsoTime; to: IsoTime; minutes: number };
  baseline: { days: number; weeks: number };
  signals: SignalNow[];
  /** The signal the counts and breakdowns are about. */
  signal: Signal;
  attempts: number;
  failures: number;
  failed_payments: number;
  rate: number | null;
  failed_orders: number;
  filter: FailingPaymentsFilter;
  by_payment_method: MethodBreakdown[];
  by_message: MessageBreakdown[];
}

/** The signal's own line of an alert. */
export const signalNow = (alert: SpikeAlert, signal: Signal = alert.signal): SignalNow | undefined =>
  alert.signals.find((s) => s.signal === signal);

export async function fetchSpikeAlert(signal?: Signal): Promise<SpikeAlert> {
  const query = signal ? `?signal=${signal}` : '';
  const { json } = await httpClient(`${API_URL}/monitoring/alerts${query}`);
  return json as SpikeAlert;
}

export async function fetchFailureSeries(
  range: MonitoringRange,
  paymentMethodId?: number,
  signal: Signal = 'failures',
): Promise<FailureSeries> {
  const query = new URLSearchParams({ range });
  if (signal !== 'failures') query.set('signal', signal);
  if (paymentMethodId !== undefined) query.set('payment_method_id', String(paymentMethodId));
  const { json } = await httpClient(`${API_URL}/monitoring/failures?${query}`);
  return json as FailureSeries;
}

/** The payments list with a filter applied, as react-admin reads it from the location. */
export function paymentsListPath(filter: FailingPaymentsFilter): string {
  return `/payments?filter=${encodeURIComponent(JSON.stringify(filter))}`;
}
