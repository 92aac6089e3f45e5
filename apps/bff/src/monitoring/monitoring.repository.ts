import type { AttemptCounts, BucketCounts, MethodBucketCounts, SpikeRule } from '@paydesk/domain';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/database.ts';
import { getSettings } from '../settings/settings.repository.ts';
import { SIGNAL_ACTIONS, SIGNAL_DEFINITIONS, SIGNAL_KIND, SIGNALS, type Signal } from './signals.ts';

/**
 * All of monitoring's SQL. Signals (signals.ts) count log entries by action: payment attempts (authorize,
 * purchase) and money operations (capture, void, refund); a failure is one with success = false, of the
 * kind monitoring_failure_kind gives its error code. Series and baselines read the 5-minute rollups, kept
 * by triggers on log_entries (0090_monitoring_signals, 0101_monitoring_totals): monitoring_totals_5m for
 * every payment method together, monitoring_buckets_5m for one; the breakdowns of a window read
 * log_entries (log_entries_failed_attempts_idx for failed attempts, log_entries_created_at_idx for the
 * rest). Spans are half-open: [from, to).
 */

/** Bucket sizes the series is counted in; the SQL interval comes from here, never from the request. */
export const BUCKETS = {
  '5m': { ms: 5 * 60_000, interval: sql.raw(`interval '5 minutes'`) },
  '1h': { ms: 60 * 60_000, interval: sql.raw(`interval '1 hour'`) },
} as const;
export type BucketSize = keyof typeof BUCKETS;

/** Buckets start on multiples of their size since this origin (UTC): 00:00, 00:05, … and whole hours. */
const BUCKET_ORIGIN = sql`TIMESTAMPTZ '2000-01-01 00:00:00+00'`;

/** The spike_* settings: the statistical rule (one query). */
export async function readSpikeRule(db: Db): Promise<SpikeRule> {
  const settings = await getSettings(db, [
    'spike_window_minutes',
    'spike_significance',
    'spike_min_effect',
    'spike_factor',
    'spike_baseline_days',
    'spike_baseline_weeks',
  ]);
  return {
    windowMinutes: settings.spike_window_minutes,
    significance: settings.spike_significance,
    minEffect: settings.spike_min_effect,
    factor: settings.spike_factor,
    baselineDays: settings.spike_baseline_days,
    seasonalWeeks: settings.spike_baseline_weeks,
  };
}

/** The rollup columns of every signal (or only `only`), each as a pair of aliases, and the bucket's start. */
function rollupColumns(only?: Signal) {
  const keys = (only ? [only] : SIGNALS).map((signal, i) => ({ signal, attempts: `a${i}`, failures: `f${i}` }));
  const columns = keys.map(({ signal, attempts, failures }) => {
    const definition = SIGNAL_DEFINITIONS[signal];
    return sql.raw(`${definition.attempts} AS ${attempts}, ${definition.failures} AS ${failures}`);
  });
  // The bucket's start as epoch milliseconds: a 30-day series reads some 10,700 rows, and parsing as many
  // timestamps would cost more than the query.
  const start = sql.raw('(extract(epoch FROM bucket_start) * 1000)::int8 AS start_ms');
  return { keys, columns, start };
}

/**
 * Every signal's (or only `only`'s) attempts and failures per 5 minutes in [from, to), from a rollup (one
 * query, an index range scan of its primary key, one row per bucket): monitoring_totals_5m for every
 * payment method together, monitoring_buckets_5m for one. Buckets without any log entry are left out.
 */
