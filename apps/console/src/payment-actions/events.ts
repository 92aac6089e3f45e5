import { allowedEvents, type PaymentEvent } from '@paydesk/domain';
import type { Payment } from '../types.ts';

/** The commands offered on a payment's page (fraud decisions have their own screen). */
export const PAYMENT_ACTIONS = ['capture', 'void', 'refund', 'invalidate'] as const satisfies readonly PaymentEvent[];
export type PaymentAction = (typeof PAYMENT_ACTIONS)[number];

/**
 * The commands a payment allows now (the domain's staff events table), and none while a gateway call for
 * it is in flight (`operation`): the server would refuse them.
 */
export function availableActions(payment: Pick<Payment, 'status' | 'fraud_status' | 'operation'>): PaymentAction[] {
  if (payment.operation) return [];
  const allowed = allowedEvents(payment);
  return PAYMENT_ACTIONS.filter((action) => allowed.includes(action));
}

export function canRun(
  action: PaymentAction,
  payment: Pick<Payment, 'status' | 'fraud_status' | 'operation'>,
): boolean {
  return availableActions(payment).includes(action);
}
