import { transition, type PaymentEvent, type Reconciled } from '@paydesk/domain';
import type { Tx } from '../db/database.ts';
import type { RefundRow } from '../db/schema.ts';
import type { GatewayResponse } from '../gateways/gateway.ts';
import type { JobOutcome } from '../jobs/worker.ts';
import { applyTransition } from '../payments/apply-transition.ts';
import {
  callGateway,
  gatewayOptions,
  lockOr404,
  moneyOf,
  refundKey,
  writeLogEntry,
  type CommandDeps,
} from '../payments/payment-commands.ts';
import { settleRefund, type PaymentForCommand } from '../payments/payment-commands.repository.ts';
import { loadPaymentState } from '../payments/payment-state.ts';
import { lockRefund, paymentsToReconcile, STUCK_AFTER_MINUTES, unknownRefunds } from './reconciliation.repository.ts';

export type Settlement = 'settled' | 'unknown' | 'nothing to do';

/** What the gateway's answer to `retrieve` says about the operation asked after. */
function reconciled(response: GatewayResponse): Reconciled {
  if (response.outcome === 'success') return 'success';
  if (response.outcome === 'decline') return 'decline';
  if (response.outcome === 'error' && response.error_code === 'not_found') return 'not_found';
  return 'unknown';
}

/**
 * Asks the gateway what happened to a payment's unknown operation and its unknown refunds, and settles each
 * through the state machine with a log entry. Safe to run twice or on two instances at once: each settlement
 * happens under the payment's lock, and only if the operation is still the one that was asked about.
 */
export async function reconcilePayment(deps: CommandDeps, paymentId: number): Promise<Settlement> {
  const snapshot = await deps.db.transaction().execute((tx) => lockOr404(tx, paymentId));
  const { payment } = snapshot;
  const adapter = deps.gateways.forMethod(snapshot.method);
  const stuck =
    payment.operation_started_at !== null &&
    payment.operation_started_at.getTime() < Date.now() - STUCK_AFTER_MINUTES * 60_000;
  const key = payment.operation_key;
  const operationUnknown =
    payment.operation !== null && key !== null && (payment.operation_started_at === null || stuck);
  const refunds = await unknownRefunds(deps.db, paymentId);
  if (!operationUnknown && refunds.length === 0) return payment.status === 'error' ? 'unknown' : 'nothing to do';

  let unknown = false;
  if (operationUnknown) {
    const result = await callGateway(() =>
      adapter.retrieve(payment.transaction_id ?? '', gatewayOptions(snapshot, key)),
    );
    await deps.db.transaction().execute(async (tx) => {
      const current = await lockOr404(tx, paymentId);
      const applies = current.payment.operation_key === key;
      const outcome = reconciled(result.response);
      // A carrier charge that waited for the buyer: the operator's answer is its attempt's outcome (monitoring).
      const op = current.payment.operation;
      const attempt = applies && outcome !== 'unknown' && current.payment.status === 'input' && op !== null;
      const action = attempt && (op === 'authorize' || op === 'purchase') ? op : 'retrieve';
      await writeLogEntry(tx, current, action, null, result, null, !applies);
      if (!applies || outcome === 'unknown') {
        unknown = true;
        return;
      }
      const state = await loadPaymentState(tx, current, !adapter.callsGateway);
      const answer = transition(state, { type: 'operation_reconciled', outcome });
      if (!answer.ok) throw new Error(`The state machine refused a reconciliation: ${answer.message}`);
      const started = current.payment.operation === 'authorize' || current.payment.operation === 'purchase';
      await applyTransition(tx, current, state, answer, {
        message: `Reconciled: ${result.response.message}`,
        extra:
          started && outcome === 'success' && result.response.authorization
            ? { transaction_id: result.response.authorization }
            : {},
      });
    });
  }

  for (const refund of refunds) {
    const result = await callGateway(() =>
      adapter.retrieve(payment.transaction_id ?? '', gatewayOptions(snapshot, refundKey(refund.id))),
    );
    const settled = await deps.db.transaction().execute(async (tx) => {
      const current = await lockOr404(tx, paymentId);
      await writeLogEntry(tx, current, 'retrieve', moneyOf(current.payment, refund.amount), result, refund.id);
      if ((await lockRefund(tx, refund.id)).status !== 'pending') return true;
      return settleUnknownRefund(tx, current, refund, result.response, !adapter.callsGateway);
    });
    if (!settled) unknown = true;
  }
  return unknown ? 'unknown' : 'settled';
}

async function settleUnknownRefund(
  tx: Tx,
  current: PaymentForCommand,
  refund: RefundRow,
  response: GatewayResponse,
  offline: boolean,
): Promise<boolean> {
  const outcome = reconciled(response);
  if (outcome === 'unknown') return false;
  const state = await loadPaymentState(tx, current, offline);
  const event: PaymentEvent = { type: 'refund_reconciled', amount: moneyOf(current.payment, refund.amount), outcome };
  const answer = transition(state, event);
  if (!answer.ok) throw new Error(`The state machine refused a reconciliation: ${answer.message}`);
  if (answer.refund) await settleRefund(tx, refund.id, answer.refund, response.authorization);
  await applyTransition(tx, current, state, answer, { message: `Reconciled: ${response.message}` });
  return true;
}

/** The background sweep: every payment with an unknown outcome, a few at a time. */
export function reconcileSweep(deps: CommandDeps, batch = 50) {
  return async (): Promise<JobOutcome> => {
    for (const id of await paymentsToReconcile(deps.db, batch)) await reconcilePayment(deps, id);
    return { done: true };
  };
}
