import {
  captureAmount,
  checkEvent,
  formatAmount,
  gatewayOrderId,
  Money,
  MoneyError,
  refundAmount,
  scrubCardData,
  statusAfterRefund,
  type GatewayAction,
  type PaymentEvent,
} from '@paydesk/domain';
import { recordAuditEvent } from '../audit-events/audit-events.repository.ts';
import type { Db, Tx } from '../db/database.ts';
import type { PaymentRow, PaymentUpdate, StaffUserRow } from '../db/schema.ts';
import type { GatewayOptions, GatewayResponse } from '../gateways/gateway.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';
import { AppError, invalidArgument, notFound } from '../http/errors.ts';
import { insertLogEntry } from '../log-entries/log-entries.repository.ts';
import { recomputeOrderPaymentState } from '../orders/orders.repository.ts';
import {
  findActiveRefundReason,
  insertRefund,
  lockPayment,
  pendingRefundTotal,
  settleRefund,
  updatePayment,
  type PaymentForCommand,
} from './payment-commands.repository.ts';

/**
 * The staff events of product.md. Every command has one shape (Spree's): claim the payment under its row
 * lock after checking the rules, call the gateway with no transaction open, then record the answer — a log
 * entry, the payment's new state and the order's payment state — in one transaction. A refused command
 * makes no gateway call and changes nothing.
 */

export interface CommandDeps {
  db: Db;
  gateways: GatewayRegistry;
}

export interface CommandContext {
  staff: StaffUserRow;
  ip: string | null;
  userAgent: string | null;
  idempotencyKey: string | null;
}

const IDLE: PaymentUpdate = { operation: null, operation_started_at: null };

function moneyOf(payment: PaymentRow, value: string): Money {
  return Money.of(formatAmount(value, payment.currency), payment.currency);
}

function parseAmount(value: string | undefined, currency: string): Money | undefined {
  if (value === undefined) return undefined;
  try {
    return Money.of(value, currency);
  } catch (error) {
    if (error instanceof MoneyError) throw invalidArgument({ amount: error.message });
    throw error;
  }
}

function gatewayOptions({ payment, orderNumber }: PaymentForCommand): GatewayOptions {
  const minor = (value: string) => moneyOf(payment, value).toMinor();
  const tax = minor(payment.tax);
  const shipping = minor(payment.delivery);
  return {
    email: payment.billing_email,
    ip: payment.customer_ip_address,
    order_id: gatewayOrderId(orderNumber, payment.identifier),
    currency: payment.currency,
    subtotal: minor(payment.total) - tax - shipping,
    shipping,
    tax,
    discount: 0n,
    billing_address: {
      name: `${payment.billing_first_name} ${payment.billing_last_name}`.trim(),
      address1: payment.billing_address_1,
      address2: payment.billing_address_2,
      city: payment.billing_city,
      zip: payment.billing_postcode,
      country: payment.billing_country_code,
      state: payment.billing_country_area,
    },
  };
}

async function lockOr404(tx: Tx, id: number): Promise<PaymentForCommand> {
  const locked = await lockPayment(tx, id);
  if (!locked) throw notFound('payment');
  return locked;
}

/** Refuses an event the payment's status does not allow, or a payment whose gateway call is in flight. */
function ensureAllowed(event: PaymentEvent, payment: PaymentRow) {
  if (payment.operation) {
    throw new AppError('InvalidState', `A ${payment.operation} of this payment is already in progress.`);
  }
  const check = checkEvent(event, payment);
  if (!check.allowed) throw new AppError('InvalidState', check.reason);
  return check;
}

/** Calls the gateway; a thrown error is an unknown outcome, never a success. */
async function callGateway(call: () => Promise<GatewayResponse>): Promise<{ response: GatewayResponse; durationMs: number }> {
  const started = performance.now();
  let response: GatewayResponse;
  try {
    response = await call();
  } catch {
    response = { outcome: 'error', message: 'The gateway could not be reached', authorization: null, params: {}, avs_result: null, cvv_result: null, fraud_review: false, error_code: 'connection_error' };
  }
  return { response, durationMs: Math.round(performance.now() - started) };
}

async function writeLogEntry(
  tx: Tx,
  { payment }: PaymentForCommand,
  action: GatewayAction,
  amount: Money | null,
  { response, durationMs }: { response: GatewayResponse; durationMs: number },
  refundId: number | null = null,
) {
  await insertLogEntry(tx, {
    payment_id: payment.id,
    refund_id: refundId,
    payment_method_id: payment.payment_method_id,
    action,
    success: response.outcome === 'success',
    amount: amount?.toString() ?? null,
    currency: payment.currency,
    message: String(scrubCardData(response.message)),
    authorization: response.authorization,
    error_code: response.error_code,
    avs_result: response.avs_result,
    cvv_result: response.cvv_result,
    params: JSON.stringify(scrubCardData(response.params)),
    duration_ms: durationMs,
  });
}

