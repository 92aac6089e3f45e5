import { authorizationExpiresAt, formatAmount, Money, refundableAmount } from '@paydesk/domain';
import type { CsvColumns } from '../http/csv-export.ts';
import type { PaymentWithOrder } from './payments.repository.ts';

/**
 * A payment as api.md sends it: product.md's fields, amounts as exact decimal strings in the currency's
 * minor unit, what is left to refund, when the authorization lapses, and of the operation bookkeeping only
 * the kind of operation in flight or unknown.
 */
export function paymentToWire(row: PaymentWithOrder) {
  const { currency } = row;
  const money = (value: string) => Money.of(formatAmount(value, currency), currency);
  const captured = money(row.captured_amount);
  const refunded = money(row.refunded_amount);
  const reserved = money(row.reserved_amount);
  const expires =
    row.status === 'preauth'
      ? authorizationExpiresAt({ authorizedAt: row.created_at, authorizationTtlDays: row.authorization_ttl_days })
      : null;
  return {
    id: row.id,
    identifier: row.identifier,
    order_id: row.order_id,
    order_number: row.order_number,
    payment_method_id: row.payment_method_id,
    payment_method_type: row.payment_method_type,
    description: row.description,
    status: row.status,
    fraud_status: row.fraud_status,
    fraud_message: row.fraud_message,
    risk_score: row.risk_score,
    currency,
    total: formatAmount(row.total, currency),
    tax: formatAmount(row.tax, currency),
    delivery: formatAmount(row.delivery, currency),
    captured_amount: captured.toString(),
    refunded_amount: refunded.toString(),
    reserved_amount: reserved.toString(),
    refundable_amount: refundableAmount({ captured, refunded, reserved }).toString(),
    billing_first_name: row.billing_first_name,
    billing_last_name: row.billing_last_name,
    billing_address_1: row.billing_address_1,
    billing_address_2: row.billing_address_2,
    billing_city: row.billing_city,
    billing_postcode: row.billing_postcode,
    billing_country_code: row.billing_country_code,
    billing_country_area: row.billing_country_area,
    billing_email: row.billing_email,
    customer_ip_address: row.customer_ip_address,
    customer_ip_country: row.customer_ip_country,
    card_brand: row.card_brand,
    card_last4: row.card_last4,
    card_exp_month: row.card_exp_month,
    card_exp_year: row.card_exp_year,
    transaction_id: row.transaction_id,
    message: row.message,
    extra_data: row.extra_data,
    /** The gateway operation in flight (since `operation_started_at`), or whose outcome is unknown (no start). */
    operation: row.operation,
    operation_started_at: row.operation_started_at,
    /** After this the gateway no longer applies the operation's call; null: it cannot be told one. */
    operation_deadline: row.operation_deadline,
    authorization_expires_at: expires?.toISOString() ?? null,
    /** The dispute (chargeback) as the gateway last reported it; all null when never disputed. */
    dispute_id: row.dispute_id,
    dispute_status: row.dispute_status,
    dispute_amount: row.dispute_amount === null ? null : formatAmount(row.dispute_amount, currency),
    dispute_reason: row.dispute_reason,
    dispute_reported_at: row.dispute_reported_at,
    dispute_open: row.dispute_open,
    created_at: row.created_at,
    modified_at: row.modified_at,
  };
}

/** The payments export's columns (`GET /api/payments/export.csv`). */
export const PAYMENT_CSV_COLUMNS: CsvColumns = {
  id: 'number',
  identifier: 'text',
  order_number: 'text',
  created_at: 'time',
  status: 'text',
  fraud_status: 'text',
  currency: 'text',
  total: 'amount',
  tax: 'amount',
  delivery: 'amount',
  captured_amount: 'amount',
  refunded_amount: 'amount',
  refundable_amount: 'amount',
  payment_method_id: 'number',
  payment_method_type: 'text',
  billing_first_name: 'text',
  billing_last_name: 'text',
  billing_email: 'text',
  billing_country_code: 'text',
  card_brand: 'text',
  card_last4: 'text',
  transaction_id: 'text',
  risk_score: 'number',
  fraud_message: 'text',
  message: 'text',
  authorization_expires_at: 'time',
  dispute_status: 'text',
  modified_at: 'time',
};
