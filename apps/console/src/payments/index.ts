import PaymentIcon from '@mui/icons-material/Payment';
import { lazy } from 'react';
import type { Payment } from '../types.ts';

/** Payments: read-only list and show page (money moves only through commands, never PUT/DELETE). */
export default {
  list: lazy(() => import('./PaymentList.tsx')),
  show: lazy(() => import('./PaymentShow.tsx')),
  icon: PaymentIcon,
  recordRepresentation: (record: Payment) => record.identifier,
};
