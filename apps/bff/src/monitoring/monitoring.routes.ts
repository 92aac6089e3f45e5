import { failureRate, spikeHistoryStart, spikeSeries, spikeSpans, STEP_MS } from '@paydesk/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { invalidArgument, notFound } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import {
  breakdownByMessage,
  breakdownByPaymentMethod,
  BUCKETS,
  countFailedOrders,
  countFailedPayments,
  failedOrderBuckets,
  paymentMethodExists,
  readSpikeRule,
  signalBuckets,
  type BucketSize,
} from './monitoring.repository.ts';
import {
  bandToWire,
  bucketToWire,
  iso,
  rateToWire,
  ruleToWire,
  spanToWire,
  type AlertsWire,
  type FailureSeriesWire,
  type PaymentsFilter,
  type Range,
} from './monitoring.wire.ts';
import { SIGNAL_DEFINITIONS, SIGNAL_KIND, SIGNALS, type Signal } from './signals.ts';
import { spikeAlertsRouter } from '../spike-alerts/spike-alerts.routes.ts';
import { spikeNow } from './spike-now.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const RANGE_MS: Record<Range, number> = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY };
/** The bucket a range is counted in when the request does not say. */
const DEFAULT_BUCKET: Record<Range, BucketSize> = { '24h': '5m', '7d': '1h', '30d': '1h' };
/** The top gateway messages of a window. */
const MESSAGE_ROWS = 10;

const signalParam = z.enum(SIGNALS, { error: `Must be one of ${SIGNALS.join(', ')}.` });

const failuresQuery = z
  .object({
    range: z.enum(['24h', '7d', '30d'], { error: 'Must be 24h, 7d or 30d.' }).default('24h'),
    bucket: z.enum(['5m', '1h'], { error: 'Must be 5m or 1h.' }).optional(),
    signal: signalParam.default('failures'),
    payment_method_id: z.coerce
      .number({ error: 'Must be a payment method id.' })
      .int()
      .positive()
      .max(2_147_483_647)
      .optional(),
  })
  .strict();

/** The payments list filter of a signal's failing payments in [from, to). */
export function signalFilter(signal: Signal, from: Date | number, to: Date | number): PaymentsFilter {
  if (SIGNAL_DEFINITIONS[signal].family === 'money') {
    return {
      failed_operation: signal as 'capture' | 'void' | 'refund',
      failed_operation_from: iso(from),
      failed_operation_to: iso(to),
    };
  }
  const kind = SIGNAL_KIND[signal];
  return { failed_attempt_from: iso(from), failed_attempt_to: iso(to), ...(kind ? { failed_attempt_kind: kind } : {}) };
}

/**
 * Failed-order spike monitoring (product.md). Reads only, open to every role.
 * - `GET /failures?range=24h|7d|30d&bucket=5m|1h&signal=…[&payment_method_id=]`: one signal's series,
 *   each bucket judged by the statistical rule at every 5-minute step, with its baseline and band;
 * - `GET /alerts[?signal=]`: every signal judged now, and the breakdowns of one signal's window.
 */
export function monitoringRouter(db: Db): Router {
  const router = Router();

  router.get('/failures', async (req, res) => {
    const query = parseInput(failuresQuery, req.query);
    const bucket = query.bucket ?? DEFAULT_BUCKET[query.range];
    if (bucket === '5m' && query.range !== '24h') {
      throw invalidArgument({ bucket: '5-minute buckets are for the last 24 hours; use 1h for 7d and 30d.' });
    }
    const methodId = query.payment_method_id;
    if (methodId !== undefined && !(await paymentMethodExists(db, methodId))) throw notFound('payment method');

    const rule = await readSpikeRule(db);
    const now = Date.now();
    const bucketMs = BUCKETS[bucket].ms;
    // The range's buckets end with the one that holds now, which is still filling.
    const from = Math.floor(now / bucketMs) * bucketMs + bucketMs - RANGE_MS[query.range];
    const withOrders = methodId === undefined && query.signal === 'failures';
    const [counts, failedOrders] = await Promise.all([
      signalBuckets(db, new Date(spikeHistoryStart(from, rule)), new Date(now + STEP_MS), methodId, query.signal),
      // Orders are not per payment method nor per kind of failure: only the overall series has them.
      withOrders ? failedOrderBuckets(db, bucket, new Date(from), new Date(now)) : undefined,
    ]);
    const points = spikeSeries(counts[query.signal], rule, { bucketMs, from, to: now });

    const totals = { attempts: 0, failures: 0, failed_orders: failedOrders ? 0 : null };
    const buckets = points.map((point) => {
      const orders = failedOrders ? (failedOrders.get(point.start) ?? 0) : null;
      totals.attempts += point.attempts;
      totals.failures += point.failures;
      if (totals.failed_orders !== null) totals.failed_orders += orders ?? 0;
      return bucketToWire(point, orders);
    });
    const body: FailureSeriesWire = {
      range: query.range,
      bucket,
      signal: query.signal,
      payment_method_id: methodId ?? null,
      from: iso(from),
      to: iso(now),
      rule: ruleToWire(rule),
      totals: { ...totals, rate: rateToWire(failureRate(totals)) },
      buckets,
      spikes: spikeSpans(points).map(spanToWire),
    };
    res.json(body);
  });

  router.get('/alerts', async (req, res) => {
    const query = parseInput(z.object({ signal: signalParam.optional() }).strict(), req.query);
    const now = new Date();
    const rule = await readSpikeRule(db);
    const current = await spikeNow(db, now, rule);
    const spiking = SIGNALS.filter((signal) => signal !== 'failures' && current.signals[signal].verdict.spike);
    const signal = query.signal ?? spiking[0] ?? 'failures';
    const { windowFrom } = current.signals[signal];
    const [failedPayments, failedOrders, byMethod, byMessage] = await Promise.all([
      countFailedPayments(db, windowFrom, now, signal),
      countFailedOrders(db),
      breakdownByPaymentMethod(db, windowFrom, now, signal),
      breakdownByMessage(db, windowFrom, now, MESSAGE_ROWS, signal),
    ]);
    const filter = signalFilter(signal, windowFrom, now);
    const chosen = current.signals[signal].verdict;

    const body: AlertsWire = {
      as_of: iso(now),
      spike: current.spike,
      spiking,
      rule: ruleToWire(rule),
      window: { from: iso(windowFrom), to: iso(now), minutes: rule.windowMinutes },
      baseline: { days: rule.baselineDays, weeks: rule.seasonalWeeks },
      signals: SIGNALS.map((name) => {
        const { verdict } = current.signals[name];
        return {
          signal: name,
          family: SIGNAL_DEFINITIONS[name].family,
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
          filter: signalFilter(name, windowFrom, now),
        };
      }),
      signal,
      attempts: chosen.window.attempts,
      failures: chosen.window.failures,
      failed_payments: failedPayments,
      rate: rateToWire(chosen.rate),
      failed_orders: failedOrders,
      filter,
      by_payment_method: byMethod.map((row) => ({
        ...row,
        rate: rateToWire(failureRate(row)),
        filter: { ...filter, payment_method_id: row.payment_method_id },
      })),
      by_message: byMessage.map((row) => ({
        ...row,
        // The message and error code keys look at attempts; a money operation's row lists the window's.
        filter:
          SIGNAL_DEFINITIONS[signal].family === 'money'
            ? filter
            : {
                ...filter,
                failed_attempt_message: row.message,
                ...(row.error_code === null ? {} : { failed_attempt_error_code: row.error_code }),
              },
      })),
    };
    res.json(body);
  });

  router.use(spikeAlertsRouter(db));
  return router;
}
