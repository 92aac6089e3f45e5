import { statusAfterRefund } from '@paydesk/domain';
import type { Tx } from '../db/database.ts';
import type { PaymentRow, PaymentUpdate, RefundRow } from '../db/schema.ts';
import type { GatewayResponse } from '../gateways/gateway.ts';
import { AppError } from '../http/errors.ts';
import type { JobOutcome } from '../jobs/worker.ts';
import { recomputeOrderPaymentState } from '../orders/orders.repository.ts';
import {
  audited,
  callGateway,
  gatewayOptions,
  IDLE,
  lockOr404,
  moneyOf,
  refundKey,
  writeLogEntry,
  type CommandContext,
  type CommandDeps,
} from '../payments/payment-commands.ts';
import { lockPayment, settleRefund, updatePayment } from '../payments/payment-commands.repository.ts';
import {
  countPendingRefunds,
  lockRefund,
  paymentsToReconcile,
  STUCK_AFTER_MINUTES,
  unknownRefunds,
} from './reconciliation.repository.ts';

export type Settlement = 'settled' | 'unknown' | 'nothing to do';

const notFound = (response: GatewayResponse) => response.outcome === 'error' && response.error_code === 'not_found';

/** What the payment becomes once the gateway has told what happened to its operation. */
function settledOperation(payment: PaymentRow, response: GatewayResponse): PaymentUpdate | undefined {
  const back = payment.operation_from_status ?? 'preauth';
  const amount = payment.operation_amount;
  if (response.outcome === 'success') {
    switch (payment.operation) {
      case 'capture':
        return { status: 'confirmed', captured_amount: amount ?? payment.total };
      case 'void':
        return { status: 'void' };
      case 'authorize':
        return { status: 'preauth', transaction_id: response.authorization ?? payment.transaction_id };
      case 'purchase':
        return {
          status: 'confirmed',
          captured_amount: payment.total,
          transaction_id: response.authorization ?? payment.transaction_id,
        };
    }
  }
  if (response.outcome === 'decline' || notFound(response)) {
    // Declined, or never received: no money moved. A capture or void leaves the authorization as it was.
    switch (payment.operation) {
      case 'capture':
        return { status: response.outcome === 'decline' ? 'rejected' : back };
      case 'void':
        return { status: back };
      default:
        return { status: 'rejected' };
    }
  }
  return undefined;
}

/** A settled payment whose only unknowns were refunds goes back to what it was. */
function statusWithoutUnknowns(payment: PaymentRow): PaymentUpdate {
  if (payment.status !== 'error') return {};
  const captured = moneyOf(payment, payment.captured_amount);
  const refunded = moneyOf(payment, payment.refunded_amount);
  return {
    status: captured.isPositive() ? statusAfterRefund(captured, refunded) : (payment.operation_from_status ?? 'error'),
  };
}

/**
 * Asks the gateway what happened to a payment's unknown operation and its unknown refunds, and settles each
 * to its true state with a log entry. Safe to run twice or on two instances at once: each settlement
 * happens under the payment's lock, and only if the operation is still the one that was asked about.
 */
