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

export interface GivenAttempts {
  /** When each attempt happened: one time for all, or per attempt. */
  at: Date | ((i: number) => Date);
  attempts: number;
  failures: number;
  message?: string;
  error_code?: string;
  action?: 'authorize' | 'purchase' | 'capture' | 'void' | 'refund';
}

/** Order numbers of their own: above givenPayment's, which fall below 900,000,000. */
let attemptOrderNumber = 950_000_000;

/**
 * Attempts written straight to the database, each with its own order and payment, in three statements:
 * the failed ones first (payment rejected, order payment_state failed), then the successful ones.
 * Returns the failed payments' ids.
 */
export async function givenAttempts(db: Db, method: PaymentMethodRow, given: GivenAttempts): Promise<number[]> {
  const rows = Array.from({ length: given.attempts }, (_, i) => ({
    at: typeof given.at === 'function' ? given.at(i) : given.at,
    failed: i < given.failures,
  }));
  if (rows.length === 0) return [];
  const orders = await db
    .insertInto('orders')
    .values(
      rows.map(({ at, failed }) => ({
        number: `R${++attemptOrderNumber}`,
        email: 'ada@example.com',
        currency: 'USD',
        item_total: '20.00',
        total: '20.00',
        state: 'complete' as const,
        payment_state: failed ? ('failed' as const) : ('paid' as const),
        created_at: new Date(at.getTime() - 30_000),
      })),
    )
    .returning('id')
    .execute();
  const payments = await db
    .insertInto('payments')
    .values(
      rows.map(({ at, failed }, i) => ({
        identifier: newPaymentIdentifier(),
        order_id: orders[i]!.id,
        payment_method_id: method.id,
        status: failed ? ('rejected' as const) : ('confirmed' as const),
        currency: 'USD',
        total: '20.00',
        captured_amount: failed ? '0' : '20.00',
        extra_data: '{}',
        created_at: new Date(at.getTime() - 5_000),
      })),
    )
    .returning('id')
    .execute();
  await db
    .insertInto('log_entries')
    .values(
      rows.map(({ at, failed }, i) => ({
        payment_id: payments[i]!.id,
        payment_method_id: method.id,
        action: given.action ?? 'purchase',
        success: !failed,
        amount: '20.00',
        currency: 'USD',
        message: failed ? (given.message ?? 'Issuer unavailable') : 'Transaction approved',
        error_code: failed ? (given.error_code ?? 'processing_error') : 'approved',
        params: '{}',
        created_at: at,
      })),
    )
    .execute();
  return payments.slice(0, given.failures).map((p) => p.id);
}
