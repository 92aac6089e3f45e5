import { newPaymentIdentifier, type FraudStatus, type PaymentStatus } from '@paydesk/domain';
import type { Db } from '../src/db/database.ts';
import type { NewPayment, OrderRow, PaymentMethodRow, PaymentRow } from '../src/db/schema.ts';

let orderSequence = 0;

export async function givenPaymentMethod(
  db: Db,
  overrides: Partial<{
    type: string;
    name: string;
    auto_capture: boolean | null;
    active: boolean;
    preferences: Record<string, unknown>;
  }> = {},
): Promise<PaymentMethodRow> {
  const { preferences = {}, ...rest } = overrides;
  return db
    .insertInto('payment_methods')
    .values({
      type: 'bogus',
      name: 'Credit card',
      auto_capture: false,
      ...rest,
      preferences: JSON.stringify(preferences),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * A carrier method whose operator is nowhere (nothing listens on the discard port): its charges start and
 * fail at once, for tests of the intake API's shape that need no operator.
 */
export const UNREACHABLE_OPERATOR = {
  base_url: 'http://127.0.0.1:9',
  api_key: 'no-operator',
  notification_secret: 'no-operator-secret',
  timeout_ms: 1000,
};

export async function givenRefundReason(db: Db, code = 'customer_request', name = 'Customer request') {
  return db.insertInto('refund_reasons').values({ code, name }).returningAll().executeTakeFirstOrThrow();
}

export interface GivenPayment {
  status?: PaymentStatus;
  fraud_status?: FraudStatus;
  currency?: string;
  total?: string;
  captured_amount?: string;
  refunded_amount?: string;
  created_at?: Date;
  billing_email?: string;
  billing_first_name?: string;
  billing_last_name?: string;
  transaction_id?: string | null;
  card_last4?: string | null;
  payment_method_id?: number;
  order_state?: OrderRow['state'];
}

/** An order with one payment, written straight to the database. */
export async function givenPayment(
  db: Db,
  method: PaymentMethodRow,
  given: GivenPayment = {},
): Promise<{ order: OrderRow; payment: PaymentRow }> {
  const currency = given.currency ?? 'USD';
  const total = given.total ?? '120.00';
  orderSequence += 1;
  const order = await db
    .insertInto('orders')
    .values({
      number: `R${String(100_000_000 + orderSequence + Math.floor(Math.random() * 800_000_000)).padStart(9, '0')}`,
      email: given.billing_email ?? 'ada@example.com',
      currency,
      item_total: total,
      total,
      state: given.order_state ?? 'complete',
      payment_state: 'balance_due',
      created_at: given.created_at ?? new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const values: NewPayment = {
    identifier: newPaymentIdentifier(),
    order_id: order.id,
    payment_method_id: given.payment_method_id ?? method.id,
    status: given.status ?? 'preauth',
    fraud_status: given.fraud_status ?? 'unknown',
    currency,
    total,
    captured_amount: given.captured_amount ?? '0',
    refunded_amount: given.refunded_amount ?? '0',
    billing_first_name: given.billing_first_name ?? 'Ada',
    billing_last_name: given.billing_last_name ?? 'Lovelace',
    ...(given.transaction_id === undefined ? {} : { transaction_id: given.transaction_id }),
    billing_email: given.billing_email ?? 'ada@example.com',
    billing_country_code: 'GB',
    card_brand: 'visa',
    card_last4: given.card_last4 === undefined ? '4242' : given.card_last4,
    card_exp_month: 12,
    card_exp_year: 2030,
    extra_data: '{}',
    created_at: given.created_at ?? new Date(),
  };
  const payment = await db.insertInto('payments').values(values).returningAll().executeTakeFirstOrThrow();
  return { order, payment };
}
