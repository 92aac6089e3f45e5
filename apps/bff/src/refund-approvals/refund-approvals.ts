import type { Money } from '@paydesk/domain';
import { AppError, notFound } from '../http/errors.ts';
import {
  audited,
  lockOr404,
  runCommand,
  runEvent,
  type CommandContext,
  type CommandDeps,
} from '../payments/payment-commands.ts';
import { moneyOf } from '../payments/payment-state.ts';
import {
  decideRefundApproval,
  findApprovalPayment,
  linkApprovalRefund,
  lockRefundApproval,
} from './refund-approvals.repository.ts';

/**
 * Two-person approval: a second finance or admin member approves a large refund, which then runs as any
 * refund does (claim, gateway call, record). The requester cannot approve their own.
 */
export async function approveRefund(
  deps: CommandDeps,
  ctx: CommandContext,
  approvalId: number,
  note: string | null,
): Promise<number> {
  let amount: Money | undefined;
  const approval = await findApprovalPayment(deps.db, approvalId);
  if (!approval) throw notFound('refund approval');
  const paymentId = approval.payment_id;
  await audited(deps, ctx, 'refund-approve', paymentId, { amount: () => amount, note }, (succeeded) =>
    runCommand(
      deps,
      paymentId,
      async (tx, locked) => {
        const pending = await lockRefundApproval(tx, approvalId);
        if (pending?.status !== 'pending')
          throw new AppError('InvalidState', `This refund was already ${pending?.status ?? 'decided'}.`);
        if (pending.requested_by === ctx.staff.id)
          throw new AppError('Forbidden', 'A second person must approve this refund: you asked for it.');
        // Approved first, so its own reservation does not count against it.
        await decideRefundApproval(tx, approvalId, {
          status: 'approved',
          decided_by: ctx.staff.id,
          decision_note: note,
        });
        const claimed = await runEvent(
          tx,
          deps,
          locked,
          { type: 'refund', amount: moneyOf(locked.payment, pending.amount), approved: true },
          {
            ctx,
            refund: { reason_id: pending.reason_id, note: pending.note, requestedBy: pending.requested_by },
          },
        );
        amount = claimed.amount;
        if (claimed.refundId) await linkApprovalRefund(tx, approvalId, claimed.refundId);
        return claimed;
      },
      succeeded,
    ),
  );
  return paymentId;
}

export async function rejectRefund(
  deps: CommandDeps,
  ctx: CommandContext,
  approvalId: number,
  note: string | null,
): Promise<void> {
  const approval = await findApprovalPayment(deps.db, approvalId);
  if (!approval) throw notFound('refund approval');
  await audited(deps, ctx, 'refund-reject', approval.payment_id, { note }, (succeeded) =>
    deps.db.transaction().execute(async (tx) => {
      await lockOr404(tx, approval.payment_id);
      const pending = await lockRefundApproval(tx, approvalId);
      if (pending?.status !== 'pending')
        throw new AppError('InvalidState', `This refund was already ${pending?.status ?? 'decided'}.`);
      await decideRefundApproval(tx, approvalId, { status: 'rejected', decided_by: ctx.staff.id, decision_note: note });
      await succeeded(tx);
    }),
  );
}
