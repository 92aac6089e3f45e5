import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { PaymentMethodRow } from '../db/schema.ts';

export function findCarrierMethod(db: Db, id: number): Promise<PaymentMethodRow | undefined> {
  return db
    .selectFrom('payment_methods')
    .selectAll()
    .where('id', '=', id)
    .where('type', '=', 'carrier')
    .executeTakeFirst() as Promise<PaymentMethodRow | undefined>;
}

/** Whether the operator's notification `notificationId` was already recorded on the payment (a repeat). */
export async function notificationRecorded(tx: Tx, paymentId: number, notificationId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('log_entries')
    .select('id')
    .where('payment_id', '=', paymentId)
    .where(sql<string>`params->>'notification_id'`, '=', notificationId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The payment's refund the operator knows by `operatorRefundId`, if its answer reached Paydesk. */
export async function refundByOperatorId(tx: Tx, paymentId: number, operatorRefundId: string): Promise<number | null> {
  const row = await tx
    .selectFrom('refunds')
    .select('id')
    .where('payment_id', '=', paymentId)
    .where('transaction_id', '=', operatorRefundId)
    .executeTakeFirst();
  return row?.id ?? null;
}
