import type { FailureSeries, SpikeAlert } from './api.ts';

/** A spike as GET /api/monitoring/alerts answers it (times in UTC). */
export const spikeAlert: SpikeAlert = {
  as_of: '2026-11-21T14:45:00.000Z',
  spike: true,
  reason: 'spike',
  window: { from: '2026-11-21T14:30:00.000Z', to: '2026-11-21T14:45:00.000Z', minutes: 15 },
  attempts: 24,
  failures: 14,
  failed_payments: 14,
  rate: 0.5833,
  baseline: {
    from: '2026-11-14T14:30:00.000Z',
    to: '2026-11-21T14:30:00.000Z',
    days: 7,
    attempts: 501,
    failures: 11,
    rate: 0.022,
  },
  factor: 3,
  min_failures: 10,
  threshold_rate: 0.0659,
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
  reason: 'below_factor',
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
  payment_method_id: null,
  from: '2026-11-21T14:30:00.000Z',
  to: '2026-11-21T14:44:10.000Z',
  thresholds: { window_minutes: 15, factor: 3, min_failures: 10, baseline_days: 7 },
  window_buckets: 3,
  totals: { attempts: 40, failures: 15, rate: 0.375, failed_orders: 15 },
  buckets: [
    {
      start: '2026-11-21T14:30:00.000Z',
      end: '2026-11-21T14:35:00.000Z',
      attempts: 16,
      failures: 1,
      rate: 0.0625,
      window_rate: 0.0625,
      baseline_rate: 0.022,
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
      baseline_rate: 0.022,
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
      baseline_rate: 0.022,
      spike: true,
      failed_orders: 0,
    },
  ],
  spikes: [{ from: '2026-11-21T14:35:00.000Z', to: '2026-11-21T14:45:00.000Z', attempts: 24, failures: 14 }],
};
