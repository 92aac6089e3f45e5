import type { GatewayWebhookAnswer } from '@paydesk/contract';
import { Money, transition, type GatewayReport, type PaymentState } from '@paydesk/domain';
import type { WebhookEventOutcome } from '../db/schema.ts';
import {
  type ChargeSummary,
  type GatewayAdapter,
  type GatewayNotification,
  WebhookSignatureError,
} from '../gateways/gateway.ts';
import { AppError, invalidArgument, notFound } from '../http/errors.ts';
import { findPaymentMethod } from '../payment-methods/payment-methods.repository.ts';
import { applyTransition } from '../payments/apply-transition.ts';
import type { PaymentForCommand } from '../payments/payment-commands.repository.ts';
import {
  callGateway,
  gatewayOptions,
  lockOr404,
  writeLogEntry,
  type CommandDeps,
} from '../payments/payment-commands.ts';
import { loadPaymentState, moneyOf } from '../payments/payment-state.ts';
import { reconcilePayment } from '../reconciliation/reconciler.ts';
import {
  findPaymentForCharge,
  insertGatewayRefund,
  recordWebhookEvent,
  webhookEventSeen,
} from './webhook-events.repository.ts';

/**
 * A gateway's webhooks (`POST /api/webhooks/<method type>/<payment method id>`): the event is verified over the raw
 * body by the method's adapter, then — whatever it says — the charge is retrieved for the truth and the payment
 * catches up with it through the state machine (`gateway_reported`), as if Paydesk had seen the answer itself: a
 * refund made in the gateway's dashboard becomes a refund with a log entry, the order's payment state and the
 * storefront's callback follow. Each event id is applied once; a repeated or out-of-order event finds nothing new.
 */

/** The contract's GatewayWebhookAnswer: an event applied, or why not. */
export type WebhookAnswer = GatewayWebhookAnswer;
export type WebhookOutcome = WebhookAnswer['outcome'];

/** Waits for a call of Paydesk's own on the payment; the gateway sends the event again later. */
const stillOpen = () =>
  new AppError('Unavailable', 'A gateway call of this payment has not been answered yet; send the event again later.');

export async function receiveWebhook(
  deps: CommandDeps,
  methodType: string,
  methodId: number,
  rawBody: Buffer,
  headers: Record<string, string | string[] | undefined>,
): Promise<WebhookAnswer> {
  const method = await findPaymentMethod(deps.db, methodId);
  if (!method || method.type !== methodType) throw notFound('payment method');
  const adapter = deps.gateways.forMethod(method);
  if (!adapter.readWebhook) throw notFound('webhook endpoint');
  let notification: GatewayNotification;
  try {
    notification = adapter.readWebhook(rawBody, headers);
  } catch (error) {
    if (error instanceof WebhookSignatureError) throw invalidArgument({ signature: error.message });
    throw error;
  }
  const answer = (outcome: WebhookOutcome): WebhookAnswer => ({
    received: true,
    event_id: notification.id,
    type: notification.type,
    outcome,
  });
  if (!notification.about) return answer('ignored');
  if (await webhookEventSeen(deps.db, method.id, notification.id)) return answer('duplicate');
  const record = { payment_method_id: method.id, event_id: notification.id, event_type: notification.type };
  const paymentId = await findPaymentForCharge(deps.db, method.id, notification.chargeId, notification.operationKey);
  if (paymentId === null) {
    const first = await recordWebhookEvent(deps.db, { ...record, payment_id: null, outcome: 'no_payment' });
    return answer(first ? 'no_payment' : 'duplicate');
  }

  if (notification.about === 'dispute')
    return answer(await recordDispute(deps, adapter, paymentId, notification, record));

  // Paydesk's own unknown outcomes are settled first (reconciliation asks the gateway); then the event applies.
  for (let attempt = 0; ; attempt++) {
    const outcome = await catchUp(deps, adapter, paymentId, notification, record);
    if (outcome !== 'busy') return answer(outcome);
    if (attempt > 0) throw stillOpen();
    await reconcilePayment(deps, paymentId);
  }
}

/**
 * A dispute opened or closed: the charge is retrieved first (it must be one Stripe holds as disputed), then the
 * state machine records the dispute — refunds are refused while it is open — unless a later report is known.
 */
