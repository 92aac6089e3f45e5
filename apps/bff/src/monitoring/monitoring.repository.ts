import type { AttemptCounts, BucketCounts, SpikeThresholds } from '@paydesk/domain';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/database.ts';
import { getSetting } from '../settings/settings.repository.ts';

/**
 * All of monitoring's SQL. An attempt is a log entry whose action is authorize or purchase; a failure is
 * one with success = false. Every attempt query repeats the partial indexes' predicate literally (not as
 * parameters), so that PostgreSQL can use them: log_entries_attempts_idx (created_at, payment_method_id)
 * INCLUDE (success) for the minutes of a span, log_entries_failed_attempts_idx (0008_monitoring) for the
 * failures of a window. Long spans (series, baselines) read the 5-minute rollup attempt_buckets_5m, kept by
 * triggers (0008_monitoring). Spans are half-open: [from, to).
 */

const ATTEMPT_ACTIONS = sql.raw(`('authorize', 'purchase')`);
const ATTEMPT = sql<SqlBool>`action IN ${ATTEMPT_ACTIONS}`;

/** Bucket sizes the series is counted in; the SQL interval comes from here, never from the request. */
export const BUCKETS = {
  '5m': { ms: 5 * 60_000, interval: sql.raw(`interval '5 minutes'`) },
  '1h': { ms: 60 * 60_000, interval: sql.raw(`interval '1 hour'`) },
} as const;
export type BucketSize = keyof typeof BUCKETS;

/** Buckets start on multiples of their size since this origin (UTC): 00:00, 00:05, … and whole hours. */
const BUCKET_ORIGIN = sql`TIMESTAMPTZ '2000-01-01 00:00:00+00'`;

const byMethod = (paymentMethodId: number | undefined, column = sql.ref('payment_method_id')): RawBuilder<SqlBool> =>
  paymentMethodId === undefined ? sql<SqlBool>`true` : sql<SqlBool>`${column} = ${paymentMethodId}`;

/** The four spike_* settings. */
export async function readSpikeThresholds(db: Db): Promise<SpikeThresholds> {
  const [windowMinutes, factor, minFailures, baselineDays] = await Promise.all([
    getSetting(db, 'spike_window_minutes'),
    getSetting(db, 'spike_factor'),
    getSetting(db, 'spike_min_failures'),
    getSetting(db, 'spike_baseline_days'),
  ]);
  return { windowMinutes, factor, minFailures, baselineDays };
}

/** The rollup's bucket (0008_monitoring): attempt_buckets_5m holds attempts and failures per 5 minutes and method. */
const ROLLUP_MS = 5 * 60_000;

/**
 * Attempts and failures in [from, to), exactly: the whole 5-minute buckets inside the span from the
 * rollup, the minutes at either end that do not fill a bucket from log_entries (attempts index).
 */
export async function countAttempts(db: Db, from: Date, to: Date, paymentMethodId?: number): Promise<AttemptCounts> {
  const innerFrom = new Date(Math.ceil(from.getTime() / ROLLUP_MS) * ROLLUP_MS);
  const innerTo = new Date(Math.floor(to.getTime() / ROLLUP_MS) * ROLLUP_MS);
  const raw = (rawFrom: Date, rawTo: Date) => sql`
    SELECT count(*) AS attempts, count(*) FILTER (WHERE NOT success) AS failures
    FROM log_entries
    WHERE ${ATTEMPT} AND created_at >= ${rawFrom} AND created_at < ${rawTo} AND ${byMethod(paymentMethodId)}`;
  const query =
    innerFrom >= innerTo
      ? raw(from, to)
      : sql`
    SELECT coalesce(sum(attempts), 0) AS attempts, coalesce(sum(failures), 0) AS failures
    FROM (
      SELECT attempts, failures FROM attempt_buckets_5m
      WHERE bucket_start >= ${innerFrom} AND bucket_start < ${innerTo} AND ${byMethod(paymentMethodId)}
      UNION ALL ${raw(from, innerFrom)}
      UNION ALL ${raw(innerTo, to)}
    ) AS parts`;
  const { rows } = await query.execute(db);
  const row = rows[0] as { attempts?: unknown; failures?: unknown } | undefined;
  return { attempts: Number(row?.attempts ?? 0), failures: Number(row?.failures ?? 0) };
}

/**
 * Attempts and failures per bucket from `from` (a multiple of the bucket size) to now, from the rollup;
 * buckets without attempts are left out. The last bucket holds everything written so far.
 */
