import { formatAmount, transactionStatus, type FraudStatus, type PaymentStatus } from '@paydesk/domain';
import type { TransactionRow } from '../db/schema.ts';

/** What of the payment a storefront sees on its transaction. */
export interface TransactionPayment {
  status: PaymentStatus;
  fraud_status: FraudStatus | string;
  captured_amount: string;
  refunded_amount: string;
}

export const transactionUri = (id: number) => `/api/v1/transactions/${id}`;

/**
 * The transaction as the carrier-billing API answers it: the seed's fields, its status from the payment's
 * (`transactionStatus`, the README's table), and `payment_url` while the buyer must act there. The POST's
 * answer — the first time and on a replay — says `started`: processing goes on from there.
 */
export function transactionToWire(t: TransactionRow, payment: TransactionPayment, { started = false } = {}) {
  const status = started ? 'started' : transactionStatus(payment.status);
  return {
    status,
    token: t.token,
    price: formatAmount(t.price, t.currency),
    currency: t.currency,
    pay_method: t.pay_method,
    carrier: t.carrier,
    region: t.region,
    product_id: t.product_id,
    resource_pk: String(t.id),
    resource_uri: transactionUri(t.id),
    external_id: t.external_id,
    ...(t.payment_url && (started || status === 'pending') ? { payment_url: t.payment_url } : {}),
    payment_status: payment.status,
    fraud_status: payment.fraud_status,
    captured_amount: formatAmount(payment.captured_amount, t.currency),
    refunded_amount: formatAmount(payment.refunded_amount, t.currency),
    created_at: t.created_at,
  };
}
