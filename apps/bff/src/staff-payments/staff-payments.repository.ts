import type { Db, Tx } from '../db/database.ts';
import type { NewPayment, OrderRow, PaymentMethodRow, PaymentRow } from '../db/schema.ts';

/** What an order's balance is made of: each payment's status, total and captured amount. */
export type OrderPaymentRow = Pick<PaymentRow, 'status' | 'total' | 'captured_amount'>;

export function findOrderForPayment(db: Db | Tx, id: number): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the order row: two staff adding payments to one order take turns, each seeing the other's payment. */
export function lockOrder(tx: Tx, id: number): Promise<OrderRow | undefined> {
  return tx.selectFrom('orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function paymentsOfOrder(db: Db | Tx, orderId: number): Promise<OrderPaymentRow[]> {
  return db
    .selectFrom('payments')
    .select(['status', 'total', 'captured_amount'])
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
}

/** The billing details of the order's latest payment, for the gateway to see the same buyer again. */
export function latestBilling(tx: Tx, orderId: number) {
  return tx
    .selectFrom('payments')
    .select([
      'billing_first_name',
      'billing_last_name',
      'billing_address_1',
      'billing_address_2',
      'billing_city',
      'billing_postcode',
      'billing_country_code',
      'billing_country_area',
      'billing_email',
    ])
    .where('order_id', '=', orderId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findPaymentMethod(db: Db | Tx, id: number): Promise<PaymentMethodRow | undefined> {
  return db.selectFrom('payment_methods').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Active methods staff may use, of the given types, by name. */
export function listAdminMethods(db: Db, types: readonly string[]): Promise<PaymentMethodRow[]> {
  return db
    .selectFrom('payment_methods')
    .selectAll()
    .where('active', '=', true)
    .where('available_to_admin', '=', true)
    .where('type', 'in', [...types])
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function insertPayment(tx: Tx, payment: NewPayment): Promise<number> {
  const { id } = await tx.insertInto('payments').values(payment).returning('id').executeTakeFirstOrThrow();
  return id;
}
