import { z } from 'zod';
import { nullableTimestamp, recordId, timestamp } from './common.ts';
import { MONITORING_SIGNALS } from './rules.ts';

/**
 * Failed-order spike monitoring (`/api/monitoring`, README "Monitoring"). Times are ISO 8601 UTC; rates are
 * ratios (0.0412 = 4.12 %) rounded to 4 decimals, null when there were no attempts.
 */

export { MONITORING_SIGNALS } from './rules.ts';
export const monitoringSignal = z.enum(MONITORING_SIGNALS);
export type MonitoringSignal = z.infer<typeof monitoringSignal>;

export const monitoringRange = z.enum(['24h', '7d', '30d']);
export const monitoringBucketSize = z.enum(['5m', '1h']);

const signalParam = z.enum(MONITORING_SIGNALS, { error: `Must be one of ${MONITORING_SIGNALS.join(', ')}.` });
const methodParam = z.coerce
  .number({ error: 'Must be a payment method id.' })
  .int()
  .positive()
  .max(2_147_483_647)
  .optional();

/** `GET /api/monitoring/failures`'s query. The bucket, when not sent, is 5m for 24h and 1h for 7d and 30d. */
export const failureSeriesQuery = z
  .object({
    range: z
      .enum(['24h', '7d', '30d'], { error: 'Must be 24h, 7d or 30d.' })
      .default('24h')
      .meta({ description: 'The series: the last 24 hours, 7 days or 30 days.' }),
    bucket: z
      .enum(['5m', '1h'], { error: 'Must be 5m or 1h.' })
      .optional()
      .meta({ description: '5-minute buckets (24h only) or hours.' }),
    signal: signalParam.default('failures').meta({ description: 'The signal.' }),
    payment_method_id: methodParam.meta({ description: "One payment method's own series." }),
  })
  .strict();

/** `GET /api/monitoring/alerts`'s query: the signal (and scope) the breakdowns are about. */
export const spikeAlertsQuery = z
  .object({
    signal: signalParam.optional().meta({ description: 'The signal to break down (default: the first spike).' }),
    payment_method_id: methodParam.meta({ description: "That signal of one payment method's own." }),
  })
  .strict();

const rate = z.number().min(0).max(1);
const count = z.number().int().min(0);

/** A payments-list filter (api.md's `filter`) that lists exactly the failing payments of a row. */
export const failingPaymentsFilter = z
  .object({
    failed_attempt_from: timestamp.optional(),
    failed_attempt_to: timestamp.optional(),
    failed_attempt_kind: z.enum(['decline', 'technical', 'fraud']).optional(),
    failed_operation: z.enum(['capture', 'void', 'refund']).optional(),
    failed_operation_from: timestamp.optional(),
    failed_operation_to: timestamp.optional(),
    payment_method_id: recordId.optional(),
    failed_attempt_message: z.string().optional(),
    failed_attempt_error_code: z.string().optional(),
  })
  .strict()
  .meta({ id: 'FailingPaymentsFilter' });

/** The spike_* settings: the statistical rule. */
export const spikeRuleWire = z
  .object({
    window_minutes: z.number().int().positive(),
    /** The significance shared among the signals judged (each is judged at it ÷ their number). */
    significance: z.number().positive().lt(1),
    min_effect: z.number().min(0).lt(1),
    factor: z.number().min(1),
    baseline_days: z.number().positive(),
    baseline_weeks: z.number().int().min(0),
  })
  .strict()
  .meta({ id: 'SpikeRule' });

export const rateBand = z.object({ low: rate, high: rate }).strict();

export const failureBucket = z
  .object({
    start: timestamp,
    end: timestamp,
    attempts: count,
    failures: count,
    rate: rate.nullable(),
    /** What the chart draws: the spike window's rate for 5-minute buckets, the bucket's own for hours. */
    window_rate: rate.nullable(),
    /** 95 % interval of window_rate: wide at low volume, narrow at high. */
    band: rateBand.nullable(),
    baseline_rate: rate,
    /** The rate the window must reach to be a spike. */
    threshold_rate: rate,
    /** Whether the rule held at a 5-minute step ending in this bucket: the same moments in every view. */
    spike: z.boolean(),
    /** Orders created in this bucket whose payment_state is now `failed`; null but for `failures` overall. */
    failed_orders: count.nullable(),
  })
  .strict();

