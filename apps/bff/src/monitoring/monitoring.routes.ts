import { failureRate, spikeHistoryStart, spikeSeries, spikeSpans, STEP_MS } from '@paydesk/domain';
import { failureSeriesQuery, spikeAlertsQuery } from '@paydesk/contract';
import { Router } from 'express';
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
  paymentMethodNames,
  readSpikeRule,
  signalBuckets,
  type BucketSize,
} from './monitoring.repository.ts';
import {
  bucketToWire,
  iso,
  messageBreakdownToWire,
  methodBreakdownToWire,
  rateToWire,
  ruleToWire,
  signalNowToWire,
  spanToWire,
  type AlertsWire,
  type FailureSeriesWire,
  type PaymentsFilter,
  type Range,
} from './monitoring.wire.ts';
import { SIGNAL_DEFINITIONS, SIGNAL_KIND, SIGNALS, type Signal } from './signals.ts';
import { spikeAlertsRouter } from '../spike-alerts/spike-alerts.routes.ts';
import { calibrationNow, spikeNow } from './spike-now.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const RANGE_MS: Record<Range, number> = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY };
/** The bucket a range is counted in when the request does not say. */
const DEFAULT_BUCKET: Record<Range, BucketSize> = { '24h': '5m', '7d': '1h', '30d': '1h' };
/** The top gateway messages of a window. */
const MESSAGE_ROWS = 10;

/** The payments list filter of a signal's failing payments (of one method, or every one) in [from, to). */
export function signalFilter(
  signal: Signal,
  from: Date | number,
  to: Date | number,
  paymentMethodId: number | null = null,
): PaymentsFilter {
  const method = paymentMethodId === null ? {} : { payment_method_id: paymentMethodId };
  if (SIGNAL_DEFINITIONS[signal].family === 'money') {
    return {
      failed_operation: signal as 'capture' | 'void' | 'refund',
      failed_operation_from: iso(from),
      failed_operation_to: iso(to),
      ...method,
    };
  }
  const kind = SIGNAL_KIND[signal];
  return {
    failed_attempt_from: iso(from),
    failed_attempt_to: iso(to),
    ...(kind ? { failed_attempt_kind: kind } : {}),
    ...method,
  };
}

/**
 * Failed-order spike monitoring (product.md). Reads only, open to every role.
 * - `GET /failures?range=24h|7d|30d&bucket=5m|1h&signal=…[&payment_method_id=]`: one signal's series (of
 *   every method, or one method's own), each bucket judged by the statistical rule at every 5-minute step,
 *   with its baseline and band, at the significance the signals judged now share (as /alerts);
 * - `GET /alerts[?signal=][&payment_method_id=]`: every signal judged now, over every method together and
 *   each method on its own, and the breakdowns of one signal's window.
 */
