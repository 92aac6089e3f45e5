import { randomBytes } from 'node:crypto';
import {
  callDeadline,
  gatewayOrderId,
  Money,
  MoneyError,
  scrubCardData,
  transition,
  type GatewayAction,
  type OperationKind,
  type PaymentEvent,
  type Refusal,
} from '@paydesk/domain';
import { recordAuditEvent, type NewAuditEvent } from '../audit-events/audit-events.repository.ts';
import type { Db, Tx } from '../db/database.ts';
import type { StaffUserRow } from '../db/schema.ts';
import {
  callIsOver,
  type CardInput,
  type GatewayAdapter,
  type GatewayOptions,
  type GatewayResponse,
} from '../gateways/gateway.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';
import { AppError, invalidArgument, notFound } from '../http/errors.ts';
import { insertLogEntry } from '../log-entries/log-entries.repository.ts';
import { insertRefundApproval } from '../refund-approvals/refund-approvals.repository.ts';
import { lockRefund } from '../reconciliation/reconciliation.repository.ts';
import { setPaymentUrl } from '../transactions/transactions.repository.ts';
import { applyTransition, type ApplyOptions } from './apply-transition.ts';
import {
  findActiveRefundReason,
  insertRefund,
  lockPayment,
  setRefundDeadline,
  settleRefund,
  type PaymentForCommand,
} from './payment-commands.repository.ts';
import { loadPaymentState, moneyOf } from './payment-state.ts';
import type { PaymentWithOrder } from './payments.repository.ts';
import type { OrderPaymentWrite } from '../orders/orders.repository.ts';

export { moneyOf } from './payment-state.ts';

/**
 * The staff events of product.md, and every gateway answer to them. Every command has one shape (Spree's):
 * ask the state machine (`transition`) under the payment's row lock and apply its answer, call the gateway
 * with no transaction open, then record the answer — a log entry and the machine's next answer — in one
 * transaction. A refused command makes no gateway call and changes nothing.
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
  /** More to write in the transaction that records the gateway's answer (a capture run records its item there). */
  recorded?: RecordAnswer;
}

/** Writes, inside the transaction that records a gateway answer applied to the payment, what goes with it. */
export type RecordAnswer = (tx: Tx, answer: { response: GatewayResponse; durationMs: number }) => Promise<void>;

function parseAmount(value: string | undefined, currency: string): Money | undefined {
  if (value === undefined) return undefined;
  try {
    return Money.of(value, currency);
  } catch (error) {
    if (error instanceof MoneyError) throw invalidArgument({ amount: error.message });
    throw error;
  }
}

