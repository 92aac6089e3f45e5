import { carrierNotification, type CarrierNotification, type CarrierNotificationAnswer } from '@paydesk/contract';
import { Money, transition } from '@paydesk/domain';
import { fromCharge } from '../gateways/carrier.gateway.ts';
import { response, type GatewayResponse } from '../gateways/gateway.ts';
import { str, type Json } from '../gateways/http-answers.ts';
import { notFound } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import { applyTransition } from '../payments/apply-transition.ts';
import { lockPayment } from '../payments/payment-commands.repository.ts';
import { moneyOf, writeLogEntry, type CommandDeps } from '../payments/payment-commands.ts';
import { loadPaymentState } from '../payments/payment-state.ts';
import { notificationRecorded, refundByOperatorId } from './carrier-notifications.repository.ts';

/**
 * What the operator tells Paydesk, server to server, once its signature has been checked: a charge confirmed,
 * declined or lapsed, or refunded. Each notification is one log entry on its payment (a repeat of the same
 * notification id is recognised and changes nothing); a charge's outcome is applied through the state machine
 * — the same event as the reconciler learning it from the operator — while the charge is still the payment's
 * current operation, else kept unapplied.
 */

export type NotificationResult = CarrierNotificationAnswer['result'];

interface Notification {
  id: string;
  type: CarrierNotification['type'];
  charge: Json;
  refund: Json | null;
  kind: 'authorize' | 'purchase';
  paymentId: number;
}

/** The charge's reference is the operation's idempotency key: `purchase-<payment id>` (or authorize). */
const REFERENCE = /^(authorize|purchase)-([1-9]\d{0,9})$/;

/** The contract's CarrierNotification (400 when it is not one), and the payment its charge's reference names. */
function parse(body: unknown): Notification {
  const notification = parseInput(carrierNotification, body);
  const reference = REFERENCE.exec(notification.charge.reference ?? '');
  const paymentId = reference ? Number(reference[2]) : Number.NaN;
  if (!reference || paymentId > 2_147_483_647) throw notFound('payment for this charge');
  return {
    id: notification.id,
    type: notification.type,
    charge: notification.charge,
    refund: notification.refund ?? null,
    kind: reference[1] as Notification['kind'],
    paymentId,
  };
}

/** Records (and, for a charge's outcome, applies) a notification for carrier method `methodId`. */
export async function receiveNotification(
  deps: CommandDeps,
  methodId: number,
  body: unknown,
): Promise<NotificationResult> {
  const notification = parse(body);
  return deps.db.transaction().execute(async (tx) => {
    const current = await lockPayment(tx, notification.paymentId);
    if (!current || current.payment.payment_method_id !== methodId) throw notFound('payment for this charge');
    const { payment } = current;
    if (await notificationRecorded(tx, payment.id, notification.id)) return 'repeated';
    const noted = (answer: GatewayResponse): GatewayResponse => ({
      ...answer,
      message: `Operator notification: ${answer.message}`,
      params: { ...answer.params, notification_id: notification.id, notification_type: notification.type },
    });
    const timing = (answer: GatewayResponse) => ({ response: noted(answer), durationMs: 0 });

    if (notification.type === 'charge.refunded') {
      const refund = notification.refund!;
      const operatorRefundId = str(refund.refund_id);
      const amount = Number.isSafeInteger(refund.amount)
        ? Money.fromMinor(refund.amount as number, payment.currency)
        : null;
      const answer = response('success', str(refund.message) ?? 'Refunded by the operator', {
        authorization: operatorRefundId,
        params: { action: 'notification', charge_id: str(notification.charge.id), refund_id: operatorRefundId },
      });
      const refundId = operatorRefundId ? await refundByOperatorId(tx, payment.id, operatorRefundId) : null;
      await writeLogEntry(tx, current, 'refund', amount, timing(answer), refundId);
      return 'recorded';
    }

    const answer = fromCharge('notification', 200, notification.charge);
    const outcome = answer.outcome === 'success' ? 'success' : answer.outcome === 'decline' ? 'decline' : null;
    const applies =
      outcome !== null &&
      payment.operation === notification.kind &&
      payment.operation_key === str(notification.charge.reference);
    await writeLogEntry(
      tx,
      current,
      notification.kind,
      moneyOf(payment, payment.total),
      timing(answer),
      null,
      !applies,
    );
    if (!applies) return 'unapplied';
    const state = await loadPaymentState(tx, current, deps.gateways.forMethod(current.method));
    const result = transition(state, { type: 'operation_reconciled', outcome, askedAt: state.now });
    if (!result.ok) throw new Error(`The state machine refused an operator notification: ${result.message}`);
    await applyTransition(tx, current, state, result, {
      message: noted(answer).message,
      extra: outcome === 'success' ? { transaction_id: str(notification.charge.id) } : {},
    });
    return 'applied';
  });
}
