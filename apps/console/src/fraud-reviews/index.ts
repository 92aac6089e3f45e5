import PolicyIcon from '@mui/icons-material/Policy';
import { lazy } from 'react';
import type { Payment } from '../types.ts';

/** Fraud reviews: the queue only; each row opens the payment's own show page. */
export default {
  list: lazy(() => import('./FraudReviewList.tsx')),
  icon: PolicyIcon,
  recordRepresentation: (record: Payment) => record.identifier,
};
