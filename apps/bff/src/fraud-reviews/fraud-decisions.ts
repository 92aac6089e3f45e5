import { checkEvent, type Money } from '@paydesk/domain';
import { AppError } from '../http/errors.ts';
import {
  audited,
  claimRefund,
  claimVoid,
  completeGatewayCall,
  ensureAllowed,
  failureFor,
  lockOr404,
  moneyOf,
  type CommandContext,
  type CommandDeps,
  type PendingGatewayCall,
} from '../payments/payment-commands.ts';
import { updatePayment } from '../payments/payment-commands.repository.ts';
import { ensureRefundReason } from '../refund-reasons/refund-reasons.repository.ts';
import { getSetting } from '../settings/settings.repository.ts';
import type { Tx } from '../db/database.ts';
import {
  deleteClaim,
  findLiveClaim,
  insertDecision,
  setDecisionMoneyOutcome,
  upsertClaim,
} from './fraud-reviews.repository.ts';

export type FraudDecision = 'accept' | 'reject';

const OUTCOME = { success: 'succeeded', decline: 'declined', error: 'unknown', pending: 'unknown' } as const;

/** Refuses a review someone else is working on. */
async function ensureNotClaimedByOther(tx: Tx, paymentId: number, staffUserId: number): Promise<void> {
  const claim = await findLiveClaim(tx, paymentId);
  if (claim && claim.staff_user_id !== staffUserId) {
    throw new AppError(
      'InvalidState',
      `${claim.full_name} is working on this review (claimed until ${claim.expires_at.toISOString().slice(11, 16)} UTC).`,
    );
  }
}

/**
 * An analyst's decision on a payment under fraud review (product.md). Accept changes only the fraud
 * status. Reject returns the money: it voids a `preauth` payment (or a `waiting`/`input` one without a
 * gateway) and refunds what is left of a `confirmed` one with the reason "Fraudulent". The decision and
 * the claim on the money are written under the payment's lock, so of two analysts deciding at once
 * exactly one wins and the money goes back once.
 */
export async function decideFraudReview(
  deps: CommandDeps,
  ctx: CommandContext,
  paymentId: number,
  decision: FraudDecision,
  note: string,
): Promise<void> {
  let amount: Money | undefined;
  await audited(deps, ctx, `fraud-${decision}`, paymentId, { amount: () => amount, note }, async () => {
    const decided = await deps.db.transaction().execute(async (tx) => {
      const locked = await lockOr404(tx, paymentId);
      const { payment } = locked;
      const check = checkEvent(decision === 'accept' ? 'fraud_accept' : 'fraud_reject', payment);
      if (!check.allowed) throw new AppError('InvalidState', check.reason);
      if (payment.operation)
        throw new AppError('InvalidState', `A ${payment.operation} of this payment is already in progress.`);
      await ensureNotClaimedByOther(tx, paymentId, ctx.staff.id);
      await updatePayment(tx, paymentId, { fraud_status: decision });
      await deleteClaim(tx, paymentId);

      let pending: PendingGatewayCall | undefined;
      let moneyAction: 'void' | 'refund' | null = null;
      let refundId: number | null = null;
      const rejected = { ...payment, fraud_status: 'reject' as const };
      if (decision === 'reject' && ['preauth', 'waiting', 'input'].includes(payment.status)) {
        moneyAction = 'void';
        amount = moneyOf(payment, payment.total);
        pending = await claimVoid(tx, deps, { ...locked, payment: rejected });
      } else if (
        decision === 'reject' &&
        payment.status === 'confirmed' &&
        moneyOf(payment, payment.captured_amount).gt(moneyOf(payment, payment.refunded_amount))
      ) {
        moneyAction = 'refund';
        const reason = await ensureRefundReason(tx, 'fraudulent', 'Fraudulent');
        ensureAllowed('refund', rejected);
        // The analyst's decision is the second look: a fraud refund does not wait for approval.
        const claimed = await claimRefund(
          tx,
          deps,
          ctx,
          { ...locked, payment: rejected },
          { reason_id: reason.id, note: `Fraud review rejected: ${note}` },
          { approved: true },
        );
        amount = claimed.amount;
        refundId = claimed.refundId ?? null;
        pending = claimed.pending;
      }
      const row = await insertDecision(tx, {
        payment_id: paymentId,
        staff_user_id: ctx.staff.id,
        decision,
        note,
        money_action: moneyAction,
        money_outcome: moneyAction === null ? null : pending ? 'pending' : 'succeeded',
        amount: amount?.toString() ?? null,
        currency: payment.currency,
        refund_id: refundId,
      });
      return { pending, decisionId: row.id };
    });

    if (!decided.pending) return;
    const response = await completeGatewayCall(deps, decided.pending);
    await setDecisionMoneyOutcome(deps.db, decided.decisionId, OUTCOME[response.outcome]);
    const failure = failureFor(response);
    if (failure) throw failure;
  });
}

/** Claims a review for the analyst, for the `fraud_claim_ttl_minutes` setting. */
export async function claimFraudReview(deps: CommandDeps, ctx: CommandContext, paymentId: number): Promise<void> {
  const ttl = await getSetting(deps.db, 'fraud_claim_ttl_minutes');
  await deps.db.transaction().execute(async (tx) => {
    const { payment } = await lockOr404(tx, paymentId);
    if (payment.fraud_status !== 'review')
      throw new AppError('InvalidState', 'This payment is not waiting for a fraud review.');
    if (!(await upsertClaim(tx, paymentId, ctx.staff.id, ttl)))
      await ensureNotClaimedByOther(tx, paymentId, ctx.staff.id);
  });
}

/** Releases a claim: one's own, or anyone's for an admin. */
export async function releaseFraudReview(deps: CommandDeps, ctx: CommandContext, paymentId: number): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    await lockOr404(tx, paymentId);
    if (ctx.staff.role !== 'admin') await ensureNotClaimedByOther(tx, paymentId, ctx.staff.id);
    await deleteClaim(tx, paymentId);
  });
}
