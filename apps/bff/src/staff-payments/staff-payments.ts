import {
  formatAmount,
  Money,
  MoneyError,
  newPaymentIdentifier,
  orderBalance,
  PAYMENT_METHOD_TYPES,
  scrubCardData,
  staffPaymentInput,
  type OrderBalance,
} from '@paydesk/domain';
import { recordAuditEvent, type NewAuditEvent } from '../audit-events/audit-events.repository.ts';
import type { Db, Tx } from '../db/database.ts';
import type { OrderRow, PaymentMethodRow } from '../db/schema.ts';
import type { CardInput } from '../gateways/gateway.ts';
import { AppError, invalidArgument, notFound } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import { recomputeOrderPaymentState } from '../orders/orders.repository.ts';
import { failureFor, type CommandContext, type CommandDeps } from '../payments/payment-commands.ts';
import { processPayment } from '../payments/process-payment.ts';
import { getSetting } from '../settings/settings.repository.ts';
import { staffPaymentBody } from '@paydesk/contract';
import type { z } from 'zod';
import { cardBrand, cardExpired } from '../transactions/card.ts';
import {
  findOrderForPayment,
  findPaymentMethod,
  insertPayment,
  latestBilling,
  listAdminMethods,
  lockOrder,
  paymentsOfOrder,
  type OrderPaymentRow,
} from './staff-payments.repository.ts';

/** The body as parsed (trimmed), which the checks below read. */
type ParsedStaffPayment = z.output<typeof staffPaymentBody>;

/**
 * Staff-entered payments (`POST /api/orders/<id>/payments`): a replacement card after a decline, a check, a
 * payment taken by phone. A payment on a complete order for at most what is left to pay, with an active method
 * available to admin; processed as the intake's payments are — authorize or purchase as the method's
 * auto-capture says, through the state machine — and audited. Its body is the contract's staffPaymentBody.
 */

/** What identifies a repeated request without the card's secrets: hashed for the Idempotency-Key, never kept. */
export function staffPaymentFingerprint(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { card, ...rest } = body as Record<string, unknown>;
  if (typeof card !== 'object' || card === null) return body;
  const { number, cvv: _cvv, ...kept } = card as Record<string, unknown>;
  return { ...rest, card: { ...kept, last4: typeof number === 'string' ? number.slice(-4) : null } };
}

/** Method types staff may take a payment with (a carrier charge needs the buyer's phone). */
const STAFF_METHOD_TYPES = PAYMENT_METHOD_TYPES.filter((type) => staffPaymentInput(type) !== null);

function balanceOf(order: OrderRow, payments: OrderPaymentRow[]): OrderBalance {
  const money = (value: string) => Money.of(formatAmount(value, order.currency), order.currency);
  return orderBalance({
    currency: order.currency,
    total: money(order.total),
    payments: payments.map((p) => ({
      status: p.status,
      total: money(p.total),
      captured_amount: money(p.captured_amount),
    })),
  });
}

function requireComplete(order: OrderRow): void {
  if (order.state !== 'complete') {
    throw new AppError(
      'InvalidState',
      `Payments are added to complete orders only; order ${order.number} is ${order.state === 'cart' ? 'a cart' : order.state}.`,
    );
  }
}

function methodProblem(method: PaymentMethodRow | undefined): string | null {
  if (!method) return 'No such payment method.';
  if (!method.active) return `${method.name} is inactive: it takes no new payments.`;
  if (!method.available_to_admin) return `${method.name} is not available to staff.`;
  if (staffPaymentInput(method.type) === null) {
    return `${method.name} is carrier billing: the buyer confirms it on their own phone, so staff cannot take it.`;
  }
  return null;
}