export async function signalBuckets(
  db: Db,
  from: Date,
  to: Date,
  paymentMethodId?: number,
  only?: Signal,
): Promise<Record<Signal, BucketCounts[]>> {
  const { keys, columns, start } = rollupColumns(only);
  const { rows } =
    paymentMethodId === undefined
      ? await sql<Record<string, number | string>>`
          SELECT ${start}, ${sql.join(columns)}
          FROM monitoring_totals_5m
          WHERE bucket_start >= ${from} AND bucket_start < ${to}
          ORDER BY bucket_start
        `.execute(db)
      : await sql<Record<string, number | string>>`
          SELECT ${start}, ${sql.join(columns)}
          FROM monitoring_buckets_5m
          WHERE bucket_start >= ${from} AND bucket_start < ${to} AND payment_method_id = ${paymentMethodId}
          ORDER BY bucket_start
        `.execute(db);
  const result = Object.fromEntries(SIGNALS.map((signal) => [signal, [] as BucketCounts[]])) as Record<
    Signal,
    BucketCounts[]
  >;
  for (const row of rows) {
    const start = Number(row.start_ms);
    for (const key of keys) {
      const attempts = Number(row[key.attempts]);
      if (attempts > 0) result[key.signal].push({ start, attempts, failures: Number(row[key.failures]) });
    }
  }
  return result;
}

/**
 * Every signal's attempts and failures per 5 minutes and payment method in [from, to), from the per-method
 * rollup monitoring_buckets_5m (one query, an index range scan of its primary key): what each method's
 * own signal is judged on, and summed over the methods, the overall one. Rows without any attempt of a
 * signal are left out of its counts.
 */
export async function signalMethodBuckets(
  db: Db,
  from: Date,
  to: Date,
  only?: Signal,
): Promise<Record<Signal, MethodBucketCounts[]>> {
  const { keys, columns, start } = rollupColumns(only);
  const { rows } = await sql<Record<string, number | string>>`
    SELECT ${start}, payment_method_id, ${sql.join(columns)}
    FROM monitoring_buckets_5m
    WHERE bucket_start >= ${from} AND bucket_start < ${to}
    ORDER BY bucket_start, payment_method_id
  `.execute(db);
  const result = Object.fromEntries(SIGNALS.map((signal) => [signal, [] as MethodBucketCounts[]])) as Record<
    Signal,
    MethodBucketCounts[]
  >;
  for (const row of rows) {
    const start = Number(row.start_ms);
    const paymentMethodId = Number(row.payment_method_id);
    for (const key of keys) {
      const attempts = Number(row[key.attempts]);
      if (attempts > 0)
        result[key.signal].push({ start, paymentMethodId, attempts, failures: Number(row[key.failures]) });
    }
  }
  return result;
}

/** A signal's failed log entries, as SQL over log_entries (alias `le` optional). */
export function signalFailure(signal: Signal, alias = ''): RawBuilder<SqlBool> {
  const col = (name: string) => sql.raw(alias ? `${alias}.${name}` : name);
  const actions = sql.raw(`(${SIGNAL_ACTIONS[signal].map((a) => `'${a}'`).join(', ')})`);
  const kind = SIGNAL_KIND[signal];
  return kind === null
    ? sql<SqlBool>`${col('action')} IN ${actions} AND NOT ${col('success')}`
    : sql<SqlBool>`${col('action')} IN ${actions} AND NOT ${col('success')} AND monitoring_failure_kind(${col('error_code')}) = ${kind}`;
}

