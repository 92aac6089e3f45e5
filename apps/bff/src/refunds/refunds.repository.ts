import { REFUND_STATUSES } from '@paydesk/domain';
import type { Db } from '../db/database.ts';
import { paginate, readInChunks, type Page } from '../db/paginate.ts';
import type { RefundRow } from '../db/schema.ts';
import type { ListQuery, ListSpec } from '../http/list-query.ts';

export const refundListSpec: ListSpec = {
  resource: 'refunds',
  sortable: {
    id: 'id',
    created_at: 'created_at',
    amount: 'amount',
    status: 'status',
    payment_id: 'payment_id',
    reason_id: 'reason_id',
  },
  defaultSort: ['created_at', 'DESC'],
  filters: {
    id: { type: 'integer', column: 'id' },
    payment_id: { type: 'integer', column: 'payment_id' },
    reason_id: { type: 'integer', column: 'reason_id' },
    staff_user_id: { type: 'integer', column: 'staff_user_id' },
    status: { type: 'text', column: 'status', values: REFUND_STATUSES },
    currency: { type: 'text', column: 'currency' },
    created_at_gte: { type: 'date', column: 'created_at', op: '>=' },
    created_at_lte: { type: 'date', column: 'created_at', op: '<=' },
    amount_gte: { type: 'decimal', column: 'amount', op: '>=', currencyFilter: 'currency' },
    amount_lte: { type: 'decimal', column: 'amount', op: '<=', currencyFilter: 'currency' },
  },
  tieBreaker: 'id',
};

export function listRefunds(db: Db, query: ListQuery): Promise<Page<RefundRow>> {
  return paginate(db, db.selectFrom('refunds').selectAll(), query, 'id');
}

/** Every refund the list query matches, in its order, `chunkSize` at a time (exports). */
export function refundsInChunks(db: Db, query: ListQuery, chunkSize: number): AsyncIterable<RefundRow[]> {
  return readInChunks(db.selectFrom('refunds').selectAll(), query, 'id', chunkSize);
}

export function findRefund(db: Db, id: number): Promise<RefundRow | undefined> {
  return db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst();
}
