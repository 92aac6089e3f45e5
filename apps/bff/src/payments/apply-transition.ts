import { disputeIsOpen, scrubCardData, type Accepted, type PaymentState } from '@paydesk/domain';
import { enqueueDelivery } from '../callbacks/callback-deliveries.repository.ts';
import type { Tx } from '../db/database.ts';
import type { PaymentRow, PaymentUpdate } from '../db/schema.ts';
import { closeReview, deleteClaim, openReview } from '../fraud-reviews/fraud-reviews.repository.ts';
import {
  orderPaymentOf,
  recomputeOrderPaymentState,
  writeOrderPayment,
  type OrderPaymentWrite,
} from '../orders/orders.repository.ts';
import { transactionToWire } from '../transactions/transaction.wire.ts';
import { findTransactionOfPayment } from '../transactions/transactions.repository.ts';
import { updatePayment, type PaymentForCommand } from './payment-commands.repository.ts';

export interface ApplyOptions {
  /** The payment's message; the transition's own unless given (a gateway's words). */
  message?: string;
  /** The idempotency key of an operation the transition starts. */
  operationKey?: string;
  /** Fields that are not state: the gateway's reference, the fraud screen's words, the card as the gateway knows it. */
  extra?: Pick<
    PaymentUpdate,
    'transaction_id' | 'fraud_message' | 'risk_score' | 'card_brand' | 'card_last4' | 'card_exp_month' | 'card_exp_year'
  >;
  /** Who caused it (null: the gateway or the system), and their note, for the review history. */
  staffId?: number | null;
  note?: string;
  /**
   * The order's new payment state is returned for the caller to write, in a statement of its own later in the
   * transaction (with the log entry), instead of being written here; only when its lock was taken with the
   * payment's.
   */
  deferOrder?: boolean;
}

/** What a transition wrote: the payment's row as written, and the order's payment state left to the caller. */
export interface Applied {
  payment: PaymentRow;
  order?: OrderPaymentWrite;
}

/**
 * The one writer of a payment's state: applies what the state machine decided, in the caller's transaction
 * under the payment's lock — the payment row, its order's payment state, its fraud review, and the
 * storefront's callback.
 */
export async function applyTransition(
  tx: Tx,
  locked: PaymentForCommand,
  state: PaymentState,
  result: Accepted,
  options: ApplyOptions = {},
): Promise<Applied> {
  const { payment } = locked;
  const { change } = result;
  const update: PaymentUpdate = {
    ...options.extra,
    message: String(scrubCardData(options.message ?? result.message)),
  };
  if (change.status !== undefined) update.status = change.status;
  if (change.fraud_status !== undefined) update.fraud_status = change.fraud_status;
  if (change.captured !== undefined) update.captured_amount = change.captured.toString();
  if (change.refunded !== undefined) update.refunded_amount = change.refunded.toString();
  if (change.dispute !== undefined) {
    Object.assign(update, {
      dispute_id: change.dispute.id,
      dispute_status: change.dispute.status,
      dispute_amount: change.dispute.amount.toString(),
      dispute_reason: change.dispute.reason,
      dispute_reported_at: change.dispute.at,
      dispute_open: disputeIsOpen(change.dispute),
    });
  }
  if (change.operation === null) {
    Object.assign(update, {
      operation: null,
      operation_started_at: null,
      operation_deadline: null,
      operation_key: null,
      operation_amount: null,
      operation_from_status: change.errorFrom ?? null,
    });
  } else if (change.operation !== undefined) {
    const op = change.operation;
    Object.assign(update, {
      operation: op.kind,
      operation_started_at: op.startedAt,
      operation_deadline: op.deadline ?? null,
      operation_amount: op.amount?.toString() ?? null,
      operation_from_status: op.from,
      ...(options.operationKey ? { operation_key: options.operationKey } : {}),
    });
  } else if (change.errorFrom !== undefined && !state.operation) {
    update.operation_from_status = change.errorFrom;
  }
  // The order's payment state follows its payments' status and amounts only: an operation starting changes neither.
  const moved =
    (update.status !== undefined && update.status !== payment.status) ||
    (update.captured_amount !== undefined && update.captured_amount !== payment.captured_amount) ||
    (update.refunded_amount !== undefined && update.refunded_amount !== payment.refunded_amount);
  // With the order's lock taken already (with the payment's), its payments are read in the update's statement.
  const withOrderPayments = moved && locked.order !== undefined;
  const written = await updatePayment(tx, payment.id, update, { withOrderPayments });
  let order: OrderPaymentWrite | undefined;
  if (withOrderPayments) {
    order = orderPaymentOf(payment.order_id, locked.order!, written.orderPayments!);
    if (!options.deferOrder) {
      await writeOrderPayment(tx, order);
      order = undefined;
    }
  } else if (moved) {
    await recomputeOrderPaymentState(tx, payment.order_id, locked.order);
  }

  const staffId = options.staffId ?? null;
  if (result.closeReview) {
    await closeReview(tx, payment.id, { closed_reason: result.closeReview, closed_by: staffId });
    await deleteClaim(tx, payment.id);
  }
  if (result.openReview) {
    await openReview(tx, {
      payment_id: payment.id,
      opened_reason: result.openReview,
      opened_by: staffId,
      note: String(scrubCardData(options.note ?? '')),
    });
  }
  if (result.notify && locked.hasTransaction) await notifyStorefront(tx, payment.id, { ...payment, ...update });
  return { payment: written.row, order };
}

/** The storefront hears of every change it cares about, in the body `GET /api/v1/transactions/<id>` answers. */
async function notifyStorefront(
  tx: Tx,
  paymentId: number,
  after: { status: PaymentState['status']; fraud_status: string; captured_amount: string; refunded_amount: string },
): Promise<void> {
  const transaction = await findTransactionOfPayment(tx, paymentId);
  if (!transaction) return;
  await enqueueDelivery(tx, {
    transaction_id: transaction.id,
    payment_status: after.status,
    url: transaction.callback_url,
    payload: { ...transactionToWire(transaction, after), changed_at: new Date().toISOString() },
  });
}