/** The card or token a method takes, and nothing it does not. */
function inputProblems(method: PaymentMethodRow, input: ParsedStaffPayment): Record<string, string> {
  const problems: Record<string, string> = {};
  const takes = staffPaymentInput(method.type);
  if (takes === 'card') {
    if (input.payment_token) problems.payment_token = `${method.name} takes a card, not a payment token.`;
    if (!input.card) problems.card = `This field is required for ${method.name}.`;
    else if (cardExpired(input.card)) problems['card.exp_year'] = 'The card has expired.';
  } else if (takes === 'token') {
    if (input.card) problems.card = `${method.name} takes a payment_token made by Stripe.js, never a card number.`;
    else if (!input.payment_token) problems.payment_token = `This field is required for ${method.name}.`;
  } else {
    if (input.card) problems.card = `${method.name} is an offline payment: it takes no card.`;
    if (input.payment_token)
      problems.payment_token = `${method.name} is an offline payment: it takes no payment token.`;
  }
  return problems;
}

function amountProblem(amount: Money | string, balance: OrderBalance): string | null {
  if (typeof amount === 'string') return amount;
  if (!amount.isPositive()) return 'Must be greater than 0.';
  if (amount.lte(balance.payable)) return null;
  const { currency } = amount;
  if (balance.held.isZero()) return `Must be at most the balance due, ${balance.balanceDue.toString()} ${currency}.`;
  return `Must be at most ${balance.payable.toString()} ${currency}: of the balance due (${balance.balanceDue.toString()} ${currency}), ${balance.held.toString()} ${currency} is held by payments not yet settled. Invalidate, void or reconcile them first.`;
}

function parseAmount(value: string, currency: string): Money | string {
  try {
    return Money.of(value, currency);
  } catch (error) {
    if (error instanceof MoneyError) return error.message;
    throw error;
  }
}

/** Checks everything but the balance's last word (that is read again under the order's lock). */
async function validate(db: Db, order: OrderRow, input: ParsedStaffPayment) {
  const method = await findPaymentMethod(db, input.payment_method_id);
  const problems: Record<string, string> = {};
  const unusable = methodProblem(method);
  if (unusable) problems.payment_method_id = unusable;
  else Object.assign(problems, inputProblems(method!, input));
  const amount = parseAmount(input.amount, order.currency);
  const tooMuch = amountProblem(amount, balanceOf(order, await paymentsOfOrder(db, order.id)));
  if (tooMuch) problems.amount = tooMuch;
  if (Object.keys(problems).length > 0) throw invalidArgument(problems);
  return { method: method!, amount: amount as Money };
}

function gatewayCard(input: ParsedStaffPayment): CardInput | undefined {
  if (input.payment_token) return { token: input.payment_token };
  if (!input.card) return undefined;
  return {
    number: input.card.number,
    month: input.card.exp_month,
    year: input.card.exp_year,
    verification_value: input.card.cvv,
    name: input.card.name,
  };
}

/** Writes the new payment (`waiting`) under the order's lock, after checking the balance once more. */
async function insertUnderLock(
  tx: Tx,
  ctx: CommandContext,
  orderId: number,
  method: PaymentMethodRow,
  amount: Money,
  input: ParsedStaffPayment,
): Promise<number> {
  const order = await lockOrder(tx, orderId);
  if (!order) throw notFound('order');
  requireComplete(order);
  const tooMuch = amountProblem(amount, balanceOf(order, await paymentsOfOrder(tx, orderId)));
  if (tooMuch) throw invalidArgument({ amount: tooMuch });
  const billing = await latestBilling(tx, orderId);
  const card = input.card;
  const paymentId = await insertPayment(tx, {
    identifier: newPaymentIdentifier(),
    order_id: orderId,
    payment_method_id: method.id,
    description: `Added by ${ctx.staff.full_name}`,
    status: 'waiting',
    currency: order.currency,
    total: amount.toString(),
    ...billing,
    billing_email: billing?.billing_email || order.email,
    // Only what may be kept: brand, last four, expiry. The number and CVV go to the gateway call alone.
    card_brand: card ? cardBrand(card.number) : null,
    card_last4: card ? card.number.slice(-4) : null,
    card_exp_month: card?.exp_month ?? null,
    card_exp_year: card?.exp_year ?? null,
    extra_data: JSON.stringify({ entered_by: ctx.staff.id }),
  });
  await recomputeOrderPaymentState(tx, orderId);
  return paymentId;
}

