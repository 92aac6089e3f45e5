import { type RefundApproval, refundApprovalDecisionBody } from '@paydesk/contract';
import { formatAmount } from '@paydesk/domain';
import { Router } from 'express';
import { authorize } from '../auth/authorize.ts';
import { idempotent } from '../http/idempotency.ts';
import { addReadRoutes, findOr404, parseId } from '../http/read-routes.ts';
import { commandContext } from '../http/request-context.ts';
import { parseInput } from '../http/validate.ts';
import type { CommandDeps } from '../payments/payment-commands.ts';
import { approveRefund, rejectRefund } from './refund-approvals.ts';
import {
  findRefundApproval,
  listRefundApprovals,
  refundApprovalListSpec,
  type RefundApprovalWithNames,
} from './refund-approvals.repository.ts';

/** A refund approval as the contract's RefundApproval has it: each field picked, the amount in minor units. */
export function refundApprovalToWire(row: RefundApprovalWithNames): RefundApproval {
  return {
    id: row.id,
    payment_id: row.payment_id,
    payment_identifier: row.payment_identifier,
    amount: formatAmount(row.amount, row.currency),
    currency: row.currency,
    reason_id: row.reason_id,
    reason_name: row.reason_name,
    note: row.note,
    status: row.status,
    requested_by: row.requested_by,
    requested_by_name: row.requested_by_name,
    decided_by: row.decided_by,
    decided_by_name: row.decided_by_name,
    decision_note: row.decision_note,
    decided_at: row.decided_at?.toISOString() ?? null,
    refund_id: row.refund_id,
    created_at: row.created_at.toISOString(),
  };
}

/** Refunds waiting for a second person, and the decisions on them. */
export function refundApprovalsRouter(deps: CommandDeps): Router {
  const { db } = deps;
  const router = Router();
  const resource = {
    spec: refundApprovalListSpec,
    noun: 'refund approval',
    list: listRefundApprovals,
    find: findRefundApproval,
    toWire: refundApprovalToWire,
  };
  addReadRoutes(router, db, resource);

  router.post('/:id/approve', authorize(db, 'refund-approvals', 'approve'), idempotent(db), async (req, res) => {
    const id = parseId(req.params.id);
    const { note } = parseInput(refundApprovalDecisionBody, req.body ?? {});
    await approveRefund(deps, commandContext(req), id, note ?? null);
    res.json(refundApprovalToWire(await findOr404(db, resource, id)));
  });

  router.post('/:id/reject', authorize(db, 'refund-approvals', 'reject'), idempotent(db), async (req, res) => {
    const id = parseId(req.params.id);
    const { note } = parseInput(refundApprovalDecisionBody, req.body ?? {});
    await rejectRefund(deps, commandContext(req), id, note ?? null);
    res.json(refundApprovalToWire(await findOr404(db, resource, id)));
  });
  return router;
}
