import { can, type StaffRole } from '@paydesk/domain';
import { useGetIdentity, type DataProvider, type Identifier } from 'react-admin';
import { preview, type PaymentOnWire } from '../payments/paymentState.ts';
import type { Amount, FraudReview } from '../types.ts';

/** Who holds a review now. A claim past its expiry is no claim: anyone may take the review. */
export type ClaimState =
  | { kind: 'none' }
  | { kind: 'mine'; expiresAt: number }
  | { kind: 'other'; name: string; expiresAt: number };

export function claimStateOf(
  review: Pick<FraudReview, 'claimed_by_id' | 'claimed_by_name' | 'claim_expires_at'>,
  me: Identifier | undefined,
  now: number,
): ClaimState {
  if (review.claimed_by_id == null || !review.claim_expires_at) return { kind: 'none' };
  const expiresAt = Date.parse(review.claim_expires_at);
  if (!(expiresAt > now)) return { kind: 'none' };
  if (me != null && String(review.claimed_by_id) === String(me)) return { kind: 'mine', expiresAt };
  return { kind: 'other', name: review.claimed_by_name ?? '', expiresAt };
}

/**
 * What a reject does with the money, as the state machine decides it: a `preauth` payment's authorization is
 * voided (at the gateway, unless the method has none), what is left of a `confirmed` one is refunded (reason
 * "Fraudulent"). Anything else has no money to return.
 */
export type MoneyOnReject =
  | { action: 'void'; amount: Amount; gateway: boolean }
  | { action: 'refund'; amount: Amount }
  | { action: 'none' };

export function moneyOnReject(payment: PaymentOnWire): MoneyOnReject {
  const rejected = preview(payment, { type: 'fraud_reject' });
  if (!rejected.ok) return { action: 'none' };
  const { effect, change } = rejected;
  if (effect?.kind === 'call' && effect.operation === 'void')
    return { action: 'void', amount: payment.total, gateway: true };
  if (effect?.kind === 'refund' || effect?.kind === 'refund_settled')
    return { action: 'refund', amount: effect.amount.toString() };
  if (change.status === 'void') return { action: 'void', amount: payment.total, gateway: false };
  return { action: 'none' };
}

/** The signed-in staff member, and what their role lets them do in the queue (the domain's matrix). */
export function useAnalyst() {
  const { identity, isPending } = useGetIdentity();
  const role = identity?.role as StaffRole | undefined;
  return {
    id: identity?.id,
    role,
    isPending,
    mayClaim: role ? can(role, 'fraud-reviews', 'claim') : false,
    mayDecide: role ? can(role, 'payments', 'fraud-decision') : false,
    /** Admins may release a claim someone else holds (the server allows it). */
    mayReleaseOthers: role === 'admin',
  };
}

/** How a decision ended: recorded, or recorded while returning the money failed at the gateway. */
export type DecisionOutcome = 'decided' | 'money_failed';

/** A review's page. */
export const reviewPath = (id: Identifier) => `/fraud-reviews/${id}/show`;

/**
 * The review to work on after `decided`: the oldest open one (the queue's order) that this analyst may take —
 * unclaimed, or claimed by them — other than the one just decided; undefined when none is left.
 */
export async function nextReview(dataProvider: DataProvider, decided: Identifier): Promise<Identifier | undefined> {
  const { data } = await dataProvider.getList<FraudReview>('fraud-reviews', {
    filter: { claimed: 'available' },
    sort: { field: 'created_at', order: 'ASC' },
    pagination: { page: 1, perPage: 2 },
  });
  return data.find((review) => String(review.id) !== String(decided))?.id;
}