export function monitoringRouter(db: Db): Router {
  const router = Router();

  router.get('/failures', async (req, res) => {
    const query = parseInput(failureSeriesQuery, req.query);
    const bucket = query.bucket ?? DEFAULT_BUCKET[query.range];
    if (bucket === '5m' && query.range !== '24h') {
      throw invalidArgument({ bucket: '5-minute buckets are for the last 24 hours; use 1h for 7d and 30d.' });
    }
    const methodId = query.payment_method_id;
    if (methodId !== undefined && !(await paymentMethodExists(db, methodId))) throw notFound('payment method');

    const setting = await readSpikeRule(db);
    const now = Date.now();
    // The significance the windows judged now are judged at (spikeNow's calibration), for every step of the
    // series: the series of a signal and its verdict in /alerts are one judgement.
    const { judged, rule } = await calibrationNow(db, new Date(now), setting);
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
      rule: ruleToWire(setting),
      signals_judged: judged,
      significance: rule.significance,
      totals: {
        attempts: totals.attempts,
        failures: totals.failures,
        rate: rateToWire(failureRate(totals)),
        failed_orders: totals.failed_orders,
      },
      buckets,
      spikes: spikeSpans(points).map(spanToWire),
    };
    res.json(body);
  });

  router.get('/alerts', async (req, res) => {
    const query = parseInput(spikeAlertsQuery, req.query);
    const now = new Date();
    const rule = await readSpikeRule(db);
    const current = await spikeNow(db, now, rule);
    if (query.payment_method_id !== undefined && !current.methods.has(query.payment_method_id)) {
      // A method not judged on its own (unknown, without counts, or the only one): every method's signal.
      if (!(await paymentMethodExists(db, query.payment_method_id))) throw notFound('payment method');
    }
    const asked =
      query.payment_method_id !== undefined && current.methods.has(query.payment_method_id)
        ? current.methods.get(query.payment_method_id)![query.signal ?? 'failures']
        : query.signal
          ? current.signals[query.signal]
          : undefined;
    const chosen = asked ?? current.spiking[0] ?? current.signals.failures;
    const { signal, paymentMethodId, windowFrom } = chosen;
    const [names, failedPayments, failedOrders, byMethod, byMessage] = await Promise.all([
      paymentMethodNames(db, current.methodIds),
      countFailedPayments(db, windowFrom, now, signal, paymentMethodId),
      countFailedOrders(db),
      breakdownByPaymentMethod(db, windowFrom, now, signal),
      breakdownByMessage(db, windowFrom, now, MESSAGE_ROWS, signal, paymentMethodId),
    ]);
    const methodName = (id: number | null) => (id === null ? null : (names.get(id)?.name ?? `#${id}`));
    const filter = signalFilter(signal, windowFrom, now, paymentMethodId);
    const allFilter = signalFilter(signal, windowFrom, now);

    const body: AlertsWire = {
      as_of: iso(now),
      spike: current.spike,
      spiking: [...new Set(current.spiking.map((s) => s.signal))],
      spikes: current.spiking.map((s) => ({
        signal: s.signal,
        payment_method_id: s.paymentMethodId,
        payment_method_name: methodName(s.paymentMethodId),
      })),
      rule: ruleToWire(rule),
      signals_judged: current.judged,
      significance: current.significance,
      window: { from: iso(windowFrom), to: iso(now), minutes: rule.windowMinutes },
      baseline: { days: rule.baselineDays, weeks: rule.seasonalWeeks },
      signals: SIGNALS.map((name) =>
        signalNowToWire(name, null, current.signals[name].verdict, signalFilter(name, windowFrom, now)),
      ),
      methods: current.methodIds.map((id) => ({
        payment_method_id: id,
        name: methodName(id)!,
        type: names.get(id)?.type ?? '',
        signals: SIGNALS.map((name) =>
          signalNowToWire(name, id, current.methods.get(id)![name].verdict, signalFilter(name, windowFrom, now, id)),
        ),
      })),
      signal,
      payment_method_id: paymentMethodId,
      payment_method_name: methodName(paymentMethodId),
      attempts: chosen.verdict.window.attempts,
      failures: chosen.verdict.window.failures,
      failed_payments: failedPayments,
      rate: rateToWire(chosen.verdict.rate),
      failed_orders: failedOrders,
      filter,
      by_payment_method: byMethod.map((row) =>
        methodBreakdownToWire(row, { ...allFilter, payment_method_id: row.payment_method_id }),
      ),
      by_message: byMessage.map((row) =>
        messageBreakdownToWire(
          row,
          // The message and error code keys look at attempts; a money operation's row lists the window's.
          SIGNAL_DEFINITIONS[signal].family === 'money'
            ? filter
            : {
                ...filter,
                failed_attempt_message: row.message,
                ...(row.error_code === null ? {} : { failed_attempt_error_code: row.error_code }),
              },
        ),
      ),
    };
    res.json(body);
  });

  router.use(spikeAlertsRouter(db));
  return router;
}
