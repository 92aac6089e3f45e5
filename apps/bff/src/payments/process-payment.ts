import type { CardInput, GatewayResponse } from '../gateways/gateway.ts';
import { completeGatewayCall, lockOr404, type CommandDeps, type RecordSuccess, runEvent } from './payment-commands.ts';

/**
 * Authorize or purchase a new payment (`waiting`): claim, call, record — as every gateway operation is, through
 * the state machine. The card is passed to the gateway call only. Used by the storefronts' intake and by
 * staff-entered payments; `succeeded` is written in the transaction that records a success. Returns the
 * gateway's answer.
 */
export async function processPayment(
  deps: CommandDeps,
  paymentId: number,
  autoCapture: boolean,
  card: CardInput | undefined,
  succeeded?: RecordSuccess,
): Promise<GatewayResponse | undefined> {
  const claimed = await deps.db
    .transaction()
    .execute(async (tx) =>
      runEvent(
        tx,
        deps,
        await lockOr404(tx, paymentId),
        { type: 'process', action: autoCapture ? 'purchase' : 'authorize' },
        { card },
      ),
    );
  if (!claimed.pending) return undefined;
  return completeGatewayCall(deps, claimed.pending, succeeded);
}
