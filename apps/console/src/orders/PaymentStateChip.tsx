import type { OrderPaymentState } from '@paydesk/domain';
import { makeChoiceChip, type ChipStyle } from '../common/ValueChip.tsx';

/** An order's derived payment state: paid green, balance due orange, failed red, credit owed blue. */
export const PAYMENT_STATE_STYLES: Record<OrderPaymentState, ChipStyle> = {
  paid: { color: 'success' },
  balance_due: { color: 'warning' },
  credit_owed: { color: 'info' },
  failed: { color: 'error' },
  void: { color: 'default', variant: 'outlined' },
};

export const PaymentStateChip = makeChoiceChip('payment_state', 'paydesk.payment_state', PAYMENT_STATE_STYLES);