/**
 * Adds a payment to an order and processes it; returns its id. Audited whatever the outcome: a success in the
 * transaction that records it; a refusal (on the order, before any payment exists) or a gateway failure (on the
 * new payment) once it is known. A decline is 402 GatewayDeclined, a timeout 502 GatewayUnavailable.
 */
export async function addStaffPayment(
  deps: CommandDeps,
  ctx: CommandContext,
  orderId: number,
  body: unknown,
): Promise<number> {
  let paymentId: number | undefined;
  let amount: Money | undefined;
  let order: OrderRow | undefined;
  let method: PaymentMethodRow | undefined;
  const note = typeof (body as { note?: unknown } | null)?.note === 'string' ? (body as { note: string }).note : null;
  const event = (outcome: NewAuditEvent['outcome'], error?: AppError): NewAuditEvent => ({
    staff_user_id: ctx.staff.id,
    action: 'orders.add-payment',
    resource: paymentId === undefined ? 'orders' : 'payments',
    record_id: String(paymentId ?? orderId),
    outcome,
    amount: amount?.toString() ?? null,
    currency: amount?.currency ?? null,
    reason: error
      ? `${error.code}: ${error.message}`
      : order && method
        ? `Added to order ${order.number} with ${method.name}`
        : null,
    note: note === null ? null : String(scrubCardData(note.trim().slice(0, 2000))),
    idempotency_key: ctx.idempotencyKey,
    ip: ctx.ip,
    user_agent: ctx.userAgent,
  });

  let recorded = false;
  try {
    const input = parseInput(staffPaymentBody, body ?? {});
    order = await findOrderForPayment(deps.db, orderId);
    if (!order) throw notFound('order');
    requireComplete(order);
    const checked = await validate(deps.db, order, input);
    method = checked.method;
    amount = checked.amount;
    const chosen = method;
    const value = amount;
    paymentId = await deps.db.transaction().execute((tx) => insertUnderLock(tx, ctx, orderId, chosen, value, input));
    const autoCapture = method.auto_capture ?? (await getSetting(deps.db, 'store_default_auto_capture'));
    const response = await processPayment(deps, paymentId, autoCapture, gatewayCard(input), async (tx) => {
      await recordAuditEvent(tx, event('succeeded'));
      recorded = true;
    });
    const failure = response ? failureFor(response) : undefined;
    if (failure) throw failure;
    if (!recorded) await recordAuditEvent(deps.db, event('succeeded'));
    return paymentId;
  } catch (error) {
    if (error instanceof AppError) {
      const failed = error.code === 'GatewayDeclined' || error.code === 'GatewayUnavailable';
      await recordAuditEvent(deps.db, event(failed ? 'failed' : 'refused', error));
    }
    throw error;
  }
}

/** What the console's "Add payment" dialog offers: what is left to pay, and the methods staff may use. */
export async function staffPaymentOptions(db: Db, orderId: number) {
  const order = await findOrderForPayment(db, orderId);
  if (!order) throw notFound('order');
  const balance = balanceOf(order, await paymentsOfOrder(db, orderId));
  const storeDefault = await getSetting(db, 'store_default_auto_capture');
  const methods = await listAdminMethods(db, STAFF_METHOD_TYPES);
  return {
    order_id: order.id,
    state: order.state,
    currency: order.currency,
    total: formatAmount(order.total, order.currency),
    balance_due: balance.balanceDue.toString(),
    held: balance.held.toString(),
    payable: balance.payable.toString(),
    methods: methods.map((m) => ({
      id: m.id,
      name: m.name,
      type: m.type,
      input: staffPaymentInput(m.type),
      auto_capture: m.auto_capture ?? storeDefault,
    })),
  };
}
