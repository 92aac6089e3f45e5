import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { paginate, type Page } from '../db/paginate.ts';
import type { RefundReasonRow } from '../db/schema.ts';
import { likePrefix, type ListQuery, type ListSpec } from '../http/list-query.ts';

export const refundReasonListSpec: ListSpec = {
  resource: 'refund-reasons',
  sortable: { id: 'id', name: 'name', code: 'code', active: 'active', created_at: 'created_at' },
  defaultSort: ['name', 'ASC'],
  filters: {
    id: { type: 'integer', column: 'id' },
    active: { type: 'boolean', column: 'active' },
    code: { type: 'text', column: 'code' },
    q: { type: 'search', condition: (q) => (eb) => eb(sql`lower(name)`, 'like', likePrefix(q.toLowerCase())) },
  },
  tieBreaker: 'id',
};

export interface RefundReasonInput {
  name: string;
  code: string;
  active: boolean;
}

export function listRefundReasons(db: Db, query: ListQuery): Promise<Page<RefundReasonRow>> {
  return paginate(db, db.selectFrom('refund_reasons').selectAll(), query, 'id');
}

export function findRefundReason(db: Db, id: number): Promise<RefundReasonRow | undefined> {
  return db.selectFrom('refund_reasons').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertRefundReason(db: Db, input: RefundReasonInput): Promise<RefundReasonRow> {
  return db.insertInto('refund_reasons').values(input).returningAll().executeTakeFirstOrThrow();
}

export function updateRefundReason(db: Db, id: number, input: RefundReasonInput): Promise<RefundReasonRow | undefined> {
  return db
    .updateTable('refund_reasons')
    .set({ ...input, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function refundReasonInUse(db: Db, id: number): Promise<boolean> {
  return (
    (await db.selectFrom('refunds').select('id').where('reason_id', '=', id).limit(1).executeTakeFirst()) !== undefined
  );
}

export function deleteRefundReason(db: Db, id: number): Promise<RefundReasonRow | undefined> {
  return db.deleteFrom('refund_reasons').where('id', '=', id).returningAll().executeTakeFirst();
}

/** The reason a workflow needs (e.g. "Fraudulent" for rejected fraud reviews), made active if it was not. */
export async function ensureRefundReason(tx: Tx, code: string, name: string): Promise<RefundReasonRow> {
  return tx
    .insertInto('refund_reasons')
    .values({ code, name })
    .onConflict((oc) => oc.column('code').doUpdateSet({ active: true }))
    .returningAll()
    .executeTakeFirstOrThrow();
}
