import CurrencyExchangeIcon from '@mui/icons-material/CurrencyExchange';
import { lazy } from 'react';
import type { Refund } from '../types.ts';

export default {
  list: lazy(() => import('./RefundList.tsx')),
  show: lazy(() => import('./RefundShow.tsx')),
  icon: CurrencyExchangeIcon,
  recordRepresentation: (record: Refund) => `#${record.id}`,
};
