import { formatAmount, refundable, Money } from '@paydesk/domain';
import type { PaymentWithOrder } from './payments.repository.ts';

/** A payment as api.md sends it: amounts as exact decimal strings in the currency's minor unit. */
export function paymentToWire(row: PaymentWithOrder) {
  const currency = row.currency;
  const captured = Money.of(formatAmount(row.captured_amount, currency), currency);
  const refunded = Money.of(formatAmount(row.refunded_amount, currency), currency);
  const { authorization_ttl_days, ...payment } = row;
  return {
    ...payment,
    total: formatAmount(row.total, currency),
    tax: formatAmount(row.tax, currency),
    delivery: formatAmount(row.delivery, currency),
    captured_amount: captured.toString(),
    refunded_amount: refunded.toString(),
    refundable_amount: refundable(captured, refunded).toString(),
    /** When an uncaptured authorization lapses (the payment method's authorization_ttl_days). */
    authorization_expires_at:
      row.status === 'preauth' && authorization_ttl_days !== null
        ? new Date(row.created_at.getTime() + authorization_ttl_days * 86_400_000).toISOString()
        : null,
  };
}
