import { derivePaymentState, formatAmount, Money, ORDER_STATES, PAYMENT_STATES } from '@paydesk/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { paginate, readInChunks, type Page } from '../db/paginate.ts';
import type { OrderRow } from '../db/schema.ts';
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

/**
 * Recomputes the order's payment_total and payment_state from its payments, in the caller's transaction
 * (the same one that changed a payment), under a lock on the order.
 */
export async function recomputeOrderPaymentState(tx: Tx, orderId: number, locked?: LockedOrder): Promise<void> {
  const order =
    locked ??
    (await tx
      .selectFrom('orders')
      .select(['state', 'currency', 'total'])
      .where('id', '=', orderId)
      .forUpdate()
      .executeTakeFirstOrThrow());
  const payments = await tx
    .selectFrom('payments')
    .select(['status', 'captured_amount', 'refunded_amount'])
    .where('order_id', '=', orderId)
    .execute();
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
  await tx
    .updateTable('orders')
    .set({ payment_total: payment_total.toString(), payment_state, updated_at: new Date() })
    .where('id', '=', orderId)
    .execute();
}
