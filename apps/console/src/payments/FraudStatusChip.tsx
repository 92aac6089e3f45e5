import type { FraudStatus } from '@paydesk/domain';
import { makeChoiceChip, type ChipStyle } from '../common/ValueChip.tsx';

/** Review orange, reject red, accept green; unknown (no fraud service involved) plain. */
export const FRAUD_STATUS_STYLES: Record<FraudStatus, ChipStyle> = {
  unknown: { color: 'default', variant: 'outlined' },
  accept: { color: 'success', variant: 'outlined' },
  reject: { color: 'error' },
  review: { color: 'warning' },
};

export const FraudStatusChip = makeChoiceChip('fraud_status', 'paydesk.fraud_status', FRAUD_STATUS_STYLES);
