import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { NewPayment, PaymentMethodRow, TransactionRow } from '../db/schema.ts';
import type { PaymentStatus } from '@paydesk/domain';

export type TransactionWithPayment = TransactionRow & {
  status: PaymentStatus;
  fraud_status: string;
  captured_amount: string;
  refunded_amount: string;
};

function selectTransactions(db: Db | Tx) {
  return db
    .selectFrom('transactions')
    .innerJoin('payments', 'payments.id', 'transactions.payment_id')
    .selectAll('transactions')
    .select(['payments.status', 'payments.fraud_status', 'payments.captured_amount', 'payments.refunded_amount']);
}

export function findTransactionById(db: Db, apiKeyId: number, id: number): Promise<TransactionWithPayment | undefined> {
  return selectTransactions(db)
    .where('transactions.id', '=', id)
    .where('transactions.api_key_id', '=', apiKeyId)
    .executeTakeFirst();
}

export function findTransactionByExternalId(
  db: Db,
  apiKeyId: number,
  externalId: string,
): Promise<TransactionWithPayment | undefined> {
  return selectTransactions(db)
    .where('transactions.api_key_id', '=', apiKeyId)
    .where('transactions.external_id', '=', externalId)
    .executeTakeFirst();
}

export interface TransactionListQuery {
  /** Payment statuses (those of the transaction statuses asked for); none: all. */
  paymentStatuses: PaymentStatus[] | null;
  createdGte: Date | null;
  createdLte: Date | null;
  limit: number;
  offset: number;
}

/** One API key's transactions, newest first, and how many match. */
export async function listTransactions(
  db: Db,
  apiKeyId: number,
  query: TransactionListQuery,
): Promise<{ rows: TransactionWithPayment[]; total: number }> {
  const filtered = <Q extends ReturnType<typeof selectTransactions>>(qb: Q): Q => {
    let q = qb.where('transactions.api_key_id', '=', apiKeyId);
    if (query.paymentStatuses) q = q.where('payments.status', 'in', query.paymentStatuses);
    if (query.createdGte) q = q.where('transactions.created_at', '>=', query.createdGte);
    if (query.createdLte) q = q.where('transactions.created_at', '<=', query.createdLte);
    return q as Q;
  };
  const [rows, count] = await Promise.all([
    filtered(selectTransactions(db))
      .orderBy('transactions.created_at', 'desc')
      .orderBy('transactions.id', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    filtered(selectTransactions(db)).clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The page where the buyer must act, as the gateway gave it (or null once there is nothing to do). */
export async function setPaymentUrl(db: Db | Tx, paymentId: number, url: string | null): Promise<void> {
  await db.updateTable('transactions').set({ payment_url: url }).where('payment_id', '=', paymentId).execute();
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
  transaction: Omit<TransactionRow, 'id' | 'order_id' | 'payment_id' | 'created_at' | 'payment_url'>,
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

/** The transaction a payment was made for, if it came through the transactions API. */
export function findTransactionOfPayment(tx: Tx, paymentId: number): Promise<TransactionRow | undefined> {
  return tx.selectFrom('transactions').selectAll().where('payment_id', '=', paymentId).executeTakeFirst();
}
