import { derivePaymentState, formatAmount, Money, ORDER_STATES, PAYMENT_STATES } from '@paydesk/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { paginate, readInChunks, type Page } from '../db/paginate.ts';
import type { OrderRow, PaymentRow } from '../db/schema.ts';
import { likePrefix, type ListQuery, type ListSpec } from '../http/list-query.ts';

export const orderListSpec: ListSpec = {
  resource: 'orders',
  sortable: {
    id: 'id',
    number: 'number',
    created_at: 'created_at',
    completed_at: 'completed_at',
    email: 'email',
    state: 'state',
    currency: 'currency',
    total: 'total',
    payment_total: 'payment_total',
    payment_state: 'payment_state',
  },
  defaultSort: ['created_at', 'DESC'],
  filters: {
    id: { type: 'integer', column: 'id' },
    state: { type: 'text', column: 'state', values: ORDER_STATES },
    payment_state: { type: 'text', column: 'payment_state', values: PAYMENT_STATES },
    currency: { type: 'text', column: 'currency' },
    q: {
      type: 'search',
      condition: (q) => (eb) =>
        eb.or([
          eb('number', 'like', likePrefix(q.toUpperCase())),
          eb(sql`lower(email)`, 'like', likePrefix(q.toLowerCase())),
        ]),
    },
    created_at_gte: { type: 'date', column: 'created_at', op: '>=' },
    created_at_lte: { type: 'date', column: 'created_at', op: '<=' },
    total_gte: { type: 'decimal', column: 'total', op: '>=', currencyFilter: 'currency' },
    total_lte: { type: 'decimal', column: 'total', op: '<=', currencyFilter: 'currency' },
  },
  tieBreaker: 'id',
};

export function listOrders(db: Db, query: ListQuery): Promise<Page<OrderRow>> {
  return paginate(db, db.selectFrom('orders').selectAll(), query, 'id');
}

/** Every order the list query matches, in its order, `chunkSize` at a time (exports). */
export function ordersInChunks(db: Db, query: ListQuery, chunkSize: number): AsyncIterable<OrderRow[]> {
  return readInChunks(db.selectFrom('orders').selectAll(), query, 'id', chunkSize);
}

export function findOrder(db: Db, id: number): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What the recompute reads of an order, when the caller already holds its lock (taken with the payment's). */
export type LockedOrder = Pick<OrderRow, 'state' | 'currency' | 'total'>;
/** What an order's payment state is recomputed from: each of its payments' status and amounts. */
export type OrderPaymentAmounts = Pick<PaymentRow, 'status' | 'captured_amount' | 'refunded_amount'>;

/**
 * Recomputes the order's payment_total and payment_state from its payments, in the caller's transaction
 * (the same one that changed a payment), under a lock on the order.
 */
export async function recomputeOrderPaymentState(
  tx: Tx,
  orderId: number,
  locked?: LockedOrder,
  orderPayments?: OrderPaymentAmounts[],
): Promise<void> {
  const order =
    locked ??
    (await tx
      .selectFrom('orders')
      .select(['state', 'currency', 'total'])
      .where('id', '=', orderId)
      .forUpdate()
      .executeTakeFirstOrThrow());
  const payments =
    orderPayments ??
    (await tx
      .selectFrom('payments')
      .select(['status', 'captured_amount', 'refunded_amount'])
      .where('order_id', '=', orderId)
      .execute());
  await writeOrderPayment(tx, orderPaymentOf(orderId, order, payments));
}

/** An order's payment_total and payment_state, as its payments make them (the domain's derivePaymentState). */
export interface OrderPaymentWrite {
  id: number;
  payment_total: string;
  payment_state: OrderRow['payment_state'];
}

export function orderPaymentOf(
  orderId: number,
  order: LockedOrder,
  payments: OrderPaymentAmounts[],
): OrderPaymentWrite {
  const money = (value: string) => Money.of(formatAmount(value, order.currency), order.currency);
  const { payment_total, payment_state } = derivePaymentState({
    state: order.state,
    currency: order.currency,
    total: money(order.total),
    payments: payments.map((p) => ({
      status: p.status,
      captured_amount: money(p.captured_amount),
      refunded_amount: money(p.refunded_amount),
    })),
  });
  return { id: orderId, payment_total: payment_total.toString(), payment_state };
}

/** The statement that writes an order's payment state (a query to run, or to put in another's WITH). */
export function orderPaymentUpdate(db: Db | Tx, write: OrderPaymentWrite) {
  return db
    .updateTable('orders')
    .set({ payment_total: write.payment_total, payment_state: write.payment_state, updated_at: new Date() })
    .where('id', '=', write.id);
}

export async function writeOrderPayment(tx: Tx, write: OrderPaymentWrite): Promise<void> {
  await orderPaymentUpdate(tx, write).execute();
}
