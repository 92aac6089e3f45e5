import { httpClient } from '../api/httpClient.ts';
import { API_URL } from '../api/session.ts';
import type { IsoTime } from '../types.ts';

/**
 * GET /api/monitoring/failures and /alerts (README, "Monitoring"). Rates are ratios (0.0412 = 4.12%),
 * null when nothing was attempted.
 */

export type MonitoringRange = '24h' | '7d' | '30d';
export type BucketSize = '5m' | '1h';

/** A payments-list filter that lists exactly the failing payments of a window (or of one of its rows). */
export interface FailingPaymentsFilter {
  failed_attempt_from: IsoTime;
  failed_attempt_to: IsoTime;
  payment_method_id?: number;
  failed_attempt_message?: string;
  failed_attempt_error_code?: string;
}

export interface SpikeThresholds {
  window_minutes: number;
  factor: number;
  min_failures: number;
  baseline_days: number;
}

export interface FailureBucket {
  start: IsoTime;
  end: IsoTime;
  attempts: number;
  failures: number;
  rate: number | null;
  /** The failure rate of the spike window ending with this bucket: what the spike rule judges. */
  window_rate: number | null;
  baseline_rate: number | null;
  spike: boolean;
  failed_orders: number | null;
}

export interface FailureSeries {
  range: MonitoringRange;
  bucket: BucketSize;
  payment_method_id: number | null;
  from: IsoTime;
  to: IsoTime;
  thresholds: SpikeThresholds;
  window_buckets: number;
  totals: { attempts: number; failures: number; rate: number | null; failed_orders: number | null };
  buckets: FailureBucket[];
  spikes: { from: IsoTime; to: IsoTime; attempts: number; failures: number }[];
}

export type SpikeReason = 'spike' | 'no_attempts' | 'below_min_failures' | 'below_factor';

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
  spike: boolean;
  reason: SpikeReason;
  window: { from: IsoTime; to: IsoTime; minutes: number };
  attempts: number;
  failures: number;
  failed_payments: number;
  rate: number | null;
  baseline: { from: IsoTime; to: IsoTime; days: number; attempts: number; failures: number; rate: number | null };
  factor: number;
  min_failures: number;
  threshold_rate: number;
  failed_orders: number;
  filter: FailingPaymentsFilter;
  by_payment_method: MethodBreakdown[];
  by_message: MessageBreakdown[];
}

export async function fetchSpikeAlert(): Promise<SpikeAlert> {
  const { json } = await httpClient(`${API_URL}/monitoring/alerts`);
  return json as SpikeAlert;
}

export async function fetchFailureSeries(range: MonitoringRange, paymentMethodId?: number): Promise<FailureSeries> {
  const query = new URLSearchParams({ range });
  if (paymentMethodId !== undefined) query.set('payment_method_id', String(paymentMethodId));
  const { json } = await httpClient(`${API_URL}/monitoring/failures?${query}`);
  return json as FailureSeries;
}

/** The payments list with a filter applied, as react-admin reads it from the location. */
export function paymentsListPath(filter: FailingPaymentsFilter): string {
  return `/payments?filter=${encodeURIComponent(JSON.stringify(filter))}`;
}
