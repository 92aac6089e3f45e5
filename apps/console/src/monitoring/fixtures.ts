import type { FailureSeries, Signal, SignalNow, SpikeAlert } from './api.ts';

function signal(
  name: Signal,
  spike: boolean,
  attempts: number,
  failures: number,
  rate: number | null,
  baseline: number,
  paymentMethodId: number | null = null,
): SignalNow {
  const money = name === 'capture' || name === 'void' || name === 'refund';
  const method = paymentMethodId === null ? {} : { payment_method_id: paymentMethodId };
  return {
    signal: name,
    family: money ? 'money' : 'attempts',
    payment_method_id: paymentMethodId,
    spike,
    reason: attempts === 0 ? 'no_attempts' : spike ? 'spike' : 'below_effect',
    attempts,
    failures,
    rate,
    band: attempts === 0 ? null : { low: Math.max(0, (rate ?? 0) - 0.2), high: Math.min(1, (rate ?? 0) + 0.2) },
    baseline: { attempts: 5000, failures: Math.round(5000 * baseline), rate: baseline },
    threshold_rate: baseline + 0.05,
    p_value: spike ? 1e-12 : null,
    deciding_minutes: spike ? 5 : null,
    filter: money
      ? {
          failed_operation: name,
          failed_operation_from: '2026-11-21T14:30:00.000Z',
          failed_operation_to: '2026-11-21T14:45:00.000Z',
          ...method,
        }
      : { failed_attempt_from: '2026-11-21T14:30:00.000Z', failed_attempt_to: '2026-11-21T14:45:00.000Z', ...method },
  };
}

/** A spike as GET /api/monitoring/alerts answers it (times in UTC). */
export const spikeAlert: SpikeAlert = {
  as_of: '2026-11-21T14:45:00.000Z',
  spike: true,
  spiking: ['technical'],
  spikes: [{ signal: 'technical', payment_method_id: null, payment_method_name: null }],
  rule: { window_minutes: 15, significance: 0.001, min_effect: 0.05, factor: 1.5, baseline_days: 7, baseline_weeks: 0 },
  signals_judged: 6,
  significance: 0.001 / 6,
  window: { from: '2026-11-21T14:30:00.000Z', to: '2026-11-21T14:45:00.000Z', minutes: 15 },
  baseline: { days: 7, weeks: 0 },
  signals: [
    signal('failures', true, 24, 14, 0.5833, 0.022),
    signal('declines', false, 24, 2, 0.0833, 0.018),
    signal('technical', true, 24, 12, 0.5, 0.004),
    signal('fraud', false, 24, 0, 0, 0.002),
    signal('capture', false, 3, 0, 0, 0.01),
    signal('void', false, 0, 0, null, 0.05),
    signal('refund', false, 1, 0, 0, 0.02),
  ],
  methods: [],
  signal: 'technical',
  payment_method_id: null,
  payment_method_name: null,
  attempts: 24,
  failures: 12,
  failed_payments: 12,
  rate: 0.5,
  failed_orders: 97,
  filter: { failed_attempt_from: '2026-11-21T14:30:00.000Z', failed_attempt_to: '2026-11-21T14:45:00.000Z' },
  by_payment_method: [
    {
      payment_method_id: 2,
      name: 'Credit card',
      type: 'bogus',
      attempts: 20,
      failures: 12,
      failed_payments: 12,
      rate: 0.6,
      filter: {
        failed_attempt_from: '2026-11-21T14:30:00.000Z',
        failed_attempt_to: '2026-11-21T14:45:00.000Z',
        payment_method_id: 2,
      },
    },
    {
      payment_method_id: 3,
      name: 'Check',
      type: 'check',
      attempts: 2,
      failures: 0,
      failed_payments: 0,
      rate: 0,
      filter: {
        failed_attempt_from: '2026-11-21T14:30:00.000Z',
        failed_attempt_to: '2026-11-21T14:45:00.000Z',
        payment_method_id: 3,
      },
    },
  ],
  by_message: [
    {
      message: 'Issuer unavailable',
      error_code: 'processing_error',
      failures: 12,
      failed_payments: 12,
      filter: {
        failed_attempt_from: '2026-11-21T14:30:00.000Z',
        failed_attempt_to: '2026-11-21T14:45:00.000Z',
        failed_attempt_message: 'Issuer unavailable',
        failed_attempt_error_code: 'processing_error',
      },
    },
  ],
};

