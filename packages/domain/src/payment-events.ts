import type { Money } from './money.ts';
import type { FraudStatus, GatewayAction, PaymentStatus } from './payment-status.ts';

export const PAYMENT_EVENTS = ['capture', 'void', 'refund', 'invalidate', 'fraud_accept', 'fraud_reject'] as const;
export type PaymentEvent = (typeof PAYMENT_EVENTS)[number];

interface EventRule {
  /** Statuses the event may start from, each with the gateway call it makes there (null: none). */
  from: Partial<Record<PaymentStatus, GatewayAction | null>>;
  /** Status after success; undefined keeps the status (refund decides by amount; fraud decisions leave it). */
  to?: PaymentStatus;
  /** Status after success from particular statuses, where it differs from `to` (fraud reject of a preauth voids it). */
  toFrom?: Partial<Record<PaymentStatus, PaymentStatus>>;
  /** Fraud statuses that forbid the event. */
  blockedByFraud?: FraudStatus[];
  /** Fraud statuses required for the event (fraud decisions). */
  requiresFraud?: FraudStatus[];
}

const ANY_STATUS = (): Partial<Record<PaymentStatus, null>> => ({
  waiting: null,
  input: null,
  preauth: null,
  confirmed: null,
  rejected: null,
  refunded: null,
  error: null,
  void: null,
  invalid: null,
});

/** product.md's staff events table: event → allowed from → result, and the gateway call it makes. */
export const EVENT_RULES: Record<PaymentEvent, EventRule> = {
  capture: { from: { preauth: 'capture' }, to: 'confirmed', blockedByFraud: ['review', 'reject'] },
  void: { from: { preauth: 'void', waiting: null, input: null }, to: 'void' },
  refund: { from: { confirmed: 'refund' } },
  invalidate: { from: { waiting: null, input: null }, to: 'invalid' },
  fraud_accept: { from: ANY_STATUS(), requiresFraud: ['review'] },
  // "fraud_status reject, then void if preauth, refund the remainder (reason "Fraudulent") if confirmed":
  // the refund's resulting status is decided by amount (statusAfterRefund), as for a refund.
  fraud_reject: {
    from: { ...ANY_STATUS(), preauth: 'void', confirmed: 'refund' },
    toFrom: { preauth: 'void' },
    requiresFraud: ['review'],
  },
};

export type EventCheck =
  | { allowed: true; gatewayAction: GatewayAction | null; to: PaymentStatus | undefined }
  | { allowed: false; reason: string };

const EVENT_LABEL: Record<PaymentEvent, string> = {
  capture: 'captured',
  void: 'voided',
  refund: 'refunded',
  invalidate: 'invalidated',
  fraud_accept: 'accepted',
  fraud_reject: 'rejected',
};

/** Whether `event` may run on a payment in this state, and which gateway call it makes. Pure. */
export function checkEvent(
  event: PaymentEvent,
  payment: { status: PaymentStatus; fraud_status: FraudStatus },
): EventCheck {
  const rule = EVENT_RULES[event];
  if (rule.requiresFraud && !rule.requiresFraud.includes(payment.fraud_status)) {
    return {
      allowed: false,
      reason: `Only a payment under fraud review can be ${EVENT_LABEL[event]}; this one's fraud status is ${payment.fraud_status}.`,
    };
  }
  if (!(payment.status in rule.from)) {
    return { allowed: false, reason: `A ${payment.status} payment cannot be ${EVENT_LABEL[event]}.` };
  }
  if (rule.blockedByFraud?.includes(payment.fraud_status)) {
    return {
      allowed: false,
      reason: `A payment whose fraud status is ${payment.fraud_status} cannot be ${EVENT_LABEL[event]}.`,
    };
  }
  return {
    allowed: true,
    gatewayAction: rule.from[payment.status] ?? null,
    to: rule.toFrom?.[payment.status] ?? rule.to,
  };
}

/** The events a payment allows now, for showing only the buttons that can work. */
export function allowedEvents(payment: { status: PaymentStatus; fraud_status: FraudStatus }): PaymentEvent[] {
  return PAYMENT_EVENTS.filter((event) => checkEvent(event, payment).allowed);
}

export type AmountCheck =
  | { ok: true; amount: Money }
  | { ok: false; code: 'InvalidArgument' | 'AmountExceeded'; message: string };

/** capture: 0 < amount ≤ total; default total. */
export function captureAmount(total: Money, requested?: Money): AmountCheck {
  const amount = requested ?? total;
  if (!amount.isPositive()) return { ok: false, code: 'InvalidArgument', message: 'Must be greater than 0.' };
  if (amount.gt(total)) {
    return {
      ok: false,
      code: 'AmountExceeded',
      message: `Cannot capture ${amount} ${amount.currency}: the payment's total is ${total}.`,
    };
  }
  return { ok: true, amount };
}

/** What is left to refund: captured − refunded. */
export function refundable(captured: Money, refunded: Money): Money {
  return captured.minus(refunded);
}

/** refund: 0 < amount ≤ captured − refunded; default that remainder. */
export function refundAmount(captured: Money, refunded: Money, requested?: Money): AmountCheck {
  const left = refundable(captured, refunded);
  const amount = requested ?? left;
  if (!amount.isPositive()) {
    return requested
      ? { ok: false, code: 'InvalidArgument', message: 'Must be greater than 0.' }
      : { ok: false, code: 'AmountExceeded', message: 'Nothing is left to refund on this payment.' };
  }
  if (amount.gt(left)) {
    return {
      ok: false,
      code: 'AmountExceeded',
      message: `Cannot refund ${amount} ${amount.currency}: only ${left} is left to refund.`,
    };
  }
  return { ok: true, amount };
}

/** Status after a successful refund: `refunded` once everything captured has been refunded. */
export function statusAfterRefund(captured: Money, refundedAfter: Money): PaymentStatus {
  return refundedAfter.gte(captured) ? 'refunded' : 'confirmed';
}