export const failureSeries = z
  .object({
    range: monitoringRange,
    bucket: monitoringBucketSize,
    signal: monitoringSignal,
    payment_method_id: recordId.nullable(),
    from: timestamp,
    to: timestamp,
    rule: spikeRuleWire,
    /** The signals judged now, and the significance each is judged at: rule.significance ÷ signals_judged. */
    signals_judged: z.number().int().positive(),
    significance: z.number().positive(),
    totals: z
      .object({ attempts: count, failures: count, rate: rate.nullable(), failed_orders: count.nullable() })
      .strict(),
    buckets: z.array(failureBucket),
    spikes: z.array(z.object({ from: timestamp, to: timestamp, attempts: count, failures: count }).strict()),
  })
  .strict()
  .meta({ id: 'FailureSeries' });

export const spikeReason = z.enum(['spike', 'no_attempts', 'too_few_failures', 'below_effect', 'not_significant']);

/** One signal judged now, over every payment method together (payment_method_id null) or one method. */
export const signalNowWire = z
  .object({
    signal: monitoringSignal,
    family: z.enum(['attempts', 'money']),
    payment_method_id: recordId.nullable(),
    spike: z.boolean(),
    reason: spikeReason,
    attempts: count,
    failures: count,
    rate: rate.nullable(),
    band: rateBand.nullable(),
    baseline: z.object({ attempts: count, failures: count, rate }).strict(),
    threshold_rate: rate,
    /** The one-sided binomial test's p-value; null when the rise is under the minimum effect. */
    p_value: z.number().min(0).max(1).nullable(),
    /** The window (minutes, ending now) that made the spike: the shortest that did; null without a spike. */
    deciding_minutes: z.number().int().positive().nullable(),
    /** The payments list filter of this signal's failing payments in the window. */
    filter: failingPaymentsFilter,
  })
  .strict()
  .meta({ id: 'SignalNow' });

/** A spiking alerting signal: its kind and its scope. */
export const spikingSignal = z
  .object({
    signal: monitoringSignal,
    /** null: every payment method together. */
    payment_method_id: recordId.nullable(),
    payment_method_name: z.string().nullable(),
  })
  .strict();

export const methodBreakdown = z
  .object({
    payment_method_id: recordId,
    name: z.string(),
    type: z.string(),
    attempts: count,
    failures: count,
    failed_payments: count,
    rate: rate.nullable(),
    filter: failingPaymentsFilter,
  })
  .strict();

export const messageBreakdown = z
  .object({
    message: z.string(),
    error_code: z.string().nullable(),
    failures: count,
    failed_payments: count,
    filter: failingPaymentsFilter,
  })
  .strict();

export const spikeAlerts = z
  .object({
    as_of: timestamp,
    /** Whether any alerting signal (all but the overall `failures`), of any scope, is a spike now. */
    spike: z.boolean(),
    /** The kinds with a spike now, over every method or one. */
    spiking: z.array(monitoringSignal),
    /** Every alerting signal that is a spike now: the overall ones first, then each method's. */
    spikes: z.array(spikingSignal),
    rule: spikeRuleWire,
    /** The alerting signals judged now (kinds × scopes) and the significance each is judged at. */
    signals_judged: z.number().int().positive(),
    significance: z.number().positive(),
    window: z.object({ from: timestamp, to: timestamp, minutes: z.number().int().positive() }).strict(),
    baseline: z.object({ days: z.number().positive(), weeks: z.number().int().min(0) }).strict(),
    /** Every signal over every payment method together. */
    signals: z.array(signalNowWire),
    /** The payment methods judged on their own (when there are two or more), each with its signals. */
    methods: z.array(
      z
        .object({ payment_method_id: recordId, name: z.string(), type: z.string(), signals: z.array(signalNowWire) })
        .strict(),
    ),
    /**
     * The signal the rest of the body is about (the `signal` and `payment_method_id` asked, or the first
     * spike, or `failures` over every method), and its scope.
     */
    signal: monitoringSignal,
    payment_method_id: recordId.nullable(),
    payment_method_name: z.string().nullable(),
    attempts: count,
    failures: count,
    /** Payments with a failure of `signal` (of the method) in the window: what `filter` lists. */
    failed_payments: count,
    rate: rate.nullable(),
    /** Orders whose payment_state is `failed`, all time. */
    failed_orders: count,
    filter: failingPaymentsFilter,
    by_payment_method: z.array(methodBreakdown),
    by_message: z.array(messageBreakdown),
  })
  .strict()
  .meta({ id: 'Alerts' });

