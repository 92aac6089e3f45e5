import type { Db, Tx } from '../db/database.ts';
import { paginate, type Page } from '../db/paginate.ts';
import type { RefundApprovalRow } from '../db/schema.ts';
import type { ListQuery, ListSpec } from '../http/list-query.ts';

export type RefundApprovalWithNames = RefundApprovalRow & {
  payment_identifier: string;
  requested_by_name: string;
  decided_by_name: string | null;
  reason_name: string;
};

export const refundApprovalListSpec: ListSpec = {
  resource: 'refund-approvals',
  sortable: {
    id: 'refund_approvals.id',
    created_at: 'refund_approvals.created_at',
    amount: 'refund_approvals.amount',
    status: 'refund_approvals.status',
  },
  defaultSort: ['created_at', 'DESC'],
  filters: {
    id: { type: 'integer', column: 'refund_approvals.id' },
    payment_id: { type: 'integer', column: 'refund_approvals.payment_id' },
    requested_by: { type: 'integer', column: 'refund_approvals.requested_by' },
    decided_by: { type: 'integer', column: 'refund_approvals.decided_by' },
    status: { type: 'text', column: 'refund_approvals.status', values: ['pending', 'approved', 'rejected'] },
    created_at_gte: { type: 'date', column: 'refund_approvals.created_at', op: '>=' },
    created_at_lte: { type: 'date', column: 'refund_approvals.created_at', op: '<=' },
    /** `me`: what the one asking may decide — waiting, and asked for by someone else (the menu's count). */
    decidable_by: {
      type: 'choice',
      values: ['me'],
      condition: (_value, context) => (eb) =>
        eb.and([
          eb('refund_approvals.status', '=', 'pending'),
          eb('refund_approvals.requested_by', '<>', context.staffUserId ?? -1),
        ]),
    },
  },
  tieBreaker: 'refund_approvals.id',
};

function selectApprovals(db: Db | Tx) {
  return db
    .selectFrom('refund_approvals')
    .innerJoin('payments', 'payments.id', 'refund_approvals.payment_id')
    .innerJoin('staff_users as requester', 'requester.id', 'refund_approvals.requested_by')
    .leftJoin('staff_users as approver', 'approver.id', 'refund_approvals.decided_by')
    .innerJoin('refund_reasons', 'refund_reasons.id', 'refund_approvals.reason_id')
    .selectAll('refund_approvals')
    .select([
      'payments.identifier as payment_identifier',
      'requester.full_name as requested_by_name',
      'approver.full_name as decided_by_name',
      'refund_reasons.name as reason_name',
    ]);
}

export function listRefundApprovals(db: Db, query: ListQuery): Promise<Page<RefundApprovalWithNames>> {
  return paginate(db, selectApprovals(db), query, 'refund_approvals.id');
}

export function findRefundApproval(db: Db, id: number): Promise<RefundApprovalWithNames | undefined> {
  return selectApprovals(db).where('refund_approvals.id', '=', id).executeTakeFirst();
}

export function lockRefundApproval(tx: Tx, id: number): Promise<RefundApprovalRow | undefined> {
  return tx.selectFrom('refund_approvals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function insertRefundApproval(
  tx: Tx,
  approval: Pick<RefundApprovalRow, 'payment_id' | 'amount' | 'currency' | 'reason_id' | 'note' | 'requested_by'>,
): Promise<RefundApprovalRow> {
  return tx.insertInto('refund_approvals').values(approval).returningAll().executeTakeFirstOrThrow();
}

export async function decideRefundApproval(
  tx: Tx,
  id: number,
  decision: { status: 'approved' | 'rejected'; decided_by: number; decision_note: string | null },
): Promise<void> {
  await tx
    .updateTable('refund_approvals')
    .set({ ...decision, decided_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function linkApprovalRefund(tx: Tx, id: number, refundId: number): Promise<void> {
  await tx.updateTable('refund_approvals').set({ refund_id: refundId }).where('id', '=', id).execute();
}

export function findApprovalPayment(db: Db, id: number): Promise<{ payment_id: number } | undefined> {
  return db.selectFrom('refund_approvals').select('payment_id').where('id', '=', id).executeTakeFirst();
}
