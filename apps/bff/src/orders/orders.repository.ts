import { ORDER_STATES, PAYMENT_STATES } from '@paydesk/domain';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { paginate, type Page } from '../db/paginate.ts';
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
        eb.or([eb('number', 'like', likePrefix(q.toUpperCase())), eb(sql`lower(email)`, 'like', likePrefix(q.toLowerCase()))]),
    },
    created_at_gte: { type: 'date', column: 'created_at', op: '>=' },
    created_at_lte: { type: 'date', column: 'created_at', op: '<=' },
    total_gte: { type: 'decimal', column: 'total', op: '>=' },
    total_lte: { type: 'decimal', column: 'total', op: '<=' },
  },
  tieBreaker: 'id',
};

export function listOrders(db: Db, query: ListQuery): Promise<Page<OrderRow>> {
  return paginate(db.selectFrom('orders').selectAll(), query, 'id');
}

export function findOrder(db: Db, id: number): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}