async function recordDispute(
  deps: CommandDeps,
  adapter: GatewayAdapter,
  paymentId: number,
  notification: GatewayNotification,
  record: { payment_method_id: number; event_id: string; event_type: string },
): Promise<WebhookOutcome> {
  const reported = notification.dispute;
  if (!reported) return 'ignored';
  const snapshot = await deps.db.transaction().execute((tx) => lockOr404(tx, paymentId));
  const { result, charge } = await retrieveCharge(adapter, snapshot, notification);
  return deps.db.transaction().execute(async (tx) => {
    const current = await lockOr404(tx, paymentId);
    const state = await loadPaymentState(tx, current, adapter);
    const dispute = {
      id: reported.id,
      status: reported.status,
      amount: Money.fromMinor(reported.amount, current.payment.currency),
      reason: reported.reason,
      at: notification.createdAt,
    };
    const decided = transition(state, { type: 'dispute_reported', dispute });
    if (!decided.ok) throw new Error(`The state machine refused a dispute: ${decided.message}`);
    const changed = Object.keys(decided.change).length > 0;
    const outcome: WebhookEventOutcome = !charge.disputed ? 'disagrees' : changed ? 'applied' : 'no_change';
    if (!(await recordWebhookEvent(tx, { ...record, payment_id: paymentId, outcome }))) return 'duplicate';
    if (outcome === 'no_change') return outcome;
    const message =
      outcome === 'disagrees'
        ? `The gateway does not hold this charge as disputed (${notification.type} ${reported.id})`
        : `${decided.message} (${notification.type})`;
    await writeLogEntry(
      tx,
      current,
      'retrieve',
      dispute.amount,
      {
        response: {
          ...result.response,
          message,
          params: { ...result.response.params, dispute_id: reported.id, dispute_status: reported.status },
        },
        durationMs: result.durationMs,
      },
      null,
      outcome === 'disagrees',
    );
    if (outcome === 'applied') await applyTransition(tx, current, state, decided, { message });
    return outcome;
  });
}

/** The charge's totals in the payment's currency. */
/** The truth of the event's charge, asked of the gateway before anything changes; 503 while it cannot say. */
async function retrieveCharge(
  adapter: GatewayAdapter,
  snapshot: PaymentForCommand,
  notification: GatewayNotification,
): Promise<{ result: Awaited<ReturnType<typeof callGateway>>; charge: ChargeSummary }> {
  const chargeId = snapshot.payment.transaction_id ?? notification.chargeId ?? '';
  const result = await callGateway(() =>
    adapter.retrieve(chargeId, gatewayOptions(snapshot, `webhook-${notification.id}`)),
  );
  const charge = result.response.charge;
  if (!charge) {
    throw new AppError(
      'Unavailable',
      `The charge could not be retrieved from the gateway (${result.response.message}); send the event again later.`,
    );
  }
  return { result, charge };
}

function reportOf(locked: PaymentForCommand, charge: ChargeSummary): GatewayReport {
  const { currency } = locked.payment;
  return {
    captured: Money.fromMinor(charge.captured, currency),
    refunded: Money.fromMinor(charge.refunded, currency),
    released: charge.released,
    failed: charge.failed,
  };
}

/** The gateway holds less than Paydesk recorded (a refund that failed after it succeeded, say): for staff to look at. */
function disagrees(state: PaymentState, report: GatewayReport): boolean {
  if (report.failed) return state.captured.isPositive();
  return report.captured.lt(state.captured) || report.refunded.lt(state.refunded);
}

async function catchUp(
  deps: CommandDeps,
  adapter: GatewayAdapter,
  paymentId: number,
  notification: GatewayNotification,
  record: { payment_method_id: number; event_id: string; event_type: string },
): Promise<WebhookOutcome | 'busy'> {
  const snapshot = await deps.db.transaction().execute((tx) => lockOr404(tx, paymentId));
  if (snapshot.payment.operation !== null) return 'busy';
  const { result, charge } = await retrieveCharge(adapter, snapshot, notification);
  return deps.db.transaction().execute(async (tx) => {
    const current = await lockOr404(tx, paymentId);
    const state = await loadPaymentState(tx, current, adapter);
    const report = reportOf(current, charge);
    const decided = transition(state, { type: 'gateway_reported', report });
    if (!decided.ok) return 'busy';
    const changed = Object.keys(decided.change).length > 0;
    const outcome: WebhookEventOutcome = changed ? 'applied' : disagrees(state, report) ? 'disagrees' : 'no_change';
    if (!(await recordWebhookEvent(tx, { ...record, payment_id: paymentId, outcome }))) return 'duplicate';
    if (outcome === 'no_change') return outcome;

    const effect = decided.effect;
    const refundId =
      effect?.kind === 'refund_settled'
        ? await insertGatewayRefund(tx, {
            payment_id: paymentId,
            amount: effect.amount.toString(),
            currency: current.payment.currency,
            note: `Refunded outside Paydesk (${notification.type} ${notification.id})`,
          })
        : null;
    const message =
      outcome === 'disagrees'
        ? `The gateway holds less than Paydesk recorded: captured ${report.captured}, refunded ${report.refunded} (${notification.type})`
        : `${decided.message} (${notification.type})`;
    const amount =
      effect?.kind === 'refund_settled'
        ? effect.amount
        : decided.change.captured
          ? decided.change.captured
          : moneyOf(current.payment, current.payment.total);
    await writeLogEntry(
      tx,
      current,
      'retrieve',
      amount,
      { response: { ...result.response, message }, durationMs: result.durationMs },
      refundId,
      outcome === 'disagrees',
    );
    if (changed) await applyTransition(tx, current, state, decided, { message });
    return outcome;
  });
}
