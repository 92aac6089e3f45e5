import { randomUUID } from 'node:crypto';
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
  type AmountCheck,
  type GatewayAction,
  type PaymentEvent,
} from '@paydesk/domain';
import { recordAuditEvent } from '../audit-events/audit-events.repository.ts';
import type { Db, Tx } from '../db/database.ts';
import type { PaymentRow, PaymentUpdate, StaffUserRow } from '../db/schema.ts';
import type { GatewayAdapter, GatewayOptions, GatewayResponse } from '../gateways/gateway.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';
import { AppError, invalidArgument, notFound } from '../http/errors.ts';
import { insertLogEntry } from '../log-entries/log-entries.repository.ts';
import { recomputeOrderPaymentState } from '../orders/orders.repository.ts';
import { insertRefundApproval } from '../refund-approvals/refund-approvals.repository.ts';
import { getSetting } from '../settings/settings.repository.ts';
import {
  findActiveRefundReason,
  insertRefund,
  lockPayment,
  reservedRefundTotal,
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

/** No operation in flight and none unknown. */
export const IDLE: PaymentUpdate = {
  operation: null,
  operation_started_at: null,
  operation_key: null,
  operation_amount: null,
  operation_from_status: null,
};

export function moneyOf(payment: PaymentRow, value: string): Money {
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

export function gatewayOptions({ payment, orderNumber }: PaymentForCommand, idempotencyKey: string): GatewayOptions {
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
    idempotency_key: idempotencyKey,
    carrier: carrierOf(payment.extra_data),
  };
}

/** The carrier and region an intake payment was made with (kept in its extra data). */
function carrierOf(extra: unknown): GatewayOptions['carrier'] {
  const data = typeof extra === 'string' ? safeJson(extra) : extra;
  if (typeof data !== 'object' || data === null) return null;
  const { carrier, region } = data as Record<string, unknown>;
  return typeof carrier === 'string' && carrier !== '' && Number.isInteger(region)
    ? { name: carrier, region: region as number }
    : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function lockOr404(tx: Tx, id: number): Promise<PaymentForCommand> {
  const locked = await lockPayment(tx, id);
  if (!locked) throw notFound('payment');
  return locked;
}

/** Refuses an event the payment's status does not allow, or a payment whose gateway call is in flight. */
export function ensureAllowed(event: PaymentEvent, payment: PaymentRow) {
  const check = checkEvent(event, payment);
  if (!check.allowed) throw new AppError('InvalidState', check.reason);
  if (payment.operation) {
    throw new AppError('InvalidState', `A ${payment.operation} of this payment is already in progress.`);
  }
  return check;
}

/** Calls the gateway; a thrown error is an unknown outcome, never a success. */
export async function callGateway(
  call: () => Promise<GatewayResponse>,
): Promise<{ response: GatewayResponse; durationMs: number }> {
  const started = performance.now();
  let response: GatewayResponse;
  try {
    response = await call();
  } catch {
    response = {
      outcome: 'error',
      message: 'The gateway could not be reached',
      authorization: null,
      params: {},
      avs_result: null,
      cvv_result: null,
      fraud_review: false,
      error_code: 'connection_error',
    };
  }
  return { response, durationMs: Math.round(performance.now() - started) };
}

export async function writeLogEntry(
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
export function failureFor(response: GatewayResponse): AppError | undefined {
  if (response.outcome === 'decline') return new AppError('GatewayDeclined', response.message);
  if (response.outcome === 'error') {
    return new AppError(
      'GatewayUnavailable',
      `The gateway did not answer (${response.message}). The payment is marked error until it is reconciled.`,
    );
  }
  return undefined;
}

/** Writes the command's audit event inside the transaction that records its success, so neither is kept without the other. */
export type RecordSuccess = (tx: Tx) => Promise<void>;

/**
 * Runs a staff command and audits it: its success inside the transaction that records it (when `run` passes
 * `succeeded` on to that transaction), else right after; a refusal, denial or failure once it is known.
 */
export async function audited<T>(
  deps: CommandDeps,
  ctx: CommandContext,
  action: string,
  paymentId: number,
  details: { amount?: () => Money | undefined; reason?: () => string | null; note?: string | null },
  run: (succeeded: RecordSuccess) => Promise<T>,
): Promise<T> {
  const event = (outcome: 'succeeded' | 'refused' | 'denied' | 'failed', error?: AppError) => {
    const amount = details.amount?.();
    return {
      staff_user_id: ctx.staff.id,
      action: `payment.${action}`,
      resource: 'payments',
      record_id: String(paymentId),
      outcome,
      amount: amount?.toString() ?? null,
      currency: amount?.currency ?? null,
      reason: error ? `${error.code}: ${error.message}` : (details.reason?.() ?? null),
      note: details.note ?? null,
      idempotency_key: ctx.idempotencyKey,
      ip: ctx.ip,
      user_agent: ctx.userAgent,
    };
  };
  let recorded = false;
  const succeeded: RecordSuccess = async (tx) => {
    await recordAuditEvent(tx, event('succeeded'));
    recorded = true;
  };
  try {
    const result = await run(succeeded);
    if (!recorded) await recordAuditEvent(deps.db, event('succeeded'));
    return result;
  } catch (error) {
    if (error instanceof AppError) {
      const failed = error.code === 'GatewayDeclined' || error.code === 'GatewayUnavailable';
      await recordAuditEvent(
        deps.db,
        event(failed ? 'failed' : error.code === 'Forbidden' ? 'denied' : 'refused', error),
      );
    }
    throw error;
  }
}

/**
 * Gateway work claimed under the payment's lock and not yet done: the operation is marked on the payment
 * (or, for a refund, the pending refund row reserves its amount) so nobody else can start it.
 */
export type PendingGatewayCall =
  | { kind: 'capture'; locked: PaymentForCommand; adapter: GatewayAdapter; key: string; amount: Money }
  | { kind: 'void'; locked: PaymentForCommand; adapter: GatewayAdapter; key: string }
  | {
      kind: 'refund';
      locked: PaymentForCommand;
      adapter: GatewayAdapter;
      key: string;
      amount: Money;
      refundId: number;
    };

/** The idempotency key of one gateway operation: the gateway runs it once, and finds it again by it. */
export function operationKey(kind: 'capture' | 'void', paymentId: number): string {
  return `${kind}-${paymentId}-${randomUUID()}`;
}
export const refundKey = (refundId: number) => `refund-${refundId}`;

/** Marks the operation in flight on the payment: the claim nobody else can take. */
function claimOperation(tx: Tx, payment: PaymentRow, kind: 'capture' | 'void', key: string, amount: Money | null) {
  return updatePayment(tx, payment.id, {
    operation: kind,
    operation_started_at: new Date(),
    operation_key: key,
    operation_amount: amount?.toString() ?? null,
    operation_from_status: payment.status,
  });
}

function amountRule(check: AmountCheck): Money {
  if (check.ok) return check.amount;
  throw check.code === 'InvalidArgument'
    ? invalidArgument({ amount: check.message })
    : new AppError(check.code, check.message);
}

/** Capture, phase one: the rules, then the claim. An offline method is captured here and then. */
export async function claimCapture(
  tx: Tx,
  deps: CommandDeps,
  locked: PaymentForCommand,
  requested?: string,
): Promise<{ amount: Money; pending?: PendingGatewayCall }> {
  const { payment } = locked;
  ensureAllowed('capture', payment);
  const amount = amountRule(captureAmount(moneyOf(payment, payment.total), parseAmount(requested, payment.currency)));
  const adapter = deps.gateways.forMethod(locked.method);
  if (!adapter.callsGateway) {
    await updatePayment(tx, payment.id, {
      status: 'confirmed',
      captured_amount: amount.toString(),
      message: 'Captured (offline payment)',
    });
    await recomputeOrderPaymentState(tx, payment.order_id);
    return { amount };
  }
  const key = operationKey('capture', payment.id);
  await claimOperation(tx, payment, 'capture', key, amount);
  return { amount, pending: { kind: 'capture', locked, adapter, key, amount } };
}

/** Void, phase one. `waiting` and `input` payments (and offline methods) are voided with no gateway call. */
export async function claimVoid(
  tx: Tx,
  deps: CommandDeps,
  locked: PaymentForCommand,
): Promise<PendingGatewayCall | undefined> {
  const { payment } = locked;
  const check = ensureAllowed('void', payment);
  const adapter = deps.gateways.forMethod(locked.method);
  if (check.gatewayAction === null || !adapter.callsGateway) {
    await updatePayment(tx, payment.id, { status: 'void', message: 'Voided' });
    await recomputeOrderPaymentState(tx, payment.order_id);
    return undefined;
  }
  const key = operationKey('void', payment.id);
  await claimOperation(tx, payment, 'void', key, moneyOf(payment, payment.total));
  return { kind: 'void', locked, adapter, key };
}

export interface RefundRequest {
  amount?: string;
  reason_id: number;
  note?: string;
}

export interface ClaimedRefund {
  amount: Money;
  refundId?: number;
  pending?: PendingGatewayCall;
  /** Set when the refund is above its currency's approval threshold: it waits for a second person. */
  approvalId?: number;
}

/**
 * Refund, phase one: the refund row, written under the payment's lock, reserves the amount. A refund above
 * the two-person threshold becomes a pending approval instead, which reserves its amount the same way.
 */
export async function claimRefund(
  tx: Tx,
  deps: CommandDeps,
  ctx: CommandContext,
  locked: PaymentForCommand,
  request: RefundRequest,
  options: { approved?: boolean; requestedBy?: number } = {},
): Promise<ClaimedRefund> {
  const { payment } = locked;
  ensureAllowed('refund', payment);
  const reason = await findActiveRefundReason(tx, request.reason_id);
  if (!reason) throw invalidArgument({ reason_id: 'Choose an active refund reason.' });
  const captured = moneyOf(payment, payment.captured_amount);
  const reserved = moneyOf(payment, payment.refunded_amount).plus(
    moneyOf(payment, await reservedRefundTotal(tx, payment.id)),
  );
  const amount = amountRule(refundAmount(captured, reserved, parseAmount(request.amount, payment.currency)));

  if (!options.approved) {
    const threshold = (await getSetting(tx, 'refund_approval_thresholds'))[payment.currency];
    if (threshold !== undefined && amount.gt(Money.of(threshold, payment.currency))) {
      const approval = await insertRefundApproval(tx, {
        payment_id: payment.id,
        amount: amount.toString(),
        currency: payment.currency,
        reason_id: reason.id,
        note: request.note ?? '',
        requested_by: ctx.staff.id,
      });
      return { amount, approvalId: approval.id };
    }
  }

  const refund = await insertRefund(tx, {
    payment_id: payment.id,
    amount: amount.toString(),
    currency: payment.currency,
    reason_id: reason.id,
    note: request.note ?? '',
    staff_user_id: options.requestedBy ?? ctx.staff.id,
  });
  const adapter = deps.gateways.forMethod(locked.method);
  if (!adapter.callsGateway) {
    await recordRefundSuccess(tx, payment, refund.id, amount, null, 'Refunded (offline payment)');
    return { amount, refundId: refund.id };
  }
  return {
    amount,
    refundId: refund.id,
    pending: { kind: 'refund', locked, adapter, key: refundKey(refund.id), amount, refundId: refund.id },
  };
}

/**
 * Phases two and three: call the gateway with no transaction open, then record the answer under the
 * payment's lock — the log entry, the payment's new state, the order's payment state — in one transaction.
 */
export async function completeGatewayCall(
  deps: CommandDeps,
  pending: PendingGatewayCall,
  succeeded?: RecordSuccess,
): Promise<GatewayResponse> {
  const { locked, adapter } = pending;
  const { payment } = locked;
  const options = gatewayOptions(locked, pending.key);
  const result = await callGateway(() => {
    switch (pending.kind) {
      case 'capture':
        return adapter.capture(pending.amount.toMinor(), payment.transaction_id ?? '', options);
      case 'void':
        return adapter.void(payment.transaction_id ?? '', {
          ...options,
          amount: moneyOf(payment, payment.total).toMinor(),
        });
      case 'refund':
        return adapter.refund(pending.amount.toMinor(), payment.transaction_id ?? '', options);
    }
  });
  const { outcome, message, authorization } = result.response;

  await deps.db.transaction().execute(async (tx) => {
    const current = await lockOr404(tx, payment.id);
    const amount = pending.kind === 'void' ? null : pending.amount;
    await writeLogEntry(tx, current, pending.kind, amount, result, pending.kind === 'refund' ? pending.refundId : null);
    if (pending.kind === 'refund') {
      if (outcome === 'success') {
        await recordRefundSuccess(tx, current.payment, pending.refundId, pending.amount, authorization, message);
        await succeeded?.(tx);
      } else if (outcome === 'decline') {
        await settleRefund(tx, pending.refundId, 'failed', authorization);
        await updatePayment(tx, payment.id, { message });
      } else {
        // Unknown outcome: the refund stays pending (its amount stays reserved) until reconciled.
        await updatePayment(tx, payment.id, {
          status: 'error',
          operation_from_status: current.payment.operation_from_status ?? current.payment.status,
          message,
        });
        await recomputeOrderPaymentState(tx, payment.order_id);
      }
      return;
    }
    if (outcome === 'error') {
      // Unknown outcome: the operation stays on the payment (its key, amount and former status) for reconciliation.
      await updatePayment(tx, payment.id, { status: 'error', operation_started_at: null, message });
      await recomputeOrderPaymentState(tx, payment.order_id);
      return;
    }
    let update: PaymentUpdate;
    if (pending.kind === 'capture') {
      update =
        outcome === 'success'
          ? { status: 'confirmed', captured_amount: pending.amount.toString() }
          : { status: 'rejected' };
    } else {
      // A declined void leaves the authorization as it was.
      update = outcome === 'success' ? { status: 'void' } : {};
    }
    await updatePayment(tx, payment.id, { ...update, ...IDLE, message });
    await recomputeOrderPaymentState(tx, payment.order_id);
    if (outcome === 'success') await succeeded?.(tx);
  });
  return result.response;
}

/**
 * Runs phase one in a transaction, then the gateway call; a decline or an error becomes the staff member's
 * error. `succeeded` is written in whichever transaction records the success.
 */
export async function runCommand(
  deps: CommandDeps,
  paymentId: number,
  claim: (tx: Tx, locked: PaymentForCommand) => Promise<PendingGatewayCall | undefined>,
  succeeded?: RecordSuccess,
) {
  const pending = await deps.db.transaction().execute(async (tx) => {
    const claimed = await claim(tx, await lockOr404(tx, paymentId));
    if (!claimed) await succeeded?.(tx);
    return claimed;
  });
  if (!pending) return;
  const failure = failureFor(await completeGatewayCall(deps, pending, succeeded));
  if (failure) throw failure;
}

export async function capturePayment(
  deps: CommandDeps,
  ctx: CommandContext,
  paymentId: number,
  requested?: string,
): Promise<void> {
  let amount: Money | undefined;
  await audited(deps, ctx, 'capture', paymentId, { amount: () => amount }, (succeeded) =>
    runCommand(
      deps,
      paymentId,
      async (tx, locked) => {
        const claimed = await claimCapture(tx, deps, locked, requested);
        amount = claimed.amount;
        return claimed.pending;
      },
      succeeded,
    ),
  );
}

export async function voidPayment(deps: CommandDeps, ctx: CommandContext, paymentId: number): Promise<void> {
  await audited(deps, ctx, 'void', paymentId, {}, (succeeded) =>
    runCommand(deps, paymentId, (tx, locked) => claimVoid(tx, deps, locked), succeeded),
  );
}

export async function invalidatePayment(deps: CommandDeps, ctx: CommandContext, paymentId: number): Promise<void> {
  await audited(deps, ctx, 'invalidate', paymentId, {}, (succeeded) =>
    runCommand(
      deps,
      paymentId,
      async (tx, { payment }) => {
        ensureAllowed('invalidate', payment);
        await updatePayment(tx, payment.id, { status: 'invalid', message: 'Invalidated by staff' });
        await recomputeOrderPaymentState(tx, payment.order_id);
        return undefined;
      },
      succeeded,
    ),
  );
}

/** Refunds now, or — above the approval threshold — files a pending approval and returns its id. */
export async function refundPayment(
  deps: CommandDeps,
  ctx: CommandContext,
  paymentId: number,
  request: RefundRequest,
): Promise<{ approvalId?: number }> {
  let amount: Money | undefined;
  let approvalId: number | undefined;
  await audited(
    deps,
    ctx,
    'refund',
    paymentId,
    { amount: () => amount, note: request.note ?? null, reason: () => (approvalId ? 'waiting for approval' : null) },
    (succeeded) =>
      runCommand(
        deps,
        paymentId,
        async (tx, locked) => {
          const claimed = await claimRefund(tx, deps, ctx, locked, request);
          amount = claimed.amount;
          approvalId = claimed.approvalId;
          return claimed.pending;
        },
        succeeded,
      ),
  );
  return { approvalId };
}

async function recordRefundSuccess(
  tx: Tx,
  payment: PaymentRow,
  refundId: number,
  amount: Money,
  transactionId: string | null,
  message: string,
) {
  await settleRefund(tx, refundId, 'succeeded', transactionId);
  const captured = moneyOf(payment, payment.captured_amount);
  const refunded = moneyOf(payment, payment.refunded_amount).plus(amount);
  await updatePayment(tx, payment.id, {
    refunded_amount: refunded.toString(),
    status: statusAfterRefund(captured, refunded),
    message,
  });
  await recomputeOrderPaymentState(tx, payment.order_id);
}