/** A signal's log entries (its attempts), as SQL over log_entries. */
function signalEntry(signal: Signal, alias = ''): RawBuilder<SqlBool> {
  const actions = sql.raw(`(${SIGNAL_ACTIONS[signal].map((a) => `'${a}'`).join(', ')})`);
  return sql<SqlBool>`${sql.raw(alias ? `${alias}.action` : 'action')} IN ${actions}`;
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
export async function breakdownByPaymentMethod(
  db: Db,
  from: Date,
  to: Date,
  signal: Signal = 'failures',
): Promise<MethodBreakdownRow[]> {
  const { rows } = await sql<MethodBreakdownRow>`
    SELECT le.payment_method_id, pm.name, pm.type,
           count(*) AS attempts,
           count(*) FILTER (WHERE ${signalFailure(signal, 'le')}) AS failures,
           count(DISTINCT le.payment_id) FILTER (WHERE ${signalFailure(signal, 'le')}) AS failed_payments
    FROM log_entries AS le
    JOIN payment_methods AS pm ON pm.id = le.payment_method_id
    WHERE ${signalEntry(signal, 'le')} AND le.created_at >= ${from} AND le.created_at < ${to}
    GROUP BY le.payment_method_id, pm.name, pm.type
    ORDER BY failures DESC, attempts DESC, pm.name
  `.execute(db);
  return rows.map((row) => ({
    payment_method_id: Number(row.payment_method_id),
    name: row.name,
    type: row.type,
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

/** One payment method's log entries only, or every method's (null). */
const ofMethod = (paymentMethodId: number | null) =>
  paymentMethodId === null ? sql`` : sql`AND payment_method_id = ${paymentMethodId}`;

/** The failures of [from, to) by gateway message and error code (of one method), the most frequent first. */
export async function breakdownByMessage(
  db: Db,
  from: Date,
  to: Date,
  limit: number,
  signal: Signal = 'failures',
  paymentMethodId: number | null = null,
): Promise<MessageBreakdownRow[]> {
  const { rows } = await sql<MessageBreakdownRow>`
    SELECT message, error_code, count(*) AS failures, count(DISTINCT payment_id) AS failed_payments
    FROM log_entries
    WHERE ${signalFailure(signal)} AND created_at >= ${from} AND created_at < ${to} ${ofMethod(paymentMethodId)}
    GROUP BY message, error_code
    ORDER BY failures DESC, message, error_code
    LIMIT ${limit}
  `.execute(db);
  return rows.map((row) => ({
    message: row.message,
    error_code: row.error_code,
    failures: Number(row.failures),
    failed_payments: Number(row.failed_payments),
  }));
}

/** Payments (of one method) with at least one failed attempt in [from, to): the count the banner's link lands on. */
export async function countFailedPayments(
  db: Db,
  from: Date,
  to: Date,
  signal: Signal = 'failures',
  paymentMethodId: number | null = null,
): Promise<number> {
  const { rows } = await sql<{ payments: number }>`
    SELECT count(DISTINCT payment_id) AS payments
    FROM log_entries
    WHERE ${signalFailure(signal)} AND created_at >= ${from} AND created_at < ${to} ${ofMethod(paymentMethodId)}
  `.execute(db);
  return Number(rows[0]?.payments ?? 0);
}

/** The payment methods' names and types, by id (what a method's signal is called). */
export async function paymentMethodNames(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, { name: string; type: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('payment_methods').select(['id', 'name', 'type']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, { name: row.name, type: row.type }]));
}

/**
 * The per-method rollup's rows in [from, to) summed into one string: what tells whether any count of the
 * span changed, of any method (one aggregate over the primary key's range, no rows read into JavaScript).
 */
export async function rollupFingerprint(db: Db, from: Date, to: Date): Promise<string> {
  const { rows } = await sql<Record<string, string | number | null>>`
    SELECT count(*) AS n, sum(payment_method_id) AS m,
           sum(attempts) AS a, sum(declines) AS d, sum(technical) AS t, sum(fraud) AS f,
           sum(captures) AS c, sum(capture_failures) AS cf, sum(voids) AS v, sum(void_failures) AS vf,
           sum(refunds) AS r, sum(refund_failures) AS rf,
           sum(extract(epoch FROM bucket_start)::int8 % 100003 * (attempts + captures + voids + refunds)) AS w,
           sum(payment_method_id::int8 * (attempts + 3 * declines + 5 * technical + 7 * fraud + 11 * captures
               + 13 * capture_failures + 17 * voids + 19 * void_failures + 23 * refunds + 29 * refund_failures)) AS pm
    FROM monitoring_buckets_5m
    WHERE bucket_start >= ${from} AND bucket_start < ${to}
  `.execute(db);
  return Object.values(rows[0] ?? {}).join(',');
}

/** Whether a payment method exists (a series for an unknown one is a 404, not an empty chart). */
export async function paymentMethodExists(db: Db, id: number): Promise<boolean> {
  return (await db.selectFrom('payment_methods').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
