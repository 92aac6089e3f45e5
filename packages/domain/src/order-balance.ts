import { Money } from './money.ts';
import type { PaymentStatus } from './payment-status.ts';

export interface OrderForBalance {
  currency: string;
  total: Money;
  payments: { status: PaymentStatus; total: Money; captured_amount: Money }[];
}

export interface OrderBalance {
  /** total − captured (product.md: refunds of a complete order are reimbursements, not a balance). */
  balanceDue: Money;
  /** What payments not yet settled may still take: waiting, input and preauth payments, and those in error. */
  held: Money;
  /** What a new payment may be for: the balance due less what is held, never below zero. */
  payable: Money;
}

/**
 * Payments that may still take money: a checkout not yet processed (`waiting`, `input`), an authorization not
 * yet captured (`preauth`), and an `error` whose outcome is unknown until it is reconciled.
 */
const HOLDING: ReadonlySet<PaymentStatus> = new Set(['waiting', 'input', 'preauth', 'error']);

const atLeastZero = (value: Money) => (value.isNegative() ? Money.zero(value.currency) : value);

/**
 * How much of an order is still to pay, and how much of that a new payment may take. Money held by a payment in
 * flight is not offered twice: the checkout payment must be invalidated (or the authorization voided, the error
 * reconciled) before another payment replaces it.
 */
export function orderBalance(order: OrderForBalance): OrderBalance {
  const zero = Money.zero(order.currency);
  const captured = order.payments.reduce((sum, p) => sum.plus(p.captured_amount), zero);
  const balanceDue = order.total.minus(captured);
  const held = order.payments
    .filter((p) => HOLDING.has(p.status))
    .reduce((sum, p) => sum.plus(atLeastZero(p.total.minus(p.captured_amount))), zero);
  return { balanceDue, held, payable: atLeastZero(balanceDue.minus(held)) };
}

/**
 * What staff enter to take a payment with a method of this type: a test card (`bogus`, `sandbox`), a token made
 * by Stripe.js (`stripe`), nothing (`check`: recorded offline). Null: staff cannot take it — a carrier charge is
 * confirmed by the buyer on their own phone.
 */
export type StaffPaymentInput = 'card' | 'token' | 'none';

export function staffPaymentInput(type: string): StaffPaymentInput | null {
  switch (type) {
    case 'bogus':
    case 'sandbox':
      return 'card';
    case 'stripe':
      return 'token';
    case 'check':
      return 'none';
    default:
      return null;
  }
}
