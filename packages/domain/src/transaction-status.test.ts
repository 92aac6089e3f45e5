import { describe, expect, it } from 'vitest';
import { PAYMENT_STATUSES } from './payment-status.ts';
import { paymentStatusesFor, TRANSACTION_STATUSES, transactionStatus } from './transaction-status.ts';

describe('transaction status from payment status', () => {
  it.each([
    ['waiting', 'started'],
    ['input', 'pending'],
    ['error', 'processing'],
    ['preauth', 'authorized'],
    ['confirmed', 'completed'],
    ['refunded', 'refunded'],
    ['rejected', 'failed'],
    ['void', 'cancelled'],
    ['invalid', 'cancelled'],
  ] as const)('a %s payment is a %s transaction', (payment, transaction) => {
    expect(transactionStatus(payment)).toBe(transaction);
  });

  it('maps every payment status, and every transaction status back to at least one payment status', () => {
    for (const status of PAYMENT_STATUSES) expect(TRANSACTION_STATUSES).toContain(transactionStatus(status));
    for (const status of TRANSACTION_STATUSES) {
      const payments = paymentStatusesFor(status);
      expect(payments.length).toBeGreaterThan(0);
      for (const payment of payments) expect(transactionStatus(payment)).toBe(status);
    }
    expect(paymentStatusesFor('cancelled')).toEqual(['void', 'invalid']);
  });
});
