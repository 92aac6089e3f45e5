export const PAYMENT_STATUSES = [
  'waiting',
  'input',
  'preauth',
  'confirmed',
  'rejected',
  'refunded',
  'error',
  'void',
  'invalid',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const FRAUD_STATUSES = ['unknown', 'accept', 'reject', 'review'] as const;
export type FraudStatus = (typeof FRAUD_STATUSES)[number];

/** A payment that still counts towards its order (product.md: not rejected, error, void or invalid). */
export function isValidPayment(status: PaymentStatus): boolean {
  return !['rejected', 'error', 'void', 'invalid'].includes(status);
}

export const ORDER_STATES = ['cart', 'complete', 'canceled'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const PAYMENT_STATES = ['failed', 'void', 'balance_due', 'credit_owed', 'paid'] as const;
export type OrderPaymentState = (typeof PAYMENT_STATES)[number];

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const STAFF_ROLES = ['admin', 'operator', 'finance', 'fraud_analyst', 'viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * What a log entry records. `start`: a carrier charge the operator took and the buyer must still confirm — not
 * an attempt yet (monitoring counts authorize and purchase): the attempt is logged when its outcome is known.
 */
export const GATEWAY_ACTIONS = ['authorize', 'purchase', 'capture', 'void', 'refund', 'retrieve', 'start'] as const;
export type GatewayAction = (typeof GATEWAY_ACTIONS)[number];

export const PAYMENT_METHOD_TYPES = ['bogus', 'check', 'sandbox', 'carrier', 'stripe'] as const;
export type PaymentMethodType = (typeof PAYMENT_METHOD_TYPES)[number];
