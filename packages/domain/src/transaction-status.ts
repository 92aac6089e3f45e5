import { PAYMENT_STATUSES, type PaymentStatus } from './payment-status.ts';

/**
 * What the intake API (`/api/v1/transactions`) tells a storefront: the transaction's status, derived from its
 * payment's. One table, documented in the README's intake section.
 */
export const TRANSACTION_STATUSES = [
  'started',
  'pending',
  'processing',
  'authorized',
  'completed',
  'refunded',
  'failed',
  'cancelled',
] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

const BY_PAYMENT_STATUS: Record<PaymentStatus, TransactionStatus> = {
  // Received; Paydesk has not heard from the gateway or operator yet.
  waiting: 'started',
  // The buyer must still act (confirm the carrier charge at payment_url).
  input: 'pending',
  // The outcome of a gateway call is unknown; Paydesk is finding out (reconciliation).
  error: 'processing',
  // The money is held (authorized), not yet taken.
  preauth: 'authorized',
  // Paid (a partial refund leaves it completed, with refunded_amount).
  confirmed: 'completed',
  refunded: 'refunded',
  // Declined by the gateway, declined or not confirmed in time by the buyer, or marked failed by staff.
  rejected: 'failed',
  void: 'cancelled',
  invalid: 'cancelled',
};

export function transactionStatus(status: PaymentStatus): TransactionStatus {
  return BY_PAYMENT_STATUS[status];
}

/** The payment statuses a transaction status stands for (for filtering by transaction status). */
export function paymentStatusesFor(status: TransactionStatus): PaymentStatus[] {
  return PAYMENT_STATUSES.filter((s) => BY_PAYMENT_STATUS[s] === status);
}
