import type { Money } from '@paydesk/domain';
import type { Tx } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import {
  audited,
  completeGatewayCall,
  failureFor,
  lockOr404,
  runEvent,
  type CommandContext,
  type CommandDeps,
  type PendingGatewayCall,
} from '../payments/payment-commands.ts';
import { ensureRefundReason } from '../refund-reasons/refund-reasons.repository.ts';
import { getSetting } from '../settings/settings.repository.ts';
import {
  deleteClaim,
  findLiveClaim,
  findOpenReviewId,
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
 * An analyst's decision on a payment under fraud review (product.md), as the state machine decides it:
 * accept changes only the fraud status; reject voids a `preauth` payment and refunds what is left of a
 * `confirmed` one with the reason "Fraudulent" (the analyst is the second look: no approval). The decision
 * and the claim on the money are written under the payment's lock, so of two analysts deciding at once
 * exactly one wins and the money goes back once. The decision is audited in the transaction that records it.
 */
export async function decideFraudReview(
  deps: CommandDeps,
  ctx: CommandContext,
  paymentId: number,
  decision: FraudDecision,
  note: string,
): Promise<void> {
  let amount: Money | undefined;
  await audited(deps, ctx, `fraud-${decision}`, paymentId, { amount: () => amount, note }, async (succeeded) => {
    const decided = await deps.db.transaction().execute(async (tx) => {
      const locked = await lockOr404(tx, paymentId);
      await ensureNotClaimedByOther(tx, paymentId, ctx.staff.id);
      const reviewId = await findOpenReviewId(tx, paymentId);
      const reason =
        decision === 'reject' && locked.payment.status === 'confirmed'
          ? await ensureRefundReason(tx, 'fraudulent', 'Fraudulent')
          : undefined;
      const result = await runEvent(
        tx,
        deps,
        locked,
        { type: decision === 'accept' ? 'fraud_accept' : 'fraud_reject' },
        {
          ctx,
          note,
          message: `Fraud review ${decision === 'accept' ? 'accepted' : 'rejected'}: ${note}`,
          refund: reason ? { reason_id: reason.id, note: `Fraud review rejected: ${note}` } : undefined,
        },
      );
      amount = result.moved ? result.amount : undefined;
      const row = await insertDecision(tx, {
        payment_id: paymentId,
        review_id: reviewId ?? null,
        staff_user_id: ctx.staff.id,
        decision,
        note,
        money_action: result.moved,
        money_outcome: result.moved === null ? null : result.pending ? 'pending' : 'succeeded',
        amount: amount?.toString() ?? null,
        currency: locked.payment.currency,
        refund_id: result.refundId ?? null,
      });
      await deleteClaim(tx, paymentId);
      await succeeded(tx);
      return { pending: result.pending as PendingGatewayCall | undefined, decisionId: row.id };
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
