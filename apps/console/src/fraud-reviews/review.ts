import { can, type StaffRole } from '@paydesk/domain';
import Decimal from 'decimal.js';
import { useGetIdentity, type Identifier } from 'react-admin';
import type { Amount, FraudReview, Payment } from '../types.ts';

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
 * What a reject does with the money, as the server does it (product.md's staff events table): a `preauth`
 * payment's authorization is voided at the gateway, a `waiting`/`input` one is voided without a gateway call,
 * what is left of a `confirmed` one is refunded (reason "Fraudulent"). Anything else has no money to return.
 */
export type MoneyOnReject =
  | { action: 'void'; amount: Amount; gateway: boolean }
  | { action: 'refund'; amount: Amount }
  | { action: 'none' };

export function moneyOnReject(payment: Pick<Payment, 'status' | 'total' | 'refundable_amount'>): MoneyOnReject {
  switch (payment.status) {
    case 'preauth':
      return { action: 'void', amount: payment.total, gateway: true };
    case 'waiting':
    case 'input':
      return { action: 'void', amount: payment.total, gateway: false };
    case 'confirmed':
      return isPositive(payment.refundable_amount)
        ? { action: 'refund', amount: payment.refundable_amount }
        : { action: 'none' };
    default:
      return { action: 'none' };
  }
}

function isPositive(amount: Amount): boolean {
  try {
    return new Decimal(amount).gt(0);
  } catch {
    return false;
  }
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
