import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { NewPayment, PaymentMethodRow, TransactionRow } from '../db/schema.ts';

export type TransactionWithPayment = TransactionRow & { status: string; fraud_status: string };

function selectTransactions(db: Db | Tx) {
  return db
    .selectFrom('transactions')
    .innerJoin('payments', 'payments.id', 'transactions.payment_id')
    .selectAll('transactions')
    .select(['payments.status', 'payments.fraud_status']);
}

export function findTransactionByToken(
  db: Db,
  apiKeyId: number,
  token: string,
): Promise<TransactionWithPayment | undefined> {
  return selectTransactions(db)
    .where('transactions.token', '=', token)
    .where('transactions.api_key_id', '=', apiKeyId)
    .executeTakeFirst();
}

export function findTransactionByIdempotencyKey(
  db: Db,
  apiKeyId: number,
  key: string,
): Promise<TransactionWithPayment | undefined> {
  return selectTransactions(db)
    .where('transactions.api_key_id', '=', apiKeyId)
    .where('transactions.idempotency_key', '=', key)
    .executeTakeFirst();
}

/** The same request from the same key within the last minutes: a duplicate submission. */
export function findRecentDuplicate(
  db: Db,
  apiKeyId: number,
  requestHash: string,
  withinMinutes: number,
): Promise<TransactionWithPayment | undefined> {
  return selectTransactions(db)
    .where('transactions.api_key_id', '=', apiKeyId)
    .where('transactions.request_hash', '=', requestHash)
    .where('transactions.created_at', '>', sql<Date>`now() - make_interval(mins => ${withinMinutes})`)
    .executeTakeFirst();
}

export function findActiveProduct(db: Db, id: number) {
  return db.selectFrom('products').selectAll().where('id', '=', id).where('active', '=', true).executeTakeFirst();
}

/** The method that takes a pay_method: the configured one, or the first active method of a fitting type. */
export function findIntakeMethod(
  db: Db,
  types: string[],
  preferredId: number | null,
): Promise<PaymentMethodRow | undefined> {
  let query = db
    .selectFrom('payment_methods')
    .selectAll()
    .where('active', '=', true)
    .where('available_to_users', '=', true)
    .where('type', 'in', types);
  if (preferredId !== null) query = query.where('id', '=', preferredId);
  return query.orderBy('id').limit(1).executeTakeFirst();
}

export async function insertIntake(
  tx: Tx,
  order: { number: string; email: string; currency: string; total: string },
  payment: Omit<NewPayment, 'order_id'>,
  transaction: Omit<TransactionRow, 'id' | 'order_id' | 'payment_id' | 'created_at'>,
): Promise<{ orderId: number; paymentId: number; transactionId: number }> {
  const { id: orderId } = await tx
    .insertInto('orders')
    .values({
      ...order,
      item_total: order.total,
      state: 'complete',
      completed_at: new Date(),
      payment_state: 'balance_due',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: paymentId } = await tx
    .insertInto('payments')
    .values({ ...payment, order_id: orderId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: transactionId } = await tx
    .insertInto('transactions')
    .values({ ...transaction, order_id: orderId, payment_id: paymentId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { orderId, paymentId, transactionId };
}