export async function attemptBuckets(
  db: Db,
  bucket: BucketSize,
  from: Date,
  to: Date,
  paymentMethodId?: number,
): Promise<BucketCounts[]> {
  const { rows } = await sql<{ start: Date; attempts: number; failures: number }>`
    SELECT date_bin(${BUCKETS[bucket].interval}, bucket_start, ${BUCKET_ORIGIN}) AS start,
           sum(attempts) AS attempts, sum(failures) AS failures
    FROM attempt_buckets_5m
    WHERE bucket_start >= ${from} AND bucket_start < ${to} AND ${byMethod(paymentMethodId)}
    GROUP BY 1
    ORDER BY 1
  `.execute(db);
  return rows.map((row) => ({
    start: new Date(row.start).getTime(),
    attempts: Number(row.attempts),
    failures: Number(row.failures),
  }));
}

/**
 * Orders whose payment_state is `failed`, by the bucket they were created in: an index-only scan of
 * orders_payment_state_idx (payment_state, created_at). Orders are not per payment method (an order may
 * have tried several), so there is no such filter.
 */
export async function failedOrderBuckets(
  db: Db,
  bucket: BucketSize,
  from: Date,
  to: Date,
): Promise<Map<number, number>> {
  const { rows } = await sql<{ start: Date; orders: number }>`
    SELECT date_bin(${BUCKETS[bucket].interval}, created_at, ${BUCKET_ORIGIN}) AS start, count(*) AS orders
    FROM orders
    WHERE payment_state = 'failed' AND created_at >= ${from} AND created_at < ${to}
    GROUP BY 1
  `.execute(db);
  return new Map(rows.map((row) => [new Date(row.start).getTime(), Number(row.orders)]));
}

/** How many orders' payment_state is `failed` now, whenever they were made. */
export async function countFailedOrders(db: Db): Promise<number> {
  const row = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('orders'))
    .where('payment_state', '=', 'failed')
    .executeTakeFirstOrThrow();
  return Number(row.orders);
}

export interface MethodBreakdownRow extends AttemptCounts {
  payment_method_id: number;
  name: string;
  type: string;
  /** Payments with a failed attempt in the span: what the drill-down lists. */
  failed_payments: number;
}

/** Attempts and failures in [from, to) by payment method, the most failures first. */
export async function breakdownByPaymentMethod(db: Db, from: Date, to: Date): Promise<MethodBreakdownRow[]> {
  const { rows } = await sql<MethodBreakdownRow>`
    SELECT le.payment_method_id, pm.name, pm.type,
           count(*) AS attempts,
           count(*) FILTER (WHERE NOT le.success) AS failures,
           count(DISTINCT le.payment_id) FILTER (WHERE NOT le.success) AS failed_payments
    FROM log_entries AS le
    JOIN payment_methods AS pm ON pm.id = le.payment_method_id
    WHERE le.action IN ${ATTEMPT_ACTIONS} AND le.created_at >= ${from} AND le.created_at < ${to}
    GROUP BY le.payment_method_id, pm.name, pm.type
    ORDER BY failures DESC, attempts DESC, pm.name
  `.execute(db);
  return rows.map((row) => ({
    ...row,
    attempts: Number(row.attempts),
    failures: Number(row.failures),
    failed_payments: Number(row.failed_payments),
  }));
}

export interface MessageBreakdownRow {
  message: string;
  error_code: string | null;
  failures: number;
  failed_payments: number;
}

/** The failures of [from, to) by gateway message and error code, the most frequent first. */
export async function breakdownByMessage(db: Db, from: Date, to: Date, limit: number): Promise<MessageBreakdownRow[]> {
  const { rows } = await sql<MessageBreakdownRow>`
    SELECT message, error_code, count(*) AS failures, count(DISTINCT payment_id) AS failed_payments
    FROM log_entries
    WHERE ${ATTEMPT} AND NOT success AND created_at >= ${from} AND created_at < ${to}
    GROUP BY message, error_code
    ORDER BY failures DESC, message, error_code
    LIMIT ${limit}
  `.execute(db);
  return rows.map((row) => ({ ...row, failures: Number(row.failures), failed_payments: Number(row.failed_payments) }));
}

/** Payments with at least one failed attempt in [from, to): the count the banner's link lands on. */
export async function countFailedPayments(db: Db, from: Date, to: Date): Promise<number> {
  const { rows } = await sql<{ payments: number }>`
    SELECT count(DISTINCT payment_id) AS payments
    FROM log_entries
    WHERE ${ATTEMPT} AND NOT success AND created_at >= ${from} AND created_at < ${to}
  `.execute(db);
  return Number(rows[0]?.payments ?? 0);
}

/** Whether a payment method exists (a series for an unknown one is a 404, not an empty chart). */
export async function paymentMethodExists(db: Db, id: number): Promise<boolean> {
  return (await db.selectFrom('payment_methods').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