/** What the staff member is told when the gateway did not say yes. */
function failureFor(response: GatewayResponse): AppError | undefined {
  if (response.outcome === 'decline') return new AppError('GatewayDeclined', response.message);
  if (response.outcome === 'error') {
    return new AppError('GatewayUnavailable', `The gateway did not answer (${response.message}). The payment is marked error until it is reconciled.`);
  }
  return undefined;
}

async function audited<T>(
  deps: CommandDeps,
  ctx: CommandContext,
  action: string,
  paymentId: number,
  details: { amount?: () => Money | undefined; reason?: string | null; note?: string | null },
  run: () => Promise<T>,
): Promise<T> {
  const record = (outcome: 'succeeded' | 'refused' | 'failed', error?: AppError) => {
    const amount = details.amount?.();
    return recordAuditEvent(deps.db, {
      staff_user_id: ctx.staff.id,
      action: `payment.${action}`,
      resource: 'payments',
      record_id: String(paymentId),
      outcome,
      amount: amount?.toString() ?? null,
      currency: amount?.currency ?? null,
      reason: error ? `${error.code}: ${error.message}` : (details.reason ?? null),
      note: details.note ?? null,
      idempotency_key: ctx.idempotencyKey,
      ip: ctx.ip,
      user_agent: ctx.userAgent,
    });
  };
  try {
    const result = await run();
    await record('succeeded');
    return result;
  } catch (error) {
    if (error instanceof AppError) {
      const failed = error.code === 'GatewayDeclined' || error.code === 'GatewayUnavailable';
      await record(failed ? 'failed' : 'refused', error);
    }
    throw error;
  }
}

export async function capturePayment(deps: CommandDeps, ctx: CommandContext, paymentId: number, requested?: string): Promise<void> {
  let amount: Money | undefined;
  await audited(deps, ctx, 'capture', paymentId, { amount: () => amount }, async () => {
    const claim = await deps.db.transaction().execute(async (tx) => {
      const locked = await lockOr404(tx, paymentId);
      const { payment } = locked;
      ensureAllowed('capture', payment);
      const check = captureAmount(moneyOf(payment, payment.total), parseAmount(requested, payment.currency));
      if (!check.ok) throw check.code === 'InvalidArgument' ? invalidArgument({ amount: check.message }) : new AppError(check.code, check.message);
      amount = check.amount;
      const adapter = deps.gateways.forMethod(locked.method);
      if (!adapter.callsGateway) {
        await updatePayment(tx, payment.id, { status: 'confirmed', captured_amount: amount.toString(), message: 'Captured (offline payment)' });
        await recomputeOrderPaymentState(tx, payment.order_id);
        return undefined;
      }
      await updatePayment(tx, payment.id, { operation: 'capture', operation_started_at: new Date() });
      return { locked, adapter, amount };
    });
    if (!claim) return;

    const result = await callGateway(() =>
      claim.adapter.capture(claim.amount.toMinor(), claim.locked.payment.transaction_id ?? '', gatewayOptions(claim.locked)),
    );
    await deps.db.transaction().execute(async (tx) => {
      const locked = await lockOr404(tx, paymentId);
      await writeLogEntry(tx, locked, 'capture', claim.amount, result);
      const { outcome, message } = result.response;
      const update: PaymentUpdate =
        outcome === 'success'
          ? { status: 'confirmed', captured_amount: claim.amount.toString() }
          : { status: outcome === 'decline' ? 'rejected' : 'error' };
      await updatePayment(tx, paymentId, { ...update, ...IDLE, message });
      await recomputeOrderPaymentState(tx, locked.payment.order_id);
    });
    const failure = failureFor(result.response);
    if (failure) throw failure;
  });
}

export async function voidPayment(deps: CommandDeps, ctx: CommandContext, paymentId: number): Promise<void> {
  await audited(deps, ctx, 'void', paymentId, {}, async () => {
    const claim = await deps.db.transaction().execute(async (tx) => {
      const locked = await lockOr404(tx, paymentId);
      const { payment } = locked;
      const check = ensureAllowed('void', payment);
      const adapter = deps.gateways.forMethod(locked.method);
      if (check.gatewayAction === null || !adapter.callsGateway) {
        await updatePayment(tx, payment.id, { status: 'void', message: 'Voided' });
        await recomputeOrderPaymentState(tx, payment.order_id);
        return undefined;
      }
      await updatePayment(tx, payment.id, { operation: 'void', operation_started_at: new Date() });
      return { locked, adapter };
    });
    if (!claim) return;

    const { payment } = claim.locked;
    const result = await callGateway(() =>
      claim.adapter.void(payment.transaction_id ?? '', { ...gatewayOptions(claim.locked), amount: moneyOf(payment, payment.total).toMinor() }),
    );
    await deps.db.transaction().execute(async (tx) => {
      const locked = await lockOr404(tx, paymentId);
      await writeLogEntry(tx, locked, 'void', null, result);
      const { outcome, message } = result.response;
      // A declined void leaves the authorization as it was.
      const update: PaymentUpdate = outcome === 'success' ? { status: 'void' } : outcome === 'error' ? { status: 'error' } : {};
      await updatePayment(tx, paymentId, { ...update, ...IDLE, message });
      await recomputeOrderPaymentState(tx, locked.payment.order_id);
    });
    const failure = failureFor(result.response);
    if (failure) throw failure;
  });
}