/** A spike episode: when a signal's spike (of every method or one) started and resolved. */
export const spikeEpisode = z
  .object({
    id: recordId,
    signal: monitoringSignal,
    /** null: every payment method together. */
    payment_method_id: recordId.nullable(),
    started_at: timestamp,
    resolved_at: nullableTimestamp,
    /** The alert body sent when it started and when it resolved. */
    started_body: z.record(z.string(), z.unknown()),
    resolved_body: z.record(z.string(), z.unknown()).nullable(),
  })
  .strict()
  .meta({ id: 'SpikeEpisode' });
export const spikeEpisodeList = z.array(spikeEpisode);

export const alertEvent = z.enum(['spike.started', 'spike.resolved']);

/**
 * The body of a spike alert, POSTed to each alert_webhook_urls URL: the episode, its signal and payment method
 * (null: every method), the signal's numbers at the moment, and a `text` that makes the same body a Slack
 * incoming-webhook message.
 */
export const spikeAlertBody = z
  .object({
    event: alertEvent,
    text: z.string(),
    episode_id: recordId,
    signal: monitoringSignal,
    signal_name: z.string(),
    payment_method_id: recordId.nullable(),
    payment_method_name: z.string().nullable(),
    started_at: timestamp,
    resolved_at: nullableTimestamp,
    as_of: timestamp,
    window: z.object({ from: timestamp, to: timestamp, minutes: z.number().int().positive() }).strict(),
    attempts: count,
    failures: count,
    rate: rate.nullable(),
    band: rateBand.nullable(),
    baseline_rate: rate,
    threshold_rate: rate,
    p_value: z.number().min(0).max(1).nullable(),
    deciding_minutes: z.number().int().positive().nullable(),
  })
  .strict()
  .meta({ id: 'SpikeAlert' });

/**
 * A delivery's payload: the SpikeAlert body as it was sent. Kept as sent, so a delivery made before a field
 * was added lacks it; what the console reads of it is named.
 */
export const alertPayload = z.looseObject({
  signal: z.string().optional(),
  signal_name: z.string().optional(),
  text: z.string().optional(),
});

/** `GET /api/monitoring/alert-signing-secret` (admins): what receivers check Paydesk-Signature with. */
export const alertSigningSecret = z
  .object({ secret: z.string(), header: z.literal('Paydesk-Signature') })
  .strict()
  .meta({ id: 'AlertSigningSecret' });

/** One alert to one alert_webhook_urls URL, with its delivery so far. */
export const alertDelivery = z
  .object({
    id: recordId,
    episode_id: recordId,
    event: alertEvent,
    url: z.string(),
    payload: alertPayload,
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: count,
    last_response_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    next_attempt_at: nullableTimestamp,
    delivered_at: nullableTimestamp,
    created_at: timestamp,
  })
  .strict()
  .meta({ id: 'AlertDelivery' });
export const alertDeliveryList = z.array(alertDelivery);

export const alertAttempt = z
  .object({
    id: recordId,
    response_code: z.number().int().nullable(),
    error: z.string().nullable(),
    duration_ms: z.number().int().min(0),
    created_at: timestamp,
  })
  .strict()
  .meta({ id: 'AlertAttempt' });
export const alertAttemptList = z.array(alertAttempt);

export type MonitoringRange = z.infer<typeof monitoringRange>;
export type MonitoringBucketSize = z.infer<typeof monitoringBucketSize>;
export type FailingPaymentsFilter = z.infer<typeof failingPaymentsFilter>;
export type SpikeRuleWire = z.infer<typeof spikeRuleWire>;
export type RateBand = z.infer<typeof rateBand>;
export type FailureBucket = z.infer<typeof failureBucket>;
export type FailureSeries = z.infer<typeof failureSeries>;
export type SpikeReason = z.infer<typeof spikeReason>;
export type SignalNowWire = z.infer<typeof signalNowWire>;
export type SpikingSignal = z.infer<typeof spikingSignal>;
export type MethodBreakdown = z.infer<typeof methodBreakdown>;
export type MessageBreakdown = z.infer<typeof messageBreakdown>;
export type SpikeAlerts = z.infer<typeof spikeAlerts>;
export type SpikeEpisode = z.infer<typeof spikeEpisode>;
export type FailureSeriesQuery = z.infer<typeof failureSeriesQuery>;
export type SpikeAlertsQuery = z.infer<typeof spikeAlertsQuery>;
export type AlertEvent = z.infer<typeof alertEvent>;
export type SpikeAlertBody = z.infer<typeof spikeAlertBody>;
export type AlertSigningSecret = z.infer<typeof alertSigningSecret>;
export type AlertDelivery = z.infer<typeof alertDelivery>;
export type AlertAttempt = z.infer<typeof alertAttempt>;
