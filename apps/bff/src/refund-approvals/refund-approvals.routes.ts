import { formatAmount } from '@paydesk/domain';
import { Router } from 'express';
import { z } from 'zod';
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

export function refundApprovalToWire(row: RefundApprovalWithNames) {
  return { ...row, amount: formatAmount(row.amount, row.currency) };
}

const decisionBody = z
  .object({ note: z.string().trim().max(2000, 'Must be at most 2,000 characters.').optional() })
  .strict();

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
    const { note } = parseInput(decisionBody, req.body ?? {});
    await approveRefund(deps, commandContext(req), id, note ?? null);
    res.json(refundApprovalToWire(await findOr404(db, resource, id)));
  });

  router.post('/:id/reject', authorize(db, 'refund-approvals', 'reject'), idempotent(db), async (req, res) => {
    const id = parseId(req.params.id);
    const { note } = parseInput(decisionBody, req.body ?? {});
    await rejectRefund(deps, commandContext(req), id, note ?? null);
    res.json(refundApprovalToWire(await findOr404(db, resource, id)));
  });
  return router;
}