export async function invalidatePayment(deps: CommandDeps, ctx: CommandContext, paymentId: number): Promise<void> {
  await audited(deps, ctx, 'invalidate', paymentId, {}, () =>
    deps.db.transaction().execute(async (tx) => {
      const { payment } = await lockOr404(tx, paymentId);
      ensureAllowed('invalidate', payment);
      await updatePayment(tx, payment.id, { status: 'invalid', message: 'Invalidated by staff' });
      await recomputeOrderPaymentState(tx, payment.order_id);
    }),
  );
}

export interface RefundRequest {
  amount?: string;
  reason_id: number;
  note?: string;
}

export async function refundPayment(deps: CommandDeps, ctx: CommandContext, paymentId: number, request: RefundRequest): Promise<void> {
  let amount: Money | undefined;
  await audited(deps, ctx, 'refund', paymentId, { amount: () => amount, note: request.note ?? null }, async () => {
    // The refund row, written under the payment's lock, is what reserves the amount.
    const claim = await deps.db.transaction().execute(async (tx) => {
      const locked = await lockOr404(tx, paymentId);
      const { payment } = locked;
      ensureAllowed('refund', payment);
      const reason = await findActiveRefundReason(tx, request.reason_id);
      if (!reason) throw invalidArgument({ reason_id: 'Choose an active refund reason.' });
      const captured = moneyOf(payment, payment.captured_amount);
      const reserved = moneyOf(payment, payment.refunded_amount).plus(moneyOf(payment, await pendingRefundTotal(tx, payment.id)));
      const check = refundAmount(captured, reserved, parseAmount(request.amount, payment.currency));
      if (!check.ok) throw check.code === 'InvalidArgument' ? invalidArgument({ amount: check.message }) : new AppError(check.code, check.message);
      amount = check.amount;
      const refund = await insertRefund(tx, {
        payment_id: payment.id,
        amount: amount.toString(),
        currency: payment.currency,
        reason_id: reason.id,
        note: request.note ?? '',
        staff_user_id: ctx.staff.id,
      });
      const adapter = deps.gateways.forMethod(locked.method);
      if (!adapter.callsGateway) {
        await recordRefundSuccess(tx, payment, refund.id, amount, null, 'Refunded (offline payment)');
        return undefined;
      }
      return { locked, adapter, amount, refundId: refund.id };
    });
    if (!claim) return;

    const result = await callGateway(() =>
      claim.adapter.refund(claim.amount.toMinor(), claim.locked.payment.transaction_id ?? '', gatewayOptions(claim.locked)),
    );
    await deps.db.transaction().execute(async (tx) => {
      const locked = await lockOr404(tx, paymentId);
      await writeLogEntry(tx, locked, 'refund', claim.amount, result, claim.refundId);
      const { outcome, message, authorization } = result.response;
      if (outcome === 'success') {
        await recordRefundSuccess(tx, locked.payment, claim.refundId, claim.amount, authorization, message);
      } else if (outcome === 'decline') {
        await settleRefund(tx, claim.refundId, 'failed', authorization);
        await updatePayment(tx, paymentId, { message });
      } else {
        // Unknown outcome: the refund stays pending (its amount stays reserved) until reconciled.
        await updatePayment(tx, paymentId, { status: 'error', message });
        await recomputeOrderPaymentState(tx, locked.payment.order_id);
      }
    });
    const failure = failureFor(result.response);
    if (failure) throw failure;
  });
}

async function recordRefundSuccess(tx: Tx, payment: PaymentRow, refundId: number, amount: Money, transactionId: string | null, message: string) {
  await settleRefund(tx, refundId, 'succeeded', transactionId);
  const captured = moneyOf(payment, payment.captured_amount);
  const refunded = moneyOf(payment, payment.refunded_amount).plus(amount);
  await updatePayment(tx, payment.id, { refunded_amount: refunded.toString(), status: statusAfterRefund(captured, refunded), message });
  await recomputeOrderPaymentState(tx, payment.order_id);
}