export function gatewayOptions(
  { payment, orderNumber }: PaymentForCommand,
  idempotencyKey: string,
  deadline: Date | null = null,
): GatewayOptions {
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
    deadline,
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

export async function lockOr404(tx: Tx, id: number, options?: { withOrder?: boolean }): Promise<PaymentForCommand> {
  const locked = await lockPayment(tx, id, options);
  if (!locked) throw notFound('payment');
  return locked;
}

/** The machine's refusal as the contract's error. */
export function refusalError(refusal: Refusal): AppError {
  return refusal.code === 'InvalidArgument'
    ? invalidArgument({ amount: refusal.message })
    : new AppError(refusal.code, refusal.message);
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
  unapplied = false,
  audit?: NewAuditEvent,
  order?: OrderPaymentWrite,
) {
  const entry = {
    payment_id: payment.id,
    refund_id: refundId,
    payment_method_id: payment.payment_method_id,
    action,
    // A carrier charge started (the buyer to confirm) is the operator saying yes to starting it.
    success: response.outcome === 'success' || (action === 'start' && response.outcome === 'pending'),
    amount: amount?.toString() ?? null,
    currency: payment.currency,
    message: String(scrubCardData(response.message)),
    authorization: response.authorization,
    error_code: response.error_code,
    avs_result: response.avs_result,
    cvv_result: response.cvv_result,
    params: JSON.stringify(scrubCardData(response.params)),
    duration_ms: durationMs,
    unapplied,
  };
  await insertLogEntry(tx, entry, audit, order);
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
export interface RecordSuccess {
  (tx: Tx): Promise<void>;
  /**
   * The audit event, for the caller to write in a statement of its own in that transaction (with the log
   * entry): it counts as written from then on.
   */
  take?: () => NewAuditEvent;
}

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
  succeeded.take = () => {
    recorded = true;
    return event('succeeded');
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

/** Gateway work the state machine started under the payment's lock, to be called with no transaction open. */
export interface PendingGatewayCall {
  kind: OperationKind | 'refund';
  locked: PaymentForCommand;
  adapter: GatewayAdapter;
  /** The idempotency key: the gateway runs the operation once, and finds it again by it. */
  key: string;
  amount: Money | null;
  /** After this the gateway must not apply the call (null: it cannot be told). */
  deadline: Date | null;
  refundId?: number;
  card?: CardInput;
}

export const refundKey = (refundId: number) => `refund-${refundId}`;
/** 128 random bits as 32 letters (a hex digit each, 0 to f as a to p): no digit in them at all. */
const randomLetters = () =>
  randomBytes(16)
    .toString('hex')
    .replace(/[0-9a-f]/g, (digit) => String.fromCharCode(97 + Number.parseInt(digit, 16)));

/**
 * The key the gateway is sent, stored and logged as sent: the card-number scrub must never find a card number
 * in it (it would store a key the gateway was never sent). Its only digits are the payment id's (at most 10):
 * a UUID's dashes would make the id and its digit groups look like one number, and its hex can hold a run of
 * 13 digits or more, so the random part is letters.
 */
export const operationKey = (kind: OperationKind, paymentId: number) =>
  kind === 'authorize' || kind === 'purchase' ? `${kind}-${paymentId}` : `${kind}-${paymentId}-${randomLetters()}`;

export interface EventOptions extends Pick<ApplyOptions, 'message' | 'note'> {
  ctx?: CommandContext;
  /** For a refund: its reason and note, and who asked (when someone else approved it). */
  refund?: { reason_id: number; note?: string; requestedBy?: number };
  card?: CardInput;
}

export interface EventResult {
  pending?: PendingGatewayCall;
  amount?: Money;
  refundId?: number;
  approvalId?: number;
  moved: 'void' | 'refund' | null;
  /** The payment as the gateway's applied answer left it, when its transaction could tell (runCommand). */
  payment?: PaymentWithOrder;
}

/** Asks the state machine about `event` on the locked payment and applies its answer; a refusal throws. */
export async function runEvent(
  tx: Tx,
  deps: CommandDeps,
  locked: PaymentForCommand,
  event: PaymentEvent,
  options: EventOptions = {},
): Promise<EventResult> {
  const { payment } = locked;
  const adapter = deps.gateways.forMethod(locked.method);
  const state = await loadPaymentState(tx, locked, adapter);
  const result = transition(state, event);
  if (!result.ok) throw refusalError(result);
  const staffId = options.ctx?.staff.id ?? null;
  const { effect } = result;
  const out: EventResult = { moved: null };
  let key: string | undefined;

  if (effect?.kind === 'call') {
    key = operationKey(effect.operation, payment.id);
    out.amount = effect.amount ?? moneyOf(payment, payment.total);
    out.moved = effect.operation === 'void' ? 'void' : null;
    out.pending = {
      kind: effect.operation,
      locked,
      adapter,
      key,
      amount: effect.amount,
      deadline: result.change.operation?.deadline ?? null,
      card: options.card,
    };
  } else if (effect?.kind === 'resend') {
    throw new Error('Only reconciliation sends an operation again.');
  } else if (effect) {
    out.amount = effect.amount;
    const request = options.refund;
    if (!request) throw new Error('A refund needs its reason.');
    const reason = await findActiveRefundReason(tx, request.reason_id);
    if (!reason) throw invalidArgument({ reason_id: 'Choose an active refund reason.' });
    const row = {
      payment_id: payment.id,
      amount: effect.amount.toString(),
      currency: payment.currency,
      reason_id: reason.id,
      note: String(scrubCardData(request.note ?? '')),
    };
    if (effect.kind === 'await_approval') {
      const approval = await insertRefundApproval(tx, { ...row, requested_by: staffId ?? 0 });
      out.approvalId = approval.id;
    } else {
      const deadline = callDeadline(state);
      const refund = await insertRefund(tx, {
        ...row,
        staff_user_id: request.requestedBy ?? staffId ?? 0,
        gateway_deadline: deadline,
      });
      out.refundId = refund.id;
      out.moved = 'refund';
      if (effect.kind === 'refund_settled') await settleRefund(tx, refund.id, 'succeeded', null);
      else
        out.pending = {
          kind: 'refund',
          locked,
          adapter,
          key: refundKey(refund.id),
          amount: effect.amount,
          deadline,
          refundId: refund.id,
        };
    }
  } else if (result.change.status === 'void') {
    out.moved = 'void';
  }
  await applyTransition(tx, locked, state, result, {
    message: options.message,
    note: options.note,
    operationKey: key,
    staffId,
  });
  return out;
}

function callFor(pending: PendingGatewayCall): () => Promise<GatewayResponse> {
  const { locked, adapter, key } = pending;
  const { payment } = locked;
  const options = gatewayOptions(locked, key, pending.deadline);
  const minor = pending.amount?.toMinor() ?? moneyOf(payment, payment.total).toMinor();
  const transactionId = payment.transaction_id ?? '';
  switch (pending.kind) {
    case 'authorize':
    case 'purchase': {
      const card = pending.card ?? { number: '', month: 0, year: 0 };
      return () => adapter[pending.kind as 'authorize' | 'purchase'](minor, card, options);
    }
    case 'capture':
      return () => adapter.capture(minor, transactionId, options);
    case 'void':
      return () => adapter.void(transactionId, { ...options, amount: moneyOf(payment, payment.total).toMinor() });
    case 'refund':
      return () => adapter.refund(minor, transactionId, options);
  }
}

/** The card's brand, last four and expiry as the gateway told them (a token's card is known only this way). */
export function cardDetailsOf(response: GatewayResponse): NonNullable<ApplyOptions['extra']> {
  const card = response.card;
  if (!card || (card.brand === null && card.last4 === null)) return {};
  return {
    card_brand: card.brand,
    card_last4: card.last4,
    card_exp_month: card.exp_month,
    card_exp_year: card.exp_year,
  };
}

/**
 * Calls the gateway with no transaction open, then records its answer under the payment's lock: the log entry,
 * and — only if the operation is still the payment's current one (its key, or its refund still pending) — the
 * state machine's answer. An answer for an operation that is no longer current is kept as an unapplied log
 * entry, shown under "Needs attention", and changes nothing else.
 */
export async function completeGatewayCall(
  deps: CommandDeps,
  pending: PendingGatewayCall,
  succeeded?: RecordSuccess,
  recorded?: RecordAnswer,
  /** Told the payment as the applied answer left it (with what its wire form needs): no read after the commit. */
  answered?: (payment: PaymentWithOrder) => void,
): Promise<GatewayResponse> {
  const result = await callGateway(callFor(pending));
  const { response } = result;
  const paymentId = pending.locked.payment.id;
  let leftAs: PaymentWithOrder | undefined;
  await deps.db.transaction().execute(async (tx) => {
    // The order's lock with the payment's: an applied answer recomputes the order's payment state.
    const current = await lockOr404(tx, paymentId, { withOrder: true });
    const refundId = pending.refundId ?? null;
    const applies =
      refundId !== null
        ? (await lockRefund(tx, refundId)).status === 'pending'
        : current.payment.operation_key === pending.key && current.payment.operation_started_at !== null;
    const started = pending.kind === 'authorize' || pending.kind === 'purchase';
    // A carrier charge waiting for the buyer is not an attempt yet: its outcome is logged when it is known.
    const action = started && response.outcome === 'pending' ? 'start' : pending.kind;
    if (!applies) {
      await writeLogEntry(tx, current, action, pending.amount, result, refundId, true);
      return;
    }
    const state = await loadPaymentState(tx, current, pending.adapter);
    const event: PaymentEvent =
      refundId !== null
        ? { type: 'refund_answered', amount: pending.amount!, outcome: response.outcome }
        : {
            type: 'operation_answered',
            outcome: response.outcome,
            fraudReview: response.fraud_review,
            callOver: callIsOver(response),
          };
    const answer = transition(state, event);
    if (!answer.ok) throw new Error(`The state machine refused a gateway answer: ${answer.message}`);
    if (refundId !== null && answer.refund) await settleRefund(tx, refundId, answer.refund, response.authorization);
    if (refundId !== null && !answer.refund && callIsOver(response)) await setRefundDeadline(tx, refundId, new Date());
    const paymentUrl = response.params.payment_url;
    if (started && response.outcome === 'pending' && typeof paymentUrl === 'string') {
      await setPaymentUrl(tx, paymentId, paymentUrl);
    }
    const reference = response.outcome === 'success' || (response.outcome === 'pending' && response.authorization);
    const logged = pending.adapter.callsGateway;
    const applied = await applyTransition(tx, current, state, answer, {
      // The order's payment state is written with the log entry, when there is one (one round trip for both).
      deferOrder: logged,
      message: response.message,
      extra: {
        ...(started && reference ? { transaction_id: response.authorization } : {}),
        ...(started ? cardDetailsOf(response) : {}),
        ...(answer.openReview === 'rule'
          ? { fraud_message: 'Held for review by the gateway’s fraud screen', risk_score: 75 }
          : {}),
      },
    });
    // A success's audit event goes in the log entry's statement when there is one (one round trip for both).
    const audit = response.outcome === 'success' && logged ? succeeded?.take?.() : undefined;
    if (response.outcome === 'success' && !audit) await succeeded?.(tx);
    await recorded?.(tx, result);
    // The log entry last: its insert adds to the monitoring rollup's row of the method's five minutes, which
    // every call of the method writes, so that row is held from here to the commit only.
    if (logged) await writeLogEntry(tx, current, action, pending.amount, result, refundId, false, audit, applied.order);
    // The answer from the row as written; a refund's answer changes what is reserved, so that one is read again.
    if (refundId === null) {
      leftAs = {
        ...applied.payment,
        order_number: current.orderNumber,
        payment_method_type: current.method.type,
        authorization_ttl_days: current.authorizationTtlDays,
        reserved_amount: state.reserved.toString(),
      };
    }
  });
  if (leftAs) answered?.(leftAs);
  return response;
}

/**
 * Runs phase one in a transaction, then the gateway call; a decline or an error becomes the staff member's
 * error. `succeeded` is written in whichever transaction records the success.
 */
export async function runCommand(
  deps: CommandDeps,
  paymentId: number,
  claim: (tx: Tx, locked: PaymentForCommand) => Promise<EventResult>,
  succeeded?: RecordSuccess,
  recorded?: RecordAnswer,
): Promise<EventResult> {
  const claimed = await deps.db.transaction().execute(async (tx) => {
    const result = await claim(tx, await lockOr404(tx, paymentId));
    if (!result.pending) await succeeded?.(tx);
    return result;
  });
  if (!claimed.pending) return claimed;
  const response = await completeGatewayCall(deps, claimed.pending, succeeded, recorded, (payment) => {
    claimed.payment = payment;
  });
  const failure = failureFor(response);
  if (failure) throw failure;
  return claimed;
}

/** A staff event: audited, run through the state machine, its gateway call made. */
async function staffCommand(
  deps: CommandDeps,
  ctx: CommandContext,
  action: string,
  paymentId: number,
  event: (locked: PaymentForCommand) => PaymentEvent,
  options: EventOptions = {},
  details: { reason?: (r: EventResult | undefined) => string | null } = {},
): Promise<EventResult> {
  let claimed: EventResult | undefined;
  await audited(
    deps,
    ctx,
    action,
    paymentId,
    { amount: () => claimed?.amount, note: options.note ?? null, reason: () => details.reason?.(claimed) ?? null },
    (succeeded) =>
      runCommand(
        deps,
        paymentId,
        async (tx, locked) => {
          claimed = await runEvent(tx, deps, locked, event(locked), { ...options, ctx });
          return claimed;
        },
        succeeded,
        ctx.recorded,
      ),
  );
  return claimed!;
}

/** Captures; answers the payment as the capture left it when its last transaction could tell. */
export async function capturePayment(
  deps: CommandDeps,
  ctx: CommandContext,
  paymentId: number,
  requested?: string,
): Promise<PaymentWithOrder | undefined> {
  const result = await staffCommand(deps, ctx, 'capture', paymentId, ({ payment }) => ({
    type: 'capture',
    amount: parseAmount(requested, payment.currency),
  }));
  return result.payment;
}

export async function voidPayment(deps: CommandDeps, ctx: CommandContext, paymentId: number): Promise<void> {
  await staffCommand(deps, ctx, 'void', paymentId, () => ({ type: 'void' }));
}

export async function invalidatePayment(deps: CommandDeps, ctx: CommandContext, paymentId: number): Promise<void> {
  await staffCommand(deps, ctx, 'invalidate', paymentId, () => ({ type: 'invalidate' }));
}

export interface RefundRequest {
  amount?: string;
  reason_id: number;
  note?: string;
}

/** Refunds now, or — when it needs a second person — files a pending approval and returns its id. */
export async function refundPayment(
  deps: CommandDeps,
  ctx: CommandContext,
  paymentId: number,
  request: RefundRequest,
): Promise<{ approvalId?: number }> {
  const result = await staffCommand(
    deps,
    ctx,
    'refund',
    paymentId,
    ({ payment }) => ({ type: 'refund', amount: parseAmount(request.amount, payment.currency) }),
    { refund: request, note: request.note },
    { reason: (r) => (r?.approvalId ? 'waiting for approval' : null) },
  );
  return { approvalId: result.approvalId };
}

/** Staff give up on a payment whose outcome the gateway cannot settle (never while a call is in flight). */
export async function markPaymentFailed(
  deps: CommandDeps,
  ctx: CommandContext,
  paymentId: number,
  note: string,
): Promise<void> {
  await staffCommand(deps, ctx, 'mark-failed', paymentId, () => ({ type: 'mark_failed' }), {
    note,
    message: `Marked failed by staff: ${note}`,
  });
}

/** An analyst (or admin) sends a payment to the fraud review queue by hand, with a note. */
export async function openFraudReview(
  deps: CommandDeps,
  ctx: CommandContext,
  paymentId: number,
  note: string,
): Promise<void> {
  await staffCommand(deps, ctx, 'fraud-review-open', paymentId, () => ({ type: 'open_fraud_review' }), {
    note,
    message: `Sent to fraud review: ${note}`,
  });
}
