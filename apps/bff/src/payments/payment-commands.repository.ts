import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { PaymentMethodRow, PaymentRow, PaymentUpdate, RefundRow } from '../db/schema.ts';
import type { LockedOrder, OrderPaymentAmounts } from '../orders/orders.repository.ts';
import { authorizationTtlDays } from './payments.repository.ts';

export interface PaymentForCommand {
  payment: PaymentRow;
  orderNumber: string;
  /** What picks the gateway adapter. */
  method: Pick<PaymentMethodRow, 'id' | 'type' | 'preferences'>;
  /** How long the payment's authorization holds (null: it never lapses). */
  authorizationTtlDays: number | null;
  /** It came through the transactions API (its transaction is made with it): the storefront hears of changes. */
  hasTransaction: boolean;
  /** The order as its payment state is recomputed from, when its lock was taken with the payment's. */
  order?: LockedOrder;
}

/**
 * Locks the payment row (not its method) for the rest of the transaction — the one place two staff members
 * meet — and reads what a command needs with it, in one round trip. With `withOrder`, its order's row too
 * (payment, then order: the order every writer of a payment's order state takes them in), for a transaction
 * that records an answer and so recomputes the order's payment state: that saves the order's own lock.
 */
export async function lockPayment(
  tx: Tx,
  id: number,
  { withOrder = false }: { withOrder?: boolean } = {},
): Promise<PaymentForCommand | undefined> {
  const row = await tx
    .selectFrom('payments')
    .innerJoin('orders', 'orders.id', 'payments.order_id')
    .innerJoin('payment_methods', 'payment_methods.id', 'payments.payment_method_id')
    .selectAll('payments')
    .select([
      'orders.number as order_number',
      'orders.state as order_state',
      'orders.currency as order_currency',
      'orders.total as order_total',
      'payment_methods.type as method_type',
      'payment_methods.preferences as method_preferences',
      authorizationTtlDays.as('authorization_ttl_days'),
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('transactions')
              .select(sql.lit(1).as('one'))
              .whereRef('transactions.payment_id', '=', 'payments.id'),
          )
          .as('has_transaction'),
    ])
    .where('payments.id', '=', id)
    .forUpdate(withOrder ? ['payments', 'orders'] : ['payments'])
    .executeTakeFirst();
  if (!row) return undefined;
  const {
    order_number,
    order_state,
    order_currency,
    order_total,
    method_type,
    method_preferences,
    authorization_ttl_days,
    has_transaction,
    ...payment
  } = row;
  return {
    ...(withOrder ? { order: { state: order_state, currency: order_currency, total: order_total } } : {}),
    payment,
    orderNumber: order_number,
    method: { id: payment.payment_method_id, type: method_type, preferences: method_preferences },
    authorizationTtlDays: authorization_ttl_days,
    hasTransaction: Boolean(has_transaction),
  };
}

/**
 * Updates the payment and answers its row as written (RETURNING: nothing to read again after it). With
 * `withOrderPayments`, in the same statement, the status and amounts of every payment of its order — this one
 * as written, the others as they are — for a transaction that holds the order's lock already (taken with the
 * payment's, before this statement began): no other writer of the order's payments can change them unseen
 * until it commits, as every one takes the order's lock before it reads them.
 */
