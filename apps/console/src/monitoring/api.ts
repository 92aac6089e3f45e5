import type {
  FailingPaymentsFilter,
  FailureBucket,
  FailureSeries,
  MessageBreakdown,
  MethodBreakdown,
  MonitoringBucketSize,
  MonitoringRange,
  MonitoringSignal,
  RateBand,
  SignalNowWire,
  SpikeAlerts,
  SpikeReason,
  SpikeRuleWire,
  SpikingSignal,
} from '@paydesk/contract';
import { MONITORING_SIGNALS } from '@paydesk/contract/rules';
import { httpClient } from '../api/httpClient.ts';
import { API_URL } from '../api/session.ts';

/**
 * GET /api/monitoring/failures and /alerts (README, "Monitoring"), typed by packages/contract's schemas
 * (z.infer of what the BFF is tested against). Rates are ratios (0.0412 = 4.12%), null when nothing was
 * attempted.
 */

export type { FailingPaymentsFilter, FailureBucket, FailureSeries, MessageBreakdown, MethodBreakdown, SpikeReason };
export type { MonitoringRange, SpikingSignal };
export type BucketSize = MonitoringBucketSize;
/** The monitored signals: payment attempts (all, and by kind of failure) and money operations. */
export const SIGNALS = MONITORING_SIGNALS;
export type Signal = MonitoringSignal;
/** The statistical spike rule's settings. */
export type SpikeRule = SpikeRuleWire;
export type Band = RateBand;
/** One signal judged now, over every payment method (payment_method_id null) or one method's own. */
export type SignalNow = SignalNowWire;
export type SpikeAlert = SpikeAlerts;

/**
 * A signal's line of an alert: over every method, or one method's own (by default the signal and method the
 * alert is about).
 */
export function signalNow(
  alert: SpikeAlert,
  signal: Signal = alert.signal,
  paymentMethodId: number | null = signal === alert.signal ? alert.payment_method_id : null,
): SignalNow | undefined {
  const lines =
    paymentMethodId === null
      ? alert.signals
      : alert.methods.find((m) => m.payment_method_id === paymentMethodId)?.signals;
  return lines?.find((s) => s.signal === signal);
}

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
