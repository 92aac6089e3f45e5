import type { Db, Tx } from '../db/database.ts';
import type { WebhookEventOutcome } from '../db/schema.ts';

/** Whether this method's gateway event was already applied (or found to have nothing to apply). */
export async function webhookEventSeen(db: Db, paymentMethodId: number, eventId: string): Promise<boolean> {
  const row = await db
    .selectFrom('gateway_webhook_events')
    .select('id')
    .where('payment_method_id', '=', paymentMethodId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Records the event as applied, in the transaction that applies it: false when it already was (another delivery
 * of the same event got there first; the unique index decides).
 */
export async function recordWebhookEvent(
  db: Db | Tx,
  event: {
    payment_method_id: number;
    event_id: string;
    event_type: string;
    payment_id: number | null;
    outcome: WebhookEventOutcome;
  },
): Promise<boolean> {
  const row = await db
    .insertInto('gateway_webhook_events')
    .values(event)
    .onConflict((oc) => oc.columns(['payment_method_id', 'event_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The payment a gateway event is about: by its charge id, else by Paydesk's operation key in the charge's metadata. */
export async function findPaymentForCharge(
  db: Db,
  paymentMethodId: number,
  chargeId: string | null,
  operationKey: string | null,
): Promise<number | null> {
  if (chargeId) {
    const byCharge = await db
      .selectFrom('payments')
      .select('id')
      .where('payment_method_id', '=', paymentMethodId)
      .where('transaction_id', '=', chargeId)
      .orderBy('id')
      .executeTakeFirst();
    if (byCharge) return byCharge.id;
  }
  if (operationKey) {
    const byKey = await db
      .selectFrom('payments')
      .select('id')
      .where('payment_method_id', '=', paymentMethodId)
      .where('operation_key', '=', operationKey)
      .executeTakeFirst();
    if (byKey) return byKey.id;
  }
  return null;
}

const GATEWAY_REFUND_REASON = { code: 'refunded_at_gateway', name: 'Refunded in the gateway’s dashboard' };

/**
 * A refund made outside Paydesk (in the gateway's dashboard), recorded as settled: no staff member made it, and
 * its reason is one staff cannot choose (inactive), made on first use.
 */
export async function insertGatewayRefund(
  tx: Tx,
  refund: { payment_id: number; amount: string; currency: string; note: string },
): Promise<number> {
  await tx
    .insertInto('refund_reasons')
    .values({ ...GATEWAY_REFUND_REASON, active: false })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const reason = await tx
    .selectFrom('refund_reasons')
    .select('id')
    .where('code', '=', GATEWAY_REFUND_REASON.code)
    .executeTakeFirstOrThrow();
  const row = await tx
    .insertInto('refunds')
    .values({ ...refund, reason_id: reason.id, status: 'succeeded', staff_user_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
