import {
  availableActions as allowedActions,
  Money,
  OFFLINE_METHOD_TYPES,
  transition,
  type PaymentEvent,
  type PaymentMethodType,
  type PaymentState,
  type StaffEventType,
  type Transition,
} from '@paydesk/domain';
import type { Payment } from '../types.ts';

export type PaymentOnWire = Pick<
  Payment,
  | 'status'
  | 'fraud_status'
  | 'currency'
  | 'total'
  | 'captured_amount'
  | 'refunded_amount'
  | 'refundable_amount'
  | 'operation'
  | 'authorization_expires_at'
> &
  Partial<
    Pick<
      Payment,
      | 'operation_started_at'
      | 'operation_deadline'
      | 'reserved_amount'
      | 'payment_method_type'
      | 'dispute_id'
      | 'dispute_status'
      | 'dispute_amount'
      | 'dispute_reason'
      | 'dispute_reported_at'
    >
  >;

/**
 * The payment as the domain's state machine sees it, from its wire form: the console asks the same
 * `transition` the BFF applies which actions a payment allows. `pendingRefund`: the page knows of one.
 */
export function paymentState(
  payment: PaymentOnWire,
  { now = new Date(), pendingRefund = false }: { now?: Date; pendingRefund?: boolean } = {},
): PaymentState {
  const money = (value: string) => Money.of(value, payment.currency);
  const captured = money(payment.captured_amount);
  const refunded = money(payment.refunded_amount);
  const reserved = payment.reserved_amount
    ? money(payment.reserved_amount)
    : captured.minus(refunded).minus(money(payment.refundable_amount));
  const expires = payment.authorization_expires_at ? new Date(payment.authorization_expires_at) : null;
  return {
    status: payment.status,
    fraud_status: payment.fraud_status,
    total: money(payment.total),
    captured,
    refunded,
    reserved: reserved.isNegative() ? Money.zero(payment.currency) : reserved,
    pendingRefunds: pendingRefund ? 1 : 0,
    lastRefundStartedAt: null,
    operation: payment.operation
      ? {
          kind: payment.operation,
          from: payment.status,
          amount: null,
          startedAt: payment.operation_started_at ? new Date(payment.operation_started_at) : null,
          deadline: payment.operation_deadline ? new Date(payment.operation_deadline) : null,
        }
      : null,
    errorFrom: null,
    // The wire says when the authorization lapses: a lifetime of 0 days from then.
    authorizedAt: expires,
    authorizationTtlDays: expires ? 0 : null,
    offline: OFFLINE_METHOD_TYPES.includes(payment.payment_method_type as PaymentMethodType),
    approvalThreshold: null,
    now,
    dispute: payment.dispute_status
      ? {
          id: payment.dispute_id ?? '',
          status: payment.dispute_status,
          amount: money(payment.dispute_amount ?? '0'),
          reason: payment.dispute_reason ?? '',
          at: new Date(payment.dispute_reported_at ?? 0),
        }
      : null,
  };
}

/** What the state machine says `event` would do to this payment now. */
export function preview(
  payment: PaymentOnWire,
  event: PaymentEvent,
  options?: { now?: Date; pendingRefund?: boolean },
): Transition {
  return transition(paymentState(payment, options), event);
}

/** The staff events this payment allows now. */
export function actionsOf(payment: PaymentOnWire, options?: { now?: Date; pendingRefund?: boolean }): StaffEventType[] {
  return allowedActions(paymentState(payment, options));
}
