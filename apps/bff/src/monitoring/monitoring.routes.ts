import { failureRate, failureSeries, seriesHistoryStart, spikeSpans, windowBuckets } from '@paydesk/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { invalidArgument, notFound } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import {
  attemptBuckets,
  breakdownByMessage,
  breakdownByPaymentMethod,
  BUCKETS,
  countFailedOrders,
  countFailedPayments,
  failedOrderBuckets,
  paymentMethodExists,
  readSpikeThresholds,
  type BucketSize,
} from './monitoring.repository.ts';
import {
  bucketToWire,
  iso,
  rateToWire,
  spanToWire,
  thresholdsToWire,
  type AlertsWire,
  type FailureSeriesWire,
  type PaymentsFilter,
  type Range,
} from './monitoring.wire.ts';
import { spikeNow } from './spike-now.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const RANGE_MS: Record<Range, number> = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY };
/** The bucket a range is counted in when the request does not say. */
const DEFAULT_BUCKET: Record<Range, BucketSize> = { '24h': '5m', '7d': '1h', '30d': '1h' };
/** The top gateway messages of a window. */
const MESSAGE_ROWS = 10;

const failuresQuery = z
  .object({
    range: z.enum(['24h', '7d', '30d'], { error: 'Must be 24h, 7d or 30d.' }).default('24h'),
    bucket: z.enum(['5m', '1h'], { error: 'Must be 5m or 1h.' }).optional(),
    payment_method_id: z.coerce
      .number({ error: 'Must be a payment method id.' })
      .int()
      .positive()
      .max(2_147_483_647)
      .optional(),
  })
  .strict();

/**
 * Failed-order spike monitoring (product.md). Reads only, open to every role.
 * - `GET /failures?range=24h|7d|30d&bucket=5m|1h[&payment_method_id=]`: the failure series, each bucket
 *   judged by the spike rule, with its baseline;
 * - `GET /alerts`: whether a spike is on now, over the exact window, with the breakdowns of that window.
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

    const thresholds = await readSpikeThresholds(db);
    const now = Date.now();
    const bucketMs = BUCKETS[bucket].ms;
    // The range's buckets end with the one that holds now, which is still filling.
    const from = Math.floor(now / bucketMs) * bucketMs + bucketMs - RANGE_MS[query.range];
    const options = {
      bucketMs,
      windowMs: thresholds.windowMinutes * MINUTE,
      baselineMs: thresholds.baselineDays * DAY,
      from,
      to: now,
      factor: thresholds.factor,
      minFailures: thresholds.minFailures,
    };
    const [counts, failedOrders] = await Promise.all([
      // Counts from one window and one baseline earlier, to judge the first buckets too.
      attemptBuckets(db, bucket, new Date(seriesHistoryStart(options)), new Date(now), methodId),
      // Orders are not per payment method: a method's series has none.
      methodId === undefined ? failedOrderBuckets(db, bucket, new Date(from), new Date(now)) : undefined,
    ]);
    const points = failureSeries(counts, options);

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
      payment_method_id: methodId ?? null,
      from: iso(from),
      to: iso(now),
      thresholds: thresholdsToWire(thresholds),
      window_buckets: windowBuckets(options.windowMs, bucketMs),
      totals: { ...totals, rate: rateToWire(failureRate(totals)) },
      buckets,
      spikes: spikeSpans(points).map(spanToWire),
    };
    res.json(body);
  });

  router.get('/alerts', async (req, res) => {
    parseInput(z.object({}).strict(), req.query);
    const now = new Date();
    const thresholds = await readSpikeThresholds(db);
    const windowFrom = new Date(now.getTime() - thresholds.windowMinutes * MINUTE);
    const [{ window, baseline, baselineFrom, verdict }, failedPayments, failedOrders, byMethod, byMessage] =
      await Promise.all([
        spikeNow(db, now, thresholds),
        countFailedPayments(db, windowFrom, now),
        countFailedOrders(db),
        breakdownByPaymentMethod(db, windowFrom, now),
        breakdownByMessage(db, windowFrom, now, MESSAGE_ROWS),
      ]);
    const filter: PaymentsFilter = { failed_attempt_from: iso(windowFrom), failed_attempt_to: iso(now) };

    const body: AlertsWire = {
      as_of: iso(now),
      spike: verdict.spike,
      reason: verdict.reason,
      window: { from: iso(windowFrom), to: iso(now), minutes: thresholds.windowMinutes },
      attempts: window.attempts,
      failures: window.failures,
      failed_payments: failedPayments,
      rate: rateToWire(verdict.rate),
      baseline: {
        from: iso(baselineFrom),
        to: iso(windowFrom),
        days: thresholds.baselineDays,
        attempts: baseline.attempts,
        failures: baseline.failures,
        rate: rateToWire(verdict.baselineRate),
      },
      factor: thresholds.factor,
      min_failures: thresholds.minFailures,
      threshold_rate: rateToWire(verdict.thresholdRate) ?? 0,
      failed_orders: failedOrders,
      filter,
      by_payment_method: byMethod.map((row) => ({
        ...row,
        rate: rateToWire(failureRate(row)),
        filter: { ...filter, payment_method_id: row.payment_method_id },
      })),
      by_message: byMessage.map((row) => ({
        ...row,
        filter: {
          ...filter,
          failed_attempt_message: row.message,
          ...(row.error_code === null ? {} : { failed_attempt_error_code: row.error_code }),
        },
      })),
    };
    res.json(body);
  });

  return router;
}