export async function reconcilePayment(deps: CommandDeps, paymentId: number): Promise<Settlement> {
  const snapshot = await deps.db.transaction().execute((tx) => lockOr404(tx, paymentId));
  const { payment } = snapshot;
  const adapter = deps.gateways.forMethod(snapshot.method);
  const stuck =
    payment.operation !== null &&
    payment.operation_started_at !== null &&
    payment.operation_started_at.getTime() < Date.now() - STUCK_AFTER_MINUTES * 60_000;
  const operationUnknown =
    payment.operation !== null && payment.operation_key !== null && (payment.status === 'error' || stuck);
  const refunds = await unknownRefunds(deps.db, paymentId);
  // Nothing the gateway can be asked about: a payment in error without a recorded operation (or whose
  // refund is still in flight) stays unknown, for staff to mark failed or a later sweep to settle.
  if (!operationUnknown && refunds.length === 0) return payment.status === 'error' ? 'unknown' : 'nothing to do';

  let unknown = false;
  if (operationUnknown) {
    const key = payment.operation_key!;
    const result = await callGateway(() =>
      adapter.retrieve(payment.transaction_id ?? '', gatewayOptions(snapshot, key)),
    );
    const update = settledOperation(payment, result.response);
    await deps.db.transaction().execute(async (tx) => {
      const current = await lockOr404(tx, paymentId);
      await writeLogEntry(tx, current, 'retrieve', null, result);
      if (!update || current.payment.operation_key !== key) {
        unknown = true;
        return;
      }
      await updatePayment(tx, paymentId, { ...update, ...IDLE, message: `Reconciled: ${result.response.message}` });
      await recomputeOrderPaymentState(tx, current.payment.order_id);
    });
  }

  for (const refund of refunds) {
    const result = await callGateway(() =>
      adapter.retrieve(payment.transaction_id ?? '', gatewayOptions(snapshot, refundKey(refund.id))),
    );
    const settled = await deps.db.transaction().execute((tx) => settleUnknownRefund(tx, paymentId, refund, result));
    if (!settled) unknown = true;
  }

  if (!unknown) {
    await deps.db.transaction().execute(async (tx) => {
      const current = await lockOr404(tx, paymentId);
      if (current.payment.operation === null && (await countPendingRefunds(tx, paymentId)) === 0) {
        await updatePayment(tx, paymentId, { ...statusWithoutUnknowns(current.payment), operation_from_status: null });
        await recomputeOrderPaymentState(tx, current.payment.order_id);
      }
    });
  }
  return unknown ? 'unknown' : 'settled';
}

async function settleUnknownRefund(
  tx: Tx,
  paymentId: number,
  refund: RefundRow,
  result: { response: GatewayResponse; durationMs: number },
): Promise<boolean> {
  const current = await lockOr404(tx, paymentId);
  await writeLogEntry(tx, current, 'retrieve', moneyOf(current.payment, refund.amount), result, refund.id);
  if ((await lockRefund(tx, refund.id)).status !== 'pending') return true;
  const { response } = result;
  if (response.outcome === 'success') {
    await settleRefund(tx, refund.id, 'succeeded', response.authorization);
    const refunded = moneyOf(current.payment, current.payment.refunded_amount).plus(
      moneyOf(current.payment, refund.amount),
    );
    await updatePayment(tx, paymentId, { refunded_amount: refunded.toString() });
    return true;
  }
  if (response.outcome === 'decline' || notFound(response)) {
    await settleRefund(tx, refund.id, 'failed', response.authorization);
    return true;
  }
  return false;
}

/** The background sweep: every payment with an unknown outcome, a few at a time. */
export function reconcileSweep(deps: CommandDeps, batch = 50) {
  return async (): Promise<JobOutcome> => {
    for (const id of await paymentsToReconcile(deps.db, batch)) await reconcilePayment(deps, id);
    return { done: true };
  };
}

/**
 * Staff give up on a payment the gateway cannot settle: it is marked failed (`rejected`), its unknown
 * refunds failed, with the staff member's note in the audit trail.
 */
export async function markPaymentFailed(
  deps: CommandDeps,
  ctx: CommandContext,
  paymentId: number,
  note: string,
): Promise<void> {
  await audited(deps, ctx, 'mark-failed', paymentId, { note }, () =>
    deps.db.transaction().execute(async (tx) => {
      const locked = await lockPayment(tx, paymentId);
      if (!locked) throw new AppError('NotFound', 'No such payment.');
      const { payment } = locked;
      const refunds = await unknownRefunds(tx, paymentId, 0);
      if (payment.status !== 'error' && payment.operation === null && refunds.length === 0) {
        throw new AppError(
          'InvalidState',
          'Only a payment whose outcome is unknown (in error, stuck, or with a pending refund) can be marked failed.',
        );
      }
      for (const refund of refunds) await settleRefund(tx, refund.id, 'failed', null);
      // Money captured before the unknown refund stays captured; an unknown capture or void counts as failed.
      const keepsCapture = payment.operation === null && moneyOf(payment, payment.captured_amount).isPositive();
      const update: PaymentUpdate = keepsCapture ? statusWithoutUnknowns(payment) : { status: 'rejected' };
      await updatePayment(tx, paymentId, { ...update, ...IDLE, message: `Marked failed by staff: ${note}` });
      await recomputeOrderPaymentState(tx, payment.order_id);
    }),
  );
}
