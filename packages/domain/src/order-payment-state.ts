import { Money } from './money.ts';
import type { OrderPaymentState, OrderState, PaymentStatus } from './payment-status.ts';

export interface OrderForPaymentState {
  state: OrderState;
  currency: string;
  total: Money;
  payments: { status: PaymentStatus; captured_amount: Money; refunded_amount: Money }[];
}

/** payment_total = sum over payments of (captured_amount − refunded_amount). */
export function paymentTotal(order: Pick<OrderForPaymentState, 'currency' | 'payments'>): Money {
  return order.payments.reduce(
    (sum, p) => sum.plus(p.captured_amount).minus(p.refunded_amount),
    Money.zero(order.currency),
  );
}

/** Valid for its order: not rejected, void or invalid; a payment in error counts while its captured money is there. */
function countsForOrder(p: OrderForPaymentState['payments'][number]): boolean {
  if (p.status === 'error') return p.captured_amount.isPositive();
  return !['rejected', 'void', 'invalid'].includes(p.status);
}

/**
 * product.md's derivation, kept only for complete and canceled orders (null for carts). Refunds of a complete
 * order are reimbursements: its balance is total − captured. Checked in order: failed, canceled (credit_owed
 * while money is held, else void), balance_due, credit_owed, paid.
 */
export function derivePaymentState(order: OrderForPaymentState): {
  payment_total: Money;
  payment_state: OrderPaymentState | null;
} {
  const payment_total = paymentTotal(order);
  if (order.state === 'cart') return { payment_total, payment_state: null };
  if (order.state === 'canceled') {
    return { payment_total, payment_state: payment_total.isPositive() ? 'credit_owed' : 'void' };
  }
  const captured = order.payments.reduce((sum, p) => sum.plus(p.captured_amount), Money.zero(order.currency));
  const balance = order.total.minus(captured);
  let payment_state: OrderPaymentState;
  if (order.payments.length > 0 && !order.payments.some(countsForOrder) && !balance.isZero()) {
    payment_state = 'failed';
  } else if (balance.isPositive()) {
    payment_state = 'balance_due';
  } else if (balance.isNegative()) {
    payment_state = 'credit_owed';
  } else {
    payment_state = 'paid';
  }
  return { payment_total, payment_state };
}
