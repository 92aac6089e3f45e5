import { Money } from './money.ts';
import { isValidPayment, type OrderPaymentState, type OrderState, type PaymentStatus } from './payment-status.ts';

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

/** product.md's derivation, checked in order: failed, void, balance_due, credit_owed, paid. */
export function derivePaymentState(order: OrderForPaymentState): {
  payment_total: Money;
  payment_state: OrderPaymentState;
} {
  const payment_total = paymentTotal(order);
  const balance = order.total.minus(payment_total);
  let payment_state: OrderPaymentState;
  if (order.payments.length > 0 && !order.payments.some((p) => isValidPayment(p.status)) && !balance.isZero()) {
    payment_state = 'failed';
  } else if (order.state === 'canceled' && payment_total.isZero()) {
    payment_state = 'void';
  } else if (balance.isPositive()) {
    payment_state = 'balance_due';
  } else if (balance.isNegative()) {
    payment_state = 'credit_owed';
  } else {
    payment_state = 'paid';
  }
  return { payment_total, payment_state };
}
