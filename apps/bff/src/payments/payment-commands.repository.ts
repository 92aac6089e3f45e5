import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { PaymentMethodRow, PaymentRow, PaymentUpdate, RefundRow } from '../db/schema.ts';

export interface PaymentForCommand {
  payment: PaymentRow;
  orderNumber: string;
  method: PaymentMethodRow;
}

/** Locks the payment row for the rest of the transaction: the one place two staff members meet. */
export async function lockPayment(tx: Tx, id: number): Promise<PaymentForCommand | undefined> {
  const payment = await tx.selectFrom('payments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!payment) return undefined;
  const [order, method] = await Promise.all([
    tx.selectFrom('orders').select('number').where('id', '=', payment.order_id).executeTakeFirstOrThrow(),
    tx.selectFrom('payment_methods').selectAll().where('id', '=', payment.payment_method_id).executeTakeFirstOrThrow(),
  ]);
  return { payment, orderNumber: order.number, method };
}

export async function updatePayment(tx: Tx, id: number, update: PaymentUpdate): Promise<void> {
  await tx.updateTable('payments').set({ ...update, modified_at: new Date() }).where('id', '=', id).execute();
}

/** What is reserved but not yet refunded: refunds waiting for the gateway, and refunds waiting for approval. */
export async function reservedRefundTotal(tx: Tx, paymentId: number): Promise<string> {
  const row = await tx
    .selectNoFrom((eb) => [
      sql<string>`${eb
        .selectFrom('refunds')
        .select(sql`coalesce(sum(amount), 0)`.as('s'))
        .where('payment_id', '=', paymentId)
        .where('status', '=', 'pending')} + ${eb
        .selectFrom('refund_approvals')
        .select(sql`coalesce(sum(amount), 0)`.as('s'))
        .where('payment_id', '=', paymentId)
        .where('status', '=', 'pending')}`.as('total'),
    ])
    .executeTakeFirstOrThrow();
  return row.total;
}

export function insertRefund(
  tx: Tx,
  refund: { payment_id: number; amount: string; currency: string; reason_id: number; note: string; staff_user_id: number },
): Promise<RefundRow> {
  return tx.insertInto('refunds').values(refund).returningAll().executeTakeFirstOrThrow();
}

export async function settleRefund(tx: Tx, id: number, status: 'succeeded' | 'failed', transactionId: string | null): Promise<void> {
  await tx.updateTable('refunds').set({ status, transaction_id: transactionId, updated_at: new Date() }).where('id', '=', id).execute();
}

export function findActiveRefundReason(db: Db | Tx, id: number) {
  return db.selectFrom('refund_reasons').selectAll().where('id', '=', id).where('active', '=', true).executeTakeFirst();
}
