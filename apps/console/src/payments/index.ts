import PaymentIcon from '@mui/icons-material/Payment';
import { lazy } from 'react';
import type { Payment } from '../types.ts';

/** Payments: list and show page; money moves only through the command endpoints (payment-actions), never PUT/DELETE. */
export default {
  list: lazy(() => import('./PaymentList.tsx')),
  show: lazy(() => import('./PaymentShow.tsx')),
  icon: PaymentIcon,
  recordRepresentation: (record: Payment) => record.identifier,
};
