import {
  DEFAULT_AUTHORIZATION_TTL_DAYS,
  FRAUD_STATUSES,
  OFFLINE_METHOD_TYPES,
  PAYMENT_STATUSES,
} from '@paydesk/domain';
import { sql, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/database.ts';
import { paginate, readInChunks, type Page } from '../db/paginate.ts';
import { likePrefix, type Condition, type ListQuery, type ListSpec } from '../http/list-query.ts';
import type { Database, PaymentRow } from '../db/schema.ts';
import { failedAttemptFilters } from '../monitoring/failed-attempt-filters.ts';
import { STUCK_AFTER_MINUTES } from '../reconciliation/reconciliation.repository.ts';

export type PaymentWithOrder = PaymentRow & {
  order_number: string;
  payment_method_type: string;
  authorization_ttl_days: number | null;
  /** Held by pending refunds and refunds waiting for approval. */
  reserved_amount: string;
};

/** The payment method's authorization_ttl_days (null for offline methods: no authorization lapses); needs payment_methods joined. */
export const authorizationTtlDays = sql<number | null>`case
  when payment_methods.type in (${sql.join(OFFLINE_METHOD_TYPES.map((t) => sql.lit(t)))}) then null
  when payment_methods.preferences->>'authorization_ttl_days' ~ '^[0-9]{1,3}$' then (payment_methods.preferences->>'authorization_ttl_days')::int
  else ${sql.lit(DEFAULT_AUTHORIZATION_TTL_DAYS)}
end`;

/** An authorization "expiring soon" lapses within this many hours (the dashboard, capture previews, the capture queue). */
export const EXPIRING_SOON_HOURS = 24;

/**
 * Authorizations (`preauth`) that lapse within `hours` from now: made more than their method's
 * authorization_ttl_days ago less `hours`, and not yet past it. Written on payments alone (lists join nothing
 * before the page is chosen): each payment's TTL is read from its method, and the methods' longest and shortest
 * TTL bound created_at, so the rows are read as one range of payments_status_idx. With payment_methods joined,
 * pass `authorizationTtlDays` as `own`: one subquery fewer per row (about half the time over 6,000 rows).
 */
export function authorizationExpiringWithin(
  hours: number,
  own: RawBuilder<
    number | null
  > = sql`(select ${authorizationTtlDays} from payment_methods where payment_methods.id = payments.payment_method_id)`,
) {
  const horizon = sql`now() + make_interval(hours => ${sql.lit(hours)})`;
  return sql<SqlBool>`(payments.status = 'preauth'
    and payments.created_at > now() - make_interval(days => (select max(${authorizationTtlDays}) from payment_methods))
    and payments.created_at < ${horizon} - make_interval(days => (select min(${authorizationTtlDays}) from payment_methods))
    and payments.created_at + make_interval(days => ${own}) > now()
    and payments.created_at + make_interval(days => ${own}) < ${horizon})`;
}

/**
 * Free text: identifier, order number, email, the customer's last name or first and last name (prefixes), the
 * gateway's transaction id and card last four (exact). Every branch is an index condition (migration 0096).
 */
export function paymentSearch(q: string): Condition {
  const prefix = likePrefix(q.toLowerCase());
  const upperPrefix = likePrefix(q.toUpperCase());
  return (eb) =>
    eb.or([
      eb('payments.identifier', 'like', upperPrefix),
      eb(sql`lower(payments.billing_email)`, 'like', prefix),
      eb(sql`lower(payments.billing_last_name)`, 'like', prefix),
      eb(sql`lower(payments.billing_first_name || ' ' || payments.billing_last_name)`, 'like', prefix),
      eb('payments.transaction_id', '=', q),
      // `= any(array(subquery))`, not `in (subquery)`: the array is computed once, first, so this branch is an
      // index condition too (payments_order_id_idx) and the OR becomes a BitmapOr of four index scans. An IN
      // subquery inside an OR can only be a filter: a scan of every payment (~1 s at 1,000,000; BENCHMARKS.md).
      eb(
        'payments.order_id',
        '=',
        sql<number>`any(array(${eb.selectFrom('orders').select('orders.id').where('orders.number', 'like', upperPrefix)}))`,
      ),
      ...(/^\d{4}$/.test(q) ? [eb('payments.card_last4', '=', q)] : []),
    ]);
}

export const paymentFilters = {
  id: { type: 'integer', column: 'payments.id' },
  status: { type: 'text', column: 'payments.status', values: PAYMENT_STATUSES },
  fraud_status: { type: 'text', column: 'payments.fraud_status', values: FRAUD_STATUSES },
  payment_method_id: { type: 'integer', column: 'payments.payment_method_id' },
  order_id: { type: 'integer', column: 'payments.order_id' },
  currency: { type: 'text', column: 'payments.currency' },
  q: { type: 'search', condition: paymentSearch },
  created_at_gte: { type: 'date', column: 'payments.created_at', op: '>=' },
  created_at_lte: { type: 'date', column: 'payments.created_at', op: '<=' },
  total_gte: { type: 'decimal', column: 'payments.total', op: '>=', currencyFilter: 'currency' },
  total_lte: { type: 'decimal', column: 'payments.total', op: '<=', currencyFilter: 'currency' },
  /**
   * Needs attention: `error` (outcome unknown), `stuck` (a gateway call in flight for over 5 minutes),
   * `pending_refund`, `disputed` (a dispute still open).
   */
  attention: {
    type: 'choice',
    values: ['error', 'stuck', 'pending_refund', 'disputed'],
    condition: (value) => (eb) => {
      if (value === 'error') return eb('payments.status', '=', 'error');
      if (value === 'disputed') return eb('payments.dispute_open', '=', true);
      if (value === 'stuck') {
        return eb.and([
          eb('payments.operation', 'is not', null),
          eb('payments.status', '<>', 'error'),
          eb(
            'payments.operation_started_at',
            '<',
            sql<Date>`now() - make_interval(secs => ${STUCK_AFTER_MINUTES * 60})`,
          ),
        ]);
      }
      return eb(
        'payments.id',
        'in',
        eb.selectFrom('refunds').select('refunds.payment_id').where('refunds.status', '=', 'pending'),
      );
    },
  },
  /** `24h`: authorizations that lapse within the next 24 hours (the dashboard's link to the capture queue). */
  expiring_within: {
    type: 'choice',
    values: ['24h'],
    condition: () => () => authorizationExpiringWithin(EXPIRING_SOON_HOURS),
  },
  ...failedAttemptFilters,
} satisfies ListSpec['filters'];

export const paymentSortable = {
  id: 'payments.id',
  identifier: 'payments.identifier',
  created_at: 'payments.created_at',
  modified_at: 'payments.modified_at',
  status: 'payments.status',
  fraud_status: 'payments.fraud_status',
  currency: 'payments.currency',
  total: 'payments.total',
  captured_amount: 'payments.captured_amount',
  refunded_amount: 'payments.refunded_amount',
  risk_score: 'payments.risk_score',
  payment_method_id: 'payments.payment_method_id',
  order_id: 'payments.order_id',
  billing_email: 'payments.billing_email',
};

export const paymentListSpec: ListSpec = {
  resource: 'payments',
  sortable: paymentSortable,
  defaultSort: ['created_at', 'DESC'],
  filters: paymentFilters,
  tieBreaker: 'payments.id',
};

/** What the wire form needs beside the payment's own columns; needs orders and payment_methods joined. */
export function paymentWireColumns(eb: ExpressionBuilder<Database, 'payments' | 'orders' | 'payment_methods'>) {
  return [
    eb.ref('orders.number').as('order_number'),
    eb.ref('payment_methods.type').as('payment_method_type'),
    authorizationTtlDays.as('authorization_ttl_days'),
    sql<string>`${eb
      .selectFrom('refunds')
      .select(sql`coalesce(sum(refunds.amount), 0)`.as('s'))
      .whereRef('refunds.payment_id', '=', 'payments.id')
      .where('refunds.status', '=', 'pending')} + ${eb
      .selectFrom('refund_approvals')
      .select(sql`coalesce(sum(refund_approvals.amount), 0)`.as('s'))
      .whereRef('refund_approvals.payment_id', '=', 'payments.id')
      .where('refund_approvals.status', '=', 'pending')}`.as('reserved_amount'),
  ] as const;
}

function selectPayments(db: Db) {
  return db
    .selectFrom('payments')
    .innerJoin('orders', 'orders.id', 'payments.order_id')
    .innerJoin('payment_methods', 'payment_methods.id', 'payments.payment_method_id')
    .selectAll('payments')
    .select(paymentWireColumns);
}

export function listPayments(db: Db, query: ListQuery): Promise<Page<PaymentWithOrder>> {
  // Filters and sorts are all on payments, and the joins add one row each: count and choose the page on
  // payments alone, then join the 25 rows shown (paginate's `base`; BENCHMARKS.md has the plans).
  return paginate(db, selectPayments(db), query, 'payments.id', {
    base: db.selectFrom('payments'),
    key: 'payments.id',
  });
}

/** Every payment the list query matches, in its order, `chunkSize` at a time (exports). */
export function paymentsInChunks(db: Db, query: ListQuery, chunkSize: number): AsyncIterable<PaymentWithOrder[]> {
  return readInChunks(selectPayments(db), query, 'payments.id', chunkSize);
}

export function findPayment(db: Db, id: number): Promise<PaymentWithOrder | undefined> {
  return selectPayments(db).where('payments.id', '=', id).executeTakeFirst();
}