export async function updatePayment(
  tx: Tx,
  id: number,
  update: PaymentUpdate,
  { withOrderPayments = false }: { withOrderPayments?: boolean } = {},
): Promise<{ row: PaymentRow; orderPayments?: OrderPaymentAmounts[] }> {
  const updated = (w: Tx) =>
    w
      .updateTable('payments')
      .set({ ...update, modified_at: new Date() })
      .where('id', '=', id)
      .returningAll();
  if (!withOrderPayments) return { row: await updated(tx).executeTakeFirstOrThrow() };
  const { others, ...row } = await tx
    .with('up', (w) => updated(w as Tx))
    .selectFrom('up')
    .selectAll('up')
    .select(
      // Amounts as text inside the JSON: NUMERIC stays a string, never a float.
      sql<[OrderPaymentAmounts['status'], string, string][]>`(
        select coalesce(json_agg(json_build_array(p.status, p.captured_amount::text, p.refunded_amount::text)), '[]')
        from payments p where p.order_id = up.order_id and p.id <> up.id)`.as('others'),
    )
    .executeTakeFirstOrThrow();
  const parsed = typeof others === 'string' ? (JSON.parse(others) as typeof others) : others;
  return {
    row: row as PaymentRow,
    orderPayments: [
      row as PaymentRow,
      ...parsed.map(([status, captured_amount, refunded_amount]) => ({ status, captured_amount, refunded_amount })),
    ],
  };
}

/**
 * What is reserved but not yet refunded — refunds waiting for the gateway and refunds waiting for approval —
 * with how many refunds are pending at the gateway and when the newest began, and the stored refund approval
 * thresholds: one round trip, read after the payment's lock is taken (so no refund begun under it is missed).
 */
export async function pendingRefundsOf(
  tx: Tx,
  paymentId: number,
): Promise<{ reserved: string; count: number; lastStartedAt: Date | null; thresholds: unknown }> {
  const row = await tx
    .selectNoFrom((eb) => [
      sql<string>`${eb
        .selectFrom('refunds')
        .select(sql`coalesce(sum(amount), 0)`.as('s'))
        .where('payment_id', '=', paymentId)
        .where('status', '=', 'pending')} + ${eb
        .selectFrom('refund_approvals')
        .select(sql`coalesce(sum(amount), 0)`.as('s'))
        .where('payment_id', '=', paymentId)
        .where('status', '=', 'pending')}`.as('reserved'),
      eb
        .selectFrom('refunds')
        .select(sql<string>`count(*)`.as('n'))
        .where('payment_id', '=', paymentId)
        .where('status', '=', 'pending')
        .as('count'),
      eb
        .selectFrom('refunds')
        .select(sql<Date | null>`max(created_at)`.as('m'))
        .where('payment_id', '=', paymentId)
        .where('status', '=', 'pending')
        .as('last'),
      eb.selectFrom('settings').select('value').where('key', '=', 'refund_approval_thresholds').as('thresholds'),
    ])
    .executeTakeFirstOrThrow();
  return {
    reserved: String(row.reserved),
    count: Number(row.count),
    lastStartedAt: row.last ? new Date(row.last) : null,
    thresholds: row.thresholds ?? undefined,
  };
}

/** The refunds of a payment still waiting for the gateway's answer, oldest first. */
export function pendingRefunds(tx: Tx, paymentId: number): Promise<RefundRow[]> {
  return tx
    .selectFrom('refunds')
    .selectAll()
    .where('payment_id', '=', paymentId)
    .where('status', '=', 'pending')
    .orderBy('id')
    .execute();
}

export function insertRefund(
  tx: Tx,
  refund: {
    payment_id: number;
    amount: string;
    currency: string;
    reason_id: number;
    note: string;
    staff_user_id: number;
    gateway_deadline: Date | null;
  },
): Promise<RefundRow> {
  return tx.insertInto('refunds').values(refund).returningAll().executeTakeFirstOrThrow();
}

export async function settleRefund(
  tx: Tx,
  id: number,
  status: 'succeeded' | 'failed',
  transactionId: string | null,
): Promise<void> {
  await tx
    .updateTable('refunds')
    .set({ status, transaction_id: transactionId, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export function findActiveRefundReason(db: Db | Tx, id: number) {
  return db.selectFrom('refund_reasons').selectAll().where('id', '=', id).where('active', '=', true).executeTakeFirst();
}

/** A pending refund sent again: its call's new deadline. */
export async function setRefundDeadline(tx: Tx, id: number, deadline: Date | null): Promise<void> {
  await tx
    .updateTable('refunds')
    .set({ gateway_deadline: deadline, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}
