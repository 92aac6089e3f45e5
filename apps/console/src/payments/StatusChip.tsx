import type { PaymentStatus } from '@paydesk/domain';
import { makeChoiceChip, type ChipStyle } from '../common/ValueChip.tsx';

/** Confirmed green, preauth blue, waiting/input grey, rejected/error red, finished ones plain. */
export const PAYMENT_STATUS_STYLES: Record<PaymentStatus, ChipStyle> = {
  waiting: { color: 'default' },
  input: { color: 'default' },
  preauth: { color: 'info' },
  confirmed: { color: 'success' },
  rejected: { color: 'error' },
  error: { color: 'error' },
  refunded: { color: 'default', variant: 'outlined' },
  void: { color: 'default', variant: 'outlined' },
  invalid: { color: 'default', variant: 'outlined' },
};

export const StatusChip = makeChoiceChip('status', 'paydesk.payment_status', PAYMENT_STATUS_STYLES);
