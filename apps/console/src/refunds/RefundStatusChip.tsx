import type { RefundStatus } from '@paydesk/domain';
import { makeChoiceChip, type ChipStyle } from '../common/ValueChip.tsx';

export const REFUND_STATUS_STYLES: Record<RefundStatus, ChipStyle> = {
  pending: { color: 'warning', variant: 'outlined' },
  succeeded: { color: 'success' },
  failed: { color: 'error' },
};

export const RefundStatusChip = makeChoiceChip('status', 'paydesk.refund_status', REFUND_STATUS_STYLES);
