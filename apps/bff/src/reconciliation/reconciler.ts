import { callDeadline, transition, type PaymentEvent, type Reconciled } from '@paydesk/domain';
import type { Tx } from '../db/database.ts';
import type { RefundRow } from '../db/schema.ts';
import type { GatewayAdapter, GatewayResponse } from '../gateways/gateway.ts';
import type { JobOutcome } from '../jobs/worker.ts';
import { applyTransition } from '../payments/apply-transition.ts';
import {
  callGateway,
  completeGatewayCall,
  gatewayOptions,
  lockOr404,
  moneyOf,
  refundKey,
  writeLogEntry,
  type CommandDeps,
  type PendingGatewayCall,
} from '../payments/payment-commands.ts';
import { setRefundDeadline, settleRefund, type PaymentForCommand } from '../payments/payment-commands.repository.ts';
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
    const askedAt = new Date();
    const result = await callGateway(() =>
      adapter.retrieve(payment.transaction_id ?? '', gatewayOptions(snapshot, key)),
    );
    const resend = await deps.db.transaction().execute(async (tx) => {
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
        return null;
      }
      const state = await loadPaymentState(tx, current, adapter);
      const answer = transition(state, { type: 'operation_reconciled', outcome, askedAt });
      if (!answer.ok) throw new Error(`The state machine refused a reconciliation: ${answer.message}`);
      const started = current.payment.operation === 'authorize' || current.payment.operation === 'purchase';
      await applyTransition(tx, current, state, answer, {
        message: `Reconciled: ${result.response.message}`,
        extra:
          started && outcome === 'success' && result.response.authorization
            ? { transaction_id: result.response.authorization }
            : {},
      });
      if (answer.effect?.kind === 'resend') {
        const op = answer.change.operation;
        return {
          kind: answer.effect.operation,
          locked: current,
          adapter,
          key,
          amount: answer.effect.amount,
          deadline: op?.deadline ?? null,
        } satisfies PendingGatewayCall;
      }
      if (answer.change.status === undefined && answer.change.operation === undefined) unknown = true;
      return null;
    });
    if (resend && (await completeGatewayCall(deps, resend)).outcome === 'error') unknown = true;
  }

  for (const refund of refunds) {
    const askedAt = new Date();
    const result = await callGateway(() =>
      adapter.retrieve(
        payment.transaction_id ?? '',
        gatewayOptions(snapshot, refundKey(refund.id), refund.gateway_deadline),
      ),
    );
    const resend = await deps.db.transaction().execute(async (tx) => {
      const current = await lockOr404(tx, paymentId);
      await writeLogEntry(tx, current, 'retrieve', moneyOf(current.payment, refund.amount), result, refund.id);
      if ((await lockRefund(tx, refund.id)).status !== 'pending') return { settled: true } as const;
      return settleUnknownRefund(tx, current, refund, result.response, askedAt, adapter);
    });
    if ('pending' in resend) {
      if ((await completeGatewayCall(deps, resend.pending)).outcome === 'error') unknown = true;
    } else if (!resend.settled) unknown = true;
  }
  return unknown ? 'unknown' : 'settled';
}

async function settleUnknownRefund(
  tx: Tx,
  current: PaymentForCommand,
  refund: RefundRow,
  response: GatewayResponse,
  askedAt: Date,
  adapter: GatewayAdapter,
): Promise<{ settled: boolean } | { pending: PendingGatewayCall }> {
  const outcome = reconciled(response);
  if (outcome === 'unknown') return { settled: false };
  const state = await loadPaymentState(tx, current, adapter);
  const amount = moneyOf(current.payment, refund.amount);
  const event: PaymentEvent = {
    type: 'refund_reconciled',
    amount,
    outcome,
    askedAt,
    deadline: refund.gateway_deadline,
  };
  const answer = transition(state, event);
  if (!answer.ok) throw new Error(`The state machine refused a reconciliation: ${answer.message}`);
  if (answer.effect?.kind === 'resend') {
    // Sent again under the refund's own key: the gateway refunds it at most once, whenever the first call lands.
    const deadline = callDeadline(state);
    await setRefundDeadline(tx, refund.id, deadline);
    return {
      pending: {
        kind: 'refund',
        locked: current,
        adapter,
        key: refundKey(refund.id),
        amount,
        deadline,
        refundId: refund.id,
      },
    };
  }
  if (answer.refund) await settleRefund(tx, refund.id, answer.refund, response.authorization);
  await applyTransition(tx, current, state, answer, { message: `Reconciled: ${response.message}` });
  return { settled: true };
}

/** The background sweep: every payment with an unknown outcome, a few at a time. */
export function reconcileSweep(deps: CommandDeps, batch = 50) {
  return async (): Promise<JobOutcome> => {
    for (const id of await paymentsToReconcile(deps.db, batch)) await reconcilePayment(deps, id);
    return { done: true };
  };
}