export const calmAlert: SpikeAlert = {
  ...spikeAlert,
  spike: false,
  spiking: [],
  spikes: [],
  signals: spikeAlert.signals.map((s) => ({ ...s, spike: false, reason: 'below_effect' as const })),
  signal: 'failures',
  attempts: 300,
  failures: 12,
  failed_payments: 12,
  rate: 0.04,
  by_message: [],
};

/** Three 5-minute buckets, the last two a spike. */
export const series: FailureSeries = {
  range: '24h',
  bucket: '5m',
  signal: 'failures',
  payment_method_id: null,
  from: '2026-11-21T14:30:00.000Z',
  to: '2026-11-21T14:44:10.000Z',
  rule: spikeAlert.rule,
  signals_judged: 6,
  significance: 0.001 / 6,
  totals: { attempts: 40, failures: 15, rate: 0.375, failed_orders: 15 },
  buckets: [
    {
      start: '2026-11-21T14:30:00.000Z',
      end: '2026-11-21T14:35:00.000Z',
      attempts: 16,
      failures: 1,
      rate: 0.0625,
      window_rate: 0.0625,
      band: { low: 0.0111, high: 0.2833 },
      baseline_rate: 0.022,
      threshold_rate: 0.072,
      spike: false,
      failed_orders: 1,
    },
    {
      start: '2026-11-21T14:35:00.000Z',
      end: '2026-11-21T14:40:00.000Z',
      attempts: 24,
      failures: 14,
      rate: 0.5833,
      window_rate: 0.375,
      band: { low: 0.2421, high: 0.5291 },
      baseline_rate: 0.022,
      threshold_rate: 0.072,
      spike: true,
      failed_orders: 14,
    },
    {
      start: '2026-11-21T14:40:00.000Z',
      end: '2026-11-21T14:45:00.000Z',
      attempts: 0,
      failures: 0,
      rate: null,
      window_rate: 0.375,
      band: { low: 0.2421, high: 0.5291 },
      baseline_rate: 0.022,
      threshold_rate: 0.072,
      spike: true,
      failed_orders: 0,
    },
  ],
  spikes: [{ from: '2026-11-21T14:35:00.000Z', to: '2026-11-21T14:45:00.000Z', attempts: 24, failures: 14 }],
};

/** Carrier billing (method 3) alone fails: its own technical signal is a spike, every method's is not. */
const carrierWindow = {
  failed_attempt_from: '2026-11-21T14:30:00.000Z',
  failed_attempt_to: '2026-11-21T14:45:00.000Z',
};
export const methodSpikeAlert: SpikeAlert = {
  ...calmAlert,
  spike: true,
  spiking: ['technical'],
  spikes: [{ signal: 'technical', payment_method_id: 3, payment_method_name: 'Carrier billing' }],
  signals_judged: 18,
  significance: 0.001 / 18,
  signals: calmAlert.signals.map((s) =>
    s.signal === 'technical' ? { ...s, attempts: 206, failures: 6, rate: 0.0291 } : s,
  ),
  methods: [
    {
      payment_method_id: 2,
      name: 'Credit card',
      type: 'bogus',
      signals: spikeAlert.signals.map((s) => signal(s.signal, false, 200, 0, 0, 0.004, 2)),
    },
    {
      payment_method_id: 3,
      name: 'Carrier billing',
      type: 'carrier',
      signals: spikeAlert.signals.map((s) =>
        s.signal === 'technical' || s.signal === 'failures'
          ? signal(s.signal, true, 6, 6, 1, 0.0125, 3)
          : signal(s.signal, false, 6, 0, 0, 0.01, 3),
      ),
    },
  ],
  signal: 'technical',
  payment_method_id: 3,
  payment_method_name: 'Carrier billing',
  attempts: 6,
  failures: 6,
  failed_payments: 6,
  rate: 1,
  filter: { ...carrierWindow, failed_attempt_kind: 'technical', payment_method_id: 3 },
};
