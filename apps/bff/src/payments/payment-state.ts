import { formatAmount, Money, type PaymentDispute, type PaymentState } from '@paydesk/domain';
import { STUCK_AFTER_MINUTES } from '../reconciliation/reconciliation.repository.ts';
import type { Tx } from '../db/database.ts';
import type { PaymentRow } from '../db/schema.ts';
import type { GatewayAdapter } from '../gateways/gateway.ts';
import { settingValue } from '../settings/settings.repository.ts';
import { pendingRefundsOf, type PaymentForCommand } from './payment-commands.repository.ts';

export function moneyOf(payment: Pick<PaymentRow, 'currency'>, value: string): Money {
  return Money.of(formatAmount(value, payment.currency), payment.currency);
}

/** The payment as the state machine sees it, read under the payment's lock, with what its gateway allows. */
export async function loadPaymentState(
  tx: Tx,
  locked: PaymentForCommand,
  adapter: Pick<GatewayAdapter, 'callsGateway' | 'callDeadlineMs'>,
): Promise<PaymentState> {
  const { payment } = locked;
  const money = (value: string) => moneyOf(payment, value);
  const refunds = await pendingRefundsOf(tx, payment.id);
  const thresholds = settingValue('refund_approval_thresholds', refunds.thresholds);
  const threshold = thresholds[payment.currency];
  return {
    status: payment.status,
    fraud_status: payment.fraud_status,
    total: money(payment.total),
    captured: money(payment.captured_amount),
    refunded: money(payment.refunded_amount),
    reserved: money(refunds.reserved),
    pendingRefunds: refunds.count,
    lastRefundStartedAt: refunds.lastStartedAt,
    operation: payment.operation
      ? {
          kind: payment.operation,
          from: payment.operation_from_status ?? payment.status,
          amount: payment.operation_amount === null ? null : money(payment.operation_amount),
          startedAt: payment.operation_started_at,
          deadline: payment.operation_deadline,
        }
      : null,
    errorFrom: payment.operation ? null : payment.operation_from_status,
    authorizedAt: payment.created_at,
    authorizationTtlDays: locked.authorizationTtlDays,
    offline: !adapter.callsGateway,
    callDeadlineMs: adapter.callDeadlineMs,
    approvalThreshold: threshold === undefined ? null : Money.of(threshold, payment.currency),
    now: new Date(),
    stuckAfterSeconds: STUCK_AFTER_MINUTES * 60,
    dispute: disputeOf(payment),
  };
}

/** The payment's dispute as its columns keep it; null when it was never disputed. */
export function disputeOf(payment: PaymentRow): PaymentDispute | null {
  if (payment.dispute_id === null || payment.dispute_status === null || payment.dispute_reported_at === null)
    return null;
  return {
    id: payment.dispute_id,
    status: payment.dispute_status,
    amount: moneyOf(payment, payment.dispute_amount ?? '0'),
    reason: payment.dispute_reason ?? '',
    at: payment.dispute_reported_at,
  };
}
