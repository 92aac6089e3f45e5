import { actionsOf, type PaymentOnWire } from '../payments/paymentState.ts';

/** The commands offered on a payment's page (fraud decisions have their own screen). */
export const PAYMENT_ACTIONS = ['capture', 'void', 'refund', 'invalidate', 'open_fraud_review'] as const;
export type PaymentAction = (typeof PAYMENT_ACTIONS)[number];

/** The commands the domain's state machine allows on this payment now: none while a gateway call is in flight. */
export function availableActions(payment: PaymentOnWire): PaymentAction[] {
  const allowed = actionsOf(payment);
  return PAYMENT_ACTIONS.filter((action) => allowed.includes(action));
}

export function canRun(action: PaymentAction, payment: PaymentOnWire): boolean {
  return availableActions(payment).includes(action);
}
